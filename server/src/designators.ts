// Designators read back from the text: `.init = raw_init` in `static struct proto raw_prot = {` is a
// designator of struct proto, `.gro_receive` in `.callbacks = { … }` one of its member struct.
import { identifierBefore, matchingOpen, skipBlankBack, skipSpaceBack } from "./backwardScan.js";
import { declarationStart } from "./declarationText.js";
import { structDefinedWithVariable, typeNameOf, typeOfDeclaration } from "./declaredTypes.js";

const MAX_PARTS = 16;

export interface Designator {
  /** The struct (or typedef) the outermost braces initialize; undefined for an anonymous one. */
  baseType?: string;
  /** `static struct { … } icmp_global = { .lock = … }`: the variable whose anonymous struct it is, and where
   * its name starts (the struct's name depends on the function around it: structs.ts, variableTypeName). */
  anonymousVariable?: { name: string; start: number };
  /** Designators from there to the braces holding the member: ["callbacks"] in `.callbacks = { .x`. */
  path: string[];
}

const INITIALIZER_SCAN_LIMIT = 50_000;

/** The designator whose name starts at `memberStart` (`{ .init = …` or `, .init = …`), if it is one. */
export function designatorAt(text: string, memberStart: number): Designator | undefined {
  const own = designatorParts(text, memberStart);
  if (!own) return undefined;
  const designator = designatorHolder(text, own.dot);
  return designator && { ...designator, path: [...designator.path, ...own.parts] };
}

/** The parts of a designator before the member whose name starts at `memberStart` (["arg"] in
 * `.arg.data = tss`), and where its leading dot is; undefined when the name follows no designator. */
function designatorParts(text: string, memberStart: number): { parts: string[]; dot: number } | undefined {
  const parts: string[] = [];
  let at = skipSpaceBack(text, memberStart);
  for (let step = 0; step < MAX_PARTS; step++) {
    if (text[at - 1] !== "." || text[at - 2] === ".") return undefined;
    if (isDesignatorDot(text, at - 1)) return { parts, dot: at - 1 };
    const part = identifierBefore(text, skipSpaceBack(text, at - 1));
    if (!part) return undefined;
    parts.unshift(part.name);
    at = skipSpaceBack(text, part.start);
  }
  return undefined;
}

/** What the braces around the designator whose dot is at `dot` initialize. */
function designatorHolder(text: string, dot: number): Designator | undefined {
  const at = skipBlankBack(text, dot);
  const path: string[] = [];
  let depth = 0;
  const limit = Math.max(0, at - INITIALIZER_SCAN_LIMIT);
  for (let i = at - 1; i >= limit; i--) {
    const c = text[i];
    if (c === "/" && text[i - 1] === "*") {
      i = text.lastIndexOf("/*", i - 2);
      if (i < 0) return undefined;
    } else if (c === "}" || c === ")" || c === "]") depth++;
    else if ((c === "(" || c === "[") && depth > 0) depth--;
    else if (c === "{" && depth > 0) depth--;
    else if (c === "{") {
      // The braces holding the member: what comes before them says what they initialize.
      const before = skipBlankBack(text, i);
      if (text[before - 1] === "{" || text[before - 1] === ",") continue; // an array's element
      if (text[before - 1] === ")") {
        const open = matchingOpen(text, before - 1, "(", ")");
        const cast = open === undefined ? undefined : typeNameOf(text.slice(open + 1, before - 1));
        return cast ? { baseType: cast, path } : undefined;
      }
      if (text[before - 1] !== "=") return undefined;
      const target = skipSpaceBack(text, before - 1);
      const designator = identifierBefore(text, target);
      const outer = designator && designatorParts(text, designator.start);
      if (designator && outer) {
        // `.callbacks = {` (or `.a.b = {`): the designator names the braces' struct, from the outer one.
        path.unshift(...outer.parts, designator.name);
        i = outer.dot;
        continue;
      }
      const index = text[target - 1] === "]" ? matchingOpen(text, target - 1, "[", "]") : undefined;
      const beforeIndex = index === undefined ? "" : text[skipBlankBack(text, index) - 1];
      if (index !== undefined && (beforeIndex === "{" || beforeIndex === ",")) {
        // `[IPPROTO_TCP] = { … }`: an element of an array (not `inetsw_array[] = {`); its braces come next.
        i = index;
        continue;
      }
      const type = typeOfDeclaration(text.slice(declarationStart(text, target), target));
      if (type) return { baseType: type, path };
      const defined = structDefinedWithVariable(text, target);
      if (defined?.tag) return { baseType: defined.tag, path };
      return defined ? { anonymousVariable: defined.variable, path } : undefined;
    }
  }
  return undefined;
}

/** Whether the `.` at `dot` starts a designator: `{` or `,` before it, past comments and directive lines
 * (`.mmap = sock_mmap` after `#endif` in net/socket.c is no member of `endif`). */
export function isDesignatorDot(text: string, dot: number): boolean {
  const before = text[skipBlankBack(text, dot) - 1];
  return before === "," || before === "{";
}

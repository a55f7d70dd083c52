// How a member access under the cursor is written, read back from the text: `sk->sk_lock.owned` is
// base `sk`, path ["sk_lock"]; `inet_csk(sk)->icsk_accept_queue.qlen` is a call to inet_csk, path
// ["icsk_accept_queue"]; `.init = raw_init` in `static struct proto raw_prot = {` is a designator of
// struct proto. The receiver's type then picks the one struct whose field it is, among the 290 structs
// with a field named `len`.
import { declarationStart, withoutComments } from "./declarationText.js";
import { ARGUMENT_TYPED_MACROS, isIdentifierPart, MEMBER_NAMING_MACROS } from "./kernelMacros.js";
import { closingParen, topLevelArguments } from "./macroArguments.js";

export interface MemberAccess {
  /** The variable or function the chain starts from, and where its name starts. */
  base: string;
  baseStart: number;
  /** `inet_csk(sk)->…`: the base is a call, typed by the function's return type. */
  baseIsCall?: true;
  /** `((struct tcp_sock *)sk)->…`: the cast names the base's struct. */
  castStruct?: string;
  /** Fields from the base to the struct holding the member. */
  path: string[];
}

const MAX_STEPS = 16;
const KEYWORDS = new Set(["if", "while", "for", "switch", "return", "sizeof", "typeof", "__typeof__"]);

/** The access ending in the member whose name starts at `memberStart`, or undefined if it is none. */
export function memberAccessAt(text: string, memberStart: number): MemberAccess | undefined {
  const path: string[] = [];
  let at = memberStart;
  for (let step = 0; step < MAX_STEPS; step++) {
    const nameStart = at;
    at = skipSpaceBack(text, at);
    if (text.startsWith("->", at - 2)) at -= 2;
    else if (text[at - 1] === "." && text[at - 2] !== ".") {
      // `.arg.data = tss` or `.mmap = …` after an `#endif`: a designator's parts (designatorAt).
      if (isDesignatorDot(text, at - 1)) return undefined;
      at -= 1;
    } else return step === 0 ? undefined : { base: path.shift()!, baseStart: nameStart, path };
    at = skipSpaceBack(text, at);
    // `tbl[i].field`: the subscript does not change the type the chain walks.
    while (text[at - 1] === "]") {
      const open = matchingOpen(text, at - 1, "[", "]");
      if (open === undefined) return undefined;
      at = skipSpaceBack(text, open);
    }
    if (text[at - 1] === ")") {
      const open = matchingOpen(text, at - 1, "(", ")");
      if (open === undefined) return undefined;
      const before = identifierBefore(text, skipSpaceBack(text, open));
      if (before && !KEYWORDS.has(before.name)) {
        return (
          throughMacroCall(text, before.name, open, at - 1, path) ?? {
            base: before.name,
            baseStart: before.start,
            baseIsCall: true,
            path,
          }
        );
      }
      return parenthesized(text.slice(open + 1, at - 1), open + 1, path);
    }
    const identifier = identifierBefore(text, at);
    if (!identifier) return undefined;
    path.unshift(identifier.name);
    at = identifier.start;
  }
  return undefined;
}

/** A member after a call of a macro that yields its argument or a container of it:
 * `rcu_dereference(sk->sk_wq)->wait` is sk->sk_wq's, `this_cpu_ptr(&softnet_data)->…` softnet_data's
 * (ARGUMENT_TYPED_MACROS), `container_of(p, struct eppoll_entry, wait)->base` struct eppoll_entry's. */
function throughMacroCall(
  text: string,
  macro: string,
  open: number,
  close: number,
  path: string[],
): MemberAccess | undefined {
  const named = MEMBER_NAMING_MACROS.get(macro);
  const passes = ARGUMENT_TYPED_MACROS.has(macro);
  if (!passes && !named?.yieldsContainer) return undefined;
  const args = topLevelArguments(text, open, close);
  if (named) {
    const type = args[named.typeArgument];
    const struct = type && typeNameOf(text.slice(...type));
    return struct ? { base: "", baseStart: open, castStruct: struct, path } : undefined;
  }
  const [argument] = args;
  if (!argument) return undefined;
  // `inet_protos[proto]`: the subscript does not change the type.
  let end = argument[1];
  while (text[end - 1] === "]") {
    const index = matchingOpen(text, end - 1, "[", "]");
    if (index === undefined) return undefined;
    end = skipSpaceBack(text, index);
  }
  const last = identifierBefore(text, end);
  if (!last || last.start < argument[0]) return undefined;
  if (/^[&*\s(]*$/.test(text.slice(argument[0], last.start)))
    return { base: last.name, baseStart: last.start, path };
  const inner = memberAccessAt(text, last.start);
  return inner && { ...inner, path: [...inner.path, last.name, ...path] };
}

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
  for (let step = 0; step < MAX_STEPS; step++) {
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

/** A member named in a macro's argument, with the struct type another argument gives:
 * `offsetof(struct tcp_sock, snd_wnd)`, `container_of(head, struct tcp_sock, tsq_node)`,
 * `offsetof(union pptp_ctrl_union, clrreq.callID)` (kernelMacros.ts: MEMBER_NAMING_MACROS). */
export function memberArgumentAt(
  text: string,
  memberStart: number,
): { struct: string; path: string[] } | undefined {
  const path: string[] = [];
  let at = memberStart;
  for (let step = 0; step < MAX_STEPS; step++) {
    const dot = skipSpaceBack(text, at);
    if (text[dot - 1] !== "." || text[dot - 2] === ".") break;
    if (isDesignatorDot(text, dot - 1)) return undefined;
    const outer = identifierBefore(text, skipSpaceBack(text, dot - 1));
    if (!outer) return undefined;
    path.unshift(outer.name);
    at = outer.start;
  }
  const argument = argumentAround(text, at);
  if (!argument) return undefined;
  const callee = identifierBefore(text, skipSpaceBack(text, argument.open));
  const macro = callee && MEMBER_NAMING_MACROS.get(callee.name);
  if (!macro || argument.index !== macro.memberArgument) return undefined;
  const close = closingParen(text, argument.open);
  const type =
    close === undefined ? undefined : topLevelArguments(text, argument.open, close)[macro.typeArgument];
  const struct = type && typeNameOf(text.slice(...type));
  return struct ? { struct, path } : undefined;
}

const ARGUMENT_SCAN_LIMIT = 2_000;

/** The `(` of the call whose argument list holds `at`, and which argument (from 0) `at` is in; undefined
 * past the statement's start. */
function argumentAround(text: string, at: number): { open: number; index: number } | undefined {
  let depth = 0;
  let index = 0;
  for (let i = at - 1; i >= Math.max(0, at - ARGUMENT_SCAN_LIMIT); i--) {
    const c = text[i];
    if (c === ")" || c === "]") depth++;
    else if (c === "(" || c === "[") {
      if (depth === 0) return c === "(" ? { open: i, index } : undefined;
      depth--;
    } else if (c === "," && depth === 0) index++;
    else if (c === ";" || c === "{" || c === "}") return undefined;
  }
  return undefined;
}

const NOT_TYPES = new Set(["static", "const", "volatile", "extern", "register", "struct", "union", "enum"]);

/** The type a declaration's text before its declared name gives: `static const struct proto` → proto,
 * `const notify_t *` → notify_t; undefined for an anonymous one (`union { int val; struct linger l; }`). */
export function typeNameOf(typePart: string): string | undefined {
  const clean = withoutAttributes(typePart);
  if (clean.includes("{")) return undefined;
  const tagged = [...clean.matchAll(/\b(?:struct|union)\s+(\w+)/g)].at(-1);
  if (tagged) return tagged[1];
  return (clean.match(/[A-Za-z_]\w*/g) ?? []).filter((word) => !NOT_TYPES.has(word)).at(-1);
}

/** The variable declared right before `end` (attributes such as `__read_mostly` after it skipped) together
 * with the struct or union it defines: `struct { … } icmp_global` (anonymous) or
 * `struct neigh_sysctl_table { … } neigh_sysctl_template` (its tag). */
function structDefinedWithVariable(
  text: string,
  end: number,
): { variable: { name: string; start: number }; tag?: string } | undefined {
  let variable = identifierBefore(text, end);
  while (variable && isAttribute(variable.name)) {
    const named = identifierBefore(text, skipSpaceBack(text, variable.start));
    if (!named) break;
    variable = named;
  }
  if (!variable) return undefined;
  let close = skipSpaceBack(text, variable.start);
  while (text[close - 1] === "*") close = skipSpaceBack(text, close - 1);
  if (text[close - 1] !== "}") return undefined;
  const open = matchingOpen(text, close - 1, "{", "}");
  if (open === undefined) return undefined;
  const word = identifierBefore(text, skipSpaceBack(text, open));
  if (word?.name === "struct" || word?.name === "union") return { variable };
  const keyword = word && identifierBefore(text, skipSpaceBack(text, word.start));
  return keyword?.name === "struct" || keyword?.name === "union" ? { variable, tag: word!.name } : undefined;
}

/** `__read_mostly`, `____cacheline_aligned_in_smp`: kernel attribute macros are spelled with leading `__`. */
function isAttribute(word: string): boolean {
  return word.startsWith("__");
}

/** The first variable a declaration of an anonymous struct or union names, which names its type
 * (structs.ts: variableTypeName): `struct { struct tcphdr th; __be32 opt[…]; } rep` → rep. */
export function anonymousTypeVariable(declaration: string): string | undefined {
  const open = /^(?:\s*\b(?:static|const|volatile)\b)*\s*(?:struct|union)\s*\{/.exec(declaration);
  if (!open) return undefined;
  let depth = 0;
  for (let i = open[0].length - 1; i < declaration.length; i++) {
    if (declaration[i] === "{") depth++;
    else if (declaration[i] === "}" && --depth === 0) {
      return /^[\s*]*(?:\b(?:const|volatile)\b[\s*]*)*([A-Za-z_]\w*)/.exec(declaration.slice(i + 1))?.[1];
    }
  }
  return undefined;
}

/** The struct or typedef a declaration gives `name`: `const struct sock *sk` → sock, `notify_t *n` →
 * notify_t, `struct in_ifaddr *prim = ifa, *prim1 = NULL` → in_ifaddr for either; undefined when the
 * declaration does not declare `name` (an initializer may name other types: container_of(…, struct x, …)). */
export function declaredTypeName(declaration: string, name: string): string | undefined {
  const declarators = topLevelDeclarators(declaration);
  if (!declarators.some((d) => new RegExp(`\\b${name}\\b`).test(d))) return undefined;
  return typeOfDeclaration(declarators[0]!);
}

/** The declarators of a declaration, split at top-level commas, initializers left out; the first keeps
 * the type: `struct in_ifaddr *prim = ifa, *prim1 = NULL` → ["struct in_ifaddr *prim", " *prim1"]. */
function topLevelDeclarators(declaration: string): string[] {
  const parts: string[] = [];
  let current = "";
  let depth = 0;
  let initializer = false;
  for (const c of declaration) {
    if (c === "(" || c === "[" || c === "{") depth++;
    else if ((c === ")" || c === "]" || c === "}") && depth > 0) depth--;
    if (depth === 0 && c === ",") {
      parts.push(current);
      current = "";
      initializer = false;
      continue;
    }
    if (depth === 0 && c === "=") initializer = true;
    if (!initializer) current += c;
  }
  parts.push(current);
  return parts;
}

/** `static struct ctl_table net_core_table[] __net_initdata` → ctl_table: its last name is the declarator. */
function typeOfDeclaration(declaration: string): string | undefined {
  const clean = withoutAttributes(declaration);
  const declarator = /[A-Za-z_]\w*\W*$/.exec(clean);
  return declarator ? typeNameOf(clean.slice(0, declarator.index)) : undefined;
}

/** Comments, array bounds and attributes (`__read_mostly`, `__aligned(8)`) left out. */
function withoutAttributes(text: string): string {
  return withoutComments(text)
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b__\w+(\s*\([^)]*\))?/g, " ");
}

/** `(*sk)->x`, `(sk)->x`, or a cast of any expression: `((struct tcp_sock *)sk)->x`,
 * `((struct seq_file *)file->private_data)->private`; anything else is not followed. */
function parenthesized(inner: string, innerStart: number, path: string[]): MemberAccess | undefined {
  const cast = /^\s*\(\s*(?:const\s+)?(?:struct|union)\s+(\w+)\s*\*\s*\)[\s(&*]*([A-Za-z_]\w*)?/.exec(inner);
  if (cast) {
    // The cast alone types the member: `((struct sock *)0)->sk_prot` has no variable to look up.
    const base = cast[2] ?? "";
    return { base, baseStart: innerStart + cast[0].length - base.length, castStruct: cast[1]!, path };
  }
  const plain = /^\s*\*?\s*(\w+)\s*$/.exec(inner);
  if (!plain) return undefined;
  const base = plain[1]!;
  return { base, baseStart: innerStart + inner.lastIndexOf(base), path };
}

/** Whether the `.` at `dot` starts a designator: `{` or `,` before it, past comments and directive lines
 * (`.mmap = sock_mmap` after `#endif` in net/socket.c is no member of `endif`). */
function isDesignatorDot(text: string, dot: number): boolean {
  const before = text[skipBlankBack(text, dot) - 1];
  return before === "," || before === "{";
}

/** Back over white space, comments and directive lines: a comment after an array's element, the
 * `#ifdef CONFIG_NET` lines that sit between its elements. */
function skipBlankBack(text: string, at: number): number {
  for (;;) {
    at = skipSpaceBack(text, at);
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    if (/^[ \t]*#/.test(text.slice(lineStart, at))) at = lineStart;
    else if (text.startsWith("*/", at - 2)) {
      const open = text.lastIndexOf("/*", at - 3);
      if (open < 0) return at;
      at = open;
    } else return at;
  }
}

function skipSpaceBack(text: string, at: number): number {
  while (at > 0 && /\s/.test(text[at - 1]!)) at--;
  return at;
}

function identifierBefore(text: string, end: number): { name: string; start: number } | undefined {
  let start = end;
  while (start > 0 && isIdentifierPart(text[start - 1]!)) start--;
  if (start === end || /[0-9]/.test(text[start]!)) return undefined;
  return { name: text.slice(start, end), start };
}

/** The `open` bracket matching the `close` at `at`, scanning back on the same few lines. */
function matchingOpen(text: string, at: number, open: string, close: string): number | undefined {
  let depth = 0;
  for (let i = at; i >= Math.max(0, at - 2_000); i--) {
    if (text[i] === close) depth++;
    else if (text[i] === open && --depth === 0) return i;
  }
  return undefined;
}

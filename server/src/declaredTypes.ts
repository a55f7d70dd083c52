// The type a declaration's text gives a name, read from the text as hovers and member typing see it:
// `const struct sock *sk` → sock, `notify_t *n` → notify_t, `struct { … } rep` → rep's anonymous struct.
import { identifierBefore, matchingOpen, skipSpaceBack } from "./backwardScan.js";
import { withoutComments } from "./declarationText.js";
import { isAttributeMacro, isFunctionLikeAttribute, matchingParen } from "./kernelMacros.js";

const NOT_TYPES = new Set(["static", "const", "volatile", "extern", "register", "struct", "union", "enum"]);

/** The type a declaration's text before its declared name gives: `static const struct proto` → proto,
 * `const notify_t *` → notify_t; undefined for an anonymous one (`union { int val; struct linger l; }`). */
export function typeNameOf(typePart: string): string | undefined {
  const clean = withoutAttributes(typePart);
  if (clean.includes("{")) return undefined;
  const tagged = [...clean.matchAll(/\b(?:struct|union)\s+(\w+)/g)].at(-1);
  if (tagged) return tagged[1];
  // `(typeof(fifo)) { … }` (include/linux/kfifo.h): the type is an expression's, which the text does not say.
  if (/\b(?:typeof|__typeof|__typeof__)\b/.test(clean)) return undefined;
  return (clean.match(/[A-Za-z_]\w*/g) ?? []).filter((word) => !NOT_TYPES.has(word)).at(-1);
}

/** The variable declared right before `end` (attributes such as `__read_mostly` after it skipped) together
 * with the struct or union it defines: `struct { … } icmp_global` (anonymous) or
 * `struct neigh_sysctl_table { … } neigh_sysctl_template` (its tag). */
export function structDefinedWithVariable(
  text: string,
  end: number,
): { variable: { name: string; start: number }; tag?: string } | undefined {
  // An array's dimensions come after its name: `} garp_applicant_state_table[A + 1][B + 1]` (net/802/garp.c).
  let nameEnd = skipSpaceBack(text, end);
  while (text[nameEnd - 1] === "]") {
    const open = matchingOpen(text, nameEnd - 1, "[", "]");
    if (open === undefined) return undefined;
    nameEnd = skipSpaceBack(text, open);
  }
  let variable = identifierBefore(text, nameEnd);
  while (variable && isAttribute(variable.name)) {
    const named = identifierBefore(text, skipSpaceBack(text, variable.start));
    if (!named) break;
    variable = named;
  }
  if (!variable) return undefined;
  let close = beforeAttributes(text, variable.start);
  while (text[close - 1] === "*") close = skipSpaceBack(text, close - 1);
  if (text[close - 1] !== "}") return undefined;
  const open = matchingOpen(text, close - 1, "{", "}");
  if (open === undefined) return undefined;
  const word = identifierBefore(text, skipSpaceBack(text, open));
  if (word?.name === "struct" || word?.name === "union") return { variable };
  const keyword = word && identifierBefore(text, skipSpaceBack(text, word.start));
  return keyword?.name === "struct" || keyword?.name === "union" ? { variable, tag: word!.name } : undefined;
}

/** Attributes between a struct's body and the variable it declares: `} __aligned(SIPHASH_ALIGNMENT) combined`
 * (net/core/secure_seq.c), `} __attribute__ ((__packed__)) buf` (net/ipv4/netfilter/nf_nat_h323.c). */
const WORD_AT = /\s*([A-Za-z_]\w*)/y;
const OPEN_AT = /\s*\(/y;

/** Where the text from `from` goes on past such attributes. */
function afterAttributes(text: string, from: number): number {
  let at = from;
  for (;;) {
    WORD_AT.lastIndex = at;
    const word = WORD_AT.exec(text);
    if (!word) return at;
    if (isAttributeMacro(word[1]!)) {
      at = WORD_AT.lastIndex;
      continue;
    }
    OPEN_AT.lastIndex = WORD_AT.lastIndex;
    if (!isFunctionLikeAttribute(word[1]!) || !OPEN_AT.test(text)) return at;
    at = matchingParen(text, OPEN_AT.lastIndex - 1) + 1;
  }
}

/** Where the text before `end` ends, back past such attributes. */
function beforeAttributes(text: string, end: number): number {
  let at = skipSpaceBack(text, end);
  for (;;) {
    const open = text[at - 1] === ")" ? matchingOpen(text, at - 1, "(", ")") : undefined;
    const word = identifierBefore(text, open === undefined ? at : skipSpaceBack(text, open));
    const attribute =
      word && (open === undefined ? isAttributeMacro(word.name) : isFunctionLikeAttribute(word.name));
    if (!attribute) return at;
    at = skipSpaceBack(text, word.start);
  }
}

/** `__read_mostly`, `____cacheline_aligned_in_smp`: kernel attribute macros are spelled with leading `__`. */
function isAttribute(word: string): boolean {
  return word.startsWith("__");
}

/** The struct every `struct x *name` declaration in a file's text gives `name`, when there is one and they all
 * agree: what `skb` means in a comment of net/ipv4/ipip.c, `tbl` in one of net/core/neighbour.c. */
export function structDeclaredThroughout(text: string, name: string): string | undefined {
  const declarations = new RegExp(
    `\\b(?:struct|union)\\s+(\\w+)[\\s*]*(?:\\bconst\\b[\\s*]*)*\\b${name}\\s*[,;=)[]`,
    "g",
  );
  let agreed: string | undefined;
  for (const declaration of text.matchAll(declarations)) {
    if (agreed !== undefined && declaration[1] !== agreed) return undefined;
    agreed = declaration[1];
  }
  return agreed;
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
      const declarator = declaration.slice(afterAttributes(declaration, i + 1));
      return /^[\s*]*(?:\b(?:const|volatile)\b[\s*]*)*([A-Za-z_]\w*)/.exec(declarator)?.[1];
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
export function typeOfDeclaration(declaration: string): string | undefined {
  const clean = withoutAttributes(declaration);
  const declarator = /[A-Za-z_]\w*\W*$/.exec(clean);
  return declarator ? typeNameOf(clean.slice(0, declarator.index)) : undefined;
}

/** Comments, array bounds and attributes (`__read_mostly`, `__aligned(8)`) left out: a `__` word is one
 * when the curated list says so or a name follows it, so a declared name such as `___entry` (net/dccp/feat.c)
 * stays, and so does a tag (`const struct __ip6_tnl_parm *p` in net/ipv6/ip6_gre.c). */
function withoutAttributes(text: string): string {
  return withoutComments(text)
    .replace(/\[[^\]]*\]/g, " ")
    .replace(
      /\b(__\w+)(\s*\([^)]*\))?/g,
      (written, word: string, _arguments, offset: number, whole: string) =>
        isAttributeMacro(word) ||
        (/[A-Za-z_]/.test(whole.slice(offset + written.length)) &&
          !AFTER_TAG_KEYWORD.test(whole.slice(0, offset)))
          ? " "
          : written,
    );
}

const AFTER_TAG_KEYWORD = /\b(?:struct|union|enum)\s+$/;

// The names a definition's parameter list declares, read from the text. The index leaves these lists out of
// the parse (they are a third of the nodes tree-sitter builds over net/ + include/) and needs their names only
// where a body stores or names one (`n->poll = poll;` in net/core/dev.c: netif_napi_add).
import { DeclarationHead } from "./declarationHead.js";
import { NON_TYPE_SPECIFIERS, isAttributeMacro, isFunctionLikeAttribute } from "./kernelMacros.js";
import { topLevelArguments } from "./macroArguments.js";

const TYPEOF: ReadonlySet<string> = new Set(["typeof", "__typeof__", "__typeof"]);

const TOKEN = /[A-Za-z_$][\w$]*|\/\*[\s\S]*?\*\/|\/\/[^\n]*|\S/g;

/** By position, `""` for a parameter without a name (`void`, `struct sock *`, `...`); `[]` for `()`.
 * `open` and `close` are the offsets of the list's parentheses. */
export function parameterNamesIn(text: string, open: number, close: number): string[] {
  if (text.slice(open + 1, close).trim() === "") return [];
  return topLevelArguments(text, open, close).map(([from, to]) => parameterName(text.slice(from, to)));
}

/** `struct sock *sk` → sk, `void (*destructor)(struct sock *)` → destructor, `char buf[IFNAMSIZ]` → buf. */
export function parameterName(parameter: string): string {
  const tokens = withoutAttributes(parameter.match(TOKEN) ?? []);
  const head = new DeclarationHead();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (TYPEOF.has(token) && tokens[i + 1] === "(") {
      i = groupEnd(tokens, i + 1);
      head.type();
    } else if (token === "(") {
      // `void (*destructor)(struct sock *)`, or a function type: `int getfrag(void *from, …)`.
      return tokens[i + 1] === "*" ? functionPointerName(tokens, i) : head.name();
    } else if (token === "[") {
      // Array bounds name constants, not the parameter.
      while (i < tokens.length && tokens[i] !== "]") i++;
    } else if (isWord(token)) {
      head.word(token);
    }
  }
  return head.name();
}

/** The name in `(* name)` or `(* const name)` opening at `open`; an abstract declarator (`void (*)(int)`)
 * has none. */
function functionPointerName(tokens: readonly string[], open: number): string {
  for (let i = open + 2; i < tokens.length && tokens[i] !== ")"; i++) {
    const token = tokens[i]!;
    if (isWord(token) && !NON_TYPE_SPECIFIERS.has(token)) return token;
  }
  return "";
}

/** The index of the `)` closing the group opening at `open`. */
function groupEnd(tokens: readonly string[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i] === "(") depth++;
    else if (tokens[i] === ")" && --depth === 0) return i;
  }
  return tokens.length;
}

/** The tokens but comments and attribute macros with their arguments (`char __user *optval`,
 * `int unused __maybe_unused`, `__attribute__((unused))`). */
function withoutAttributes(tokens: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.startsWith("/*") || token.startsWith("//")) continue;
    if (!isAttributeMacro(token) && !isFunctionLikeAttribute(token)) {
      kept.push(token);
      continue;
    }
    if (tokens[i + 1] === "(") i = groupEnd(tokens, i + 1);
  }
  return kept;
}

function isWord(token: string): boolean {
  const c = token.charCodeAt(0);
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x24;
}

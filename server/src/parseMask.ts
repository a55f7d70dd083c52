// The text tree-sitter parses: kernel attribute macros blanked. tree-sitter cannot expand them, and
// one `extern __printf(4, 5) __must_check int f(…);` makes its error recovery swallow the next hundred
// lines (include/linux/kobject.h: kobject_put and every later prototype; include/linux/kernel.h: max_t).
// Blanks keep every offset, so positions and names are still read from the original text.
import { blanked } from "./blankRanges.js";
import { ATTRIBUTE_MACROS, C_KEYWORDS, FUNCTION_LIKE_ATTRIBUTE_MACROS } from "./kernelMacros.js";
import { directivesOf, directiveTest, type Directives } from "./preprocessorLines.js";

/** GNU spellings the grammar parses itself. */
const GRAMMAR_KEYWORDS: ReadonlySet<string> = new Set(["__inline", "__inline__"]);

/** Sparse annotations used as expressions or statements (`__cond_lock(lock, f(lock))` is `f(lock)`):
 * blanking them would take calls with them. */
const EXPRESSION_MACROS: ReadonlySet<string> = new Set([
  "__cond_lock",
  "__acquire",
  "__release",
  "__same_type",
  "__native_word",
  "__diag",
]);

const BLANKED_WORDS: ReadonlySet<string> = new Set(
  [...ATTRIBUTE_MACROS].filter((name) => !C_KEYWORDS.has(name) && !GRAMMAR_KEYWORDS.has(name)),
);

const BLANKED_WITH_ARGUMENTS: ReadonlySet<string> = new Set(
  [...FUNCTION_LIKE_ATTRIBUTE_MACROS].filter((name) => !EXPRESSION_MACROS.has(name)),
);

/** One alternation of every blanked name: scanning for it is ≈ 8× faster than testing every word. */
const ATTRIBUTE = new RegExp(
  `\\b(?:${[...BLANKED_WITH_ARGUMENTS, ...BLANKED_WORDS].sort((a, b) => b.length - a.length).join("|")})\\b`,
  "g",
);

/** The same text with attribute macros (and their argument lists) replaced by spaces, newlines kept;
 * preprocessor directives are left whole, so `#define __must_check …` keeps its name and value. */
export function maskAttributesForParse(text: string, directives: Directives = directivesOf(text)): string {
  const inDirective = directiveTest(directives);
  const pieces: string[] = [];
  let copied = 0;
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(text); match; match = ATTRIBUTE.exec(text)) {
    const word = match[0];
    const withArguments = BLANKED_WITH_ARGUMENTS.has(word);
    const start = match.index;
    if (inDirective(start)) continue;
    let end = start + word.length;
    if (withArguments) end = argumentsEnd(text, skipBlanks(text, end)) ?? end;
    pieces.push(text.slice(copied, start), blanked(text, start, end));
    copied = end;
    ATTRIBUTE.lastIndex = end;
  }
  if (pieces.length === 0) return text;
  pieces.push(text.slice(copied));
  return pieces.join("");
}

/** Attribute arguments are short and never hold a statement: an open list (a truncated file) blanks
 * only the name. */
const MAX_ARGUMENTS_LENGTH = 400;

function argumentsEnd(text: string, open: number): number | undefined {
  if (text[open] !== "(") return undefined;
  let depth = 0;
  const limit = Math.min(text.length, open + MAX_ARGUMENTS_LENGTH);
  for (let i = open; i < limit; i++) {
    const ch = text[i];
    if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return i + 1;
    else if (ch === ";" || ch === "{" || ch === "}") return undefined;
  }
  return undefined;
}

function skipBlanks(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n")) i++;
  return i;
}

const TYPEOF_OPEN = /\b(?:__typeof__|__typeof|typeof)\s*\(/g;

/** A typeof's argument the grammar reads as a type: words, then stars (`typeof(x)`, `typeof(struct sock *)`);
 * `typeof(*p) *q` it reads as a product. */
const TYPE_LIKE_ARGUMENT = /^[\w\s]*\w[\s*]*$/;

/** The same text with each `typeof(expression)` read as `typeof(_)`, offsets kept: the grammar takes
 * `typeof(&(fifo)) __tmp = …` or `__typeof__(*(mdev)->stats) *ptr = …` (kfifo.h INIT_KFIFO,
 * net/mpls/internal.h MPLS_INC_STATS) for a call and an assignment, and the local they declare is lost. */
export function maskTypeofExpressions(text: string): string {
  const pieces: string[] = [];
  let copied = 0;
  TYPEOF_OPEN.lastIndex = 0;
  for (let match = TYPEOF_OPEN.exec(text); match; match = TYPEOF_OPEN.exec(text)) {
    const open = match.index + match[0].length - 1;
    const close = argumentsEnd(text, open);
    if (close === undefined) continue;
    const argumentStart = open + 1;
    const argumentEnd = close - 1;
    if (argumentEnd === argumentStart || TYPE_LIKE_ARGUMENT.test(text.slice(argumentStart, argumentEnd)))
      continue;
    pieces.push(text.slice(copied, argumentStart), "_", blanked(text, argumentStart + 1, argumentEnd));
    copied = argumentEnd;
    TYPEOF_OPEN.lastIndex = close;
  }
  if (pieces.length === 0) return text;
  pieces.push(text.slice(copied));
  return pieces.join("");
}

// A field's or a global's declaration as written, for hovers: `int owned`, `struct proto tcp_prot`,
// `void (*flow_indication)(void *instance, void *sap, LOCAL_FLOW flow)`. The index keeps only names and
// short types, so the text is read from the file when a hover asks for it.
import { LineIndex, rangeEnd, rangeStart, type CompactRange } from "./textPositions.js";
import { shortened } from "./shortenedText.js";

const COMMENTS = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;

/** The text with its comments blanked to one space each. */
export function withoutComments(text: string): string {
  return text.replace(COMMENTS, " ");
}

/** Longer declarations are cut (240 characters with the "…"): a hover shows a declaration, not a struct
 * initializer. */
const MAX_LENGTH = 239;
const SCAN_LIMIT = 2_000;

/**
 * From the declaration's start (`start`, else the end of the statement before the name) to the end of
 * the name's declarator: its `;`, `,`, `=` or `{` outside parentheses. Comments and directive lines are
 * dropped, whitespace collapsed; undefined when the name is not where the range says.
 */
export function declarationText(text: string, name: CompactRange, start?: CompactRange): string | undefined {
  const lines = new LineIndex(text);
  const nameStart = lines.offsetAt(rangeStart(name));
  const nameEnd = lines.offsetAt(rangeEnd(name));
  if (nameEnd <= nameStart) return undefined;
  const from = start ? lines.offsetAt(rangeStart(start)) : declarationStart(text, nameStart);
  // `void (*flow_indication)(…)`: the parentheses open before the name close after it.
  const to = declaratorEnd(text, nameEnd, openBrackets(text, from, nameStart));
  const written = withoutComments(text.slice(from, to))
    .replace(/^[ \t]*#.*$/gm, " ")
    // A field an object-like macro declares (macroFields.ts) sits among spliced lines.
    .replace(/\\\r?\n/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (written === "") return undefined;
  return shortened(written, MAX_LENGTH);
}

/** Back from `offset` to just after the `;`, `{` or `}` that ends the statement before it. */
export function declarationStart(text: string, offset: number): number {
  let depth = 0;
  const limit = Math.max(0, offset - SCAN_LIMIT);
  for (let i = offset - 1; i >= limit; i--) {
    const c = text[i];
    if (c === ")" || c === "]") depth++;
    else if (c === "(" || c === "[") depth--;
    else if (depth <= 0 && (c === ";" || c === "{" || c === "}")) return pastLineComment(text, i + 1, offset);
    else if (c === "/" && text[i - 1] === "*") i = Math.max(limit, text.lastIndexOf("/*", i - 2));
  }
  return limit;
}

/** A `;` found inside a `// …` comment: the statement starts on the next line. */
function pastLineComment(text: string, from: number, nameStart: number): number {
  const lineStart = text.lastIndexOf("\n", from - 1) + 1;
  if (!text.slice(lineStart, from).includes("//")) return from;
  const next = text.indexOf("\n", from) + 1;
  return next > 0 && next <= nameStart ? next : from;
}

function openBrackets(text: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === "(" || c === "[") depth++;
    else if ((c === ")" || c === "]") && depth > 0) depth--;
    else if (c === "/" && (text[i + 1] === "*" || text[i + 1] === "/")) {
      const close = text[i + 1] === "*" ? text.indexOf("*/", i + 2) + 1 : text.indexOf("\n", i);
      i = close <= 0 ? to : close;
    }
  }
  return depth;
}

function declaratorEnd(text: string, offset: number, openBefore: number): number {
  let depth = openBefore;
  const limit = Math.min(text.length, offset + SCAN_LIMIT);
  for (let i = offset; i < limit; i++) {
    const c = text[i];
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") {
      if (--depth < 0) return i;
    } else if (depth === 0 && (c === ";" || c === "," || c === "=" || c === "{")) return i;
    else if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? limit : close + 1;
    }
  }
  return limit;
}

/** Lines of a struct a hover shows before it says how many more there are. */
const MAX_STRUCT_LINES = 24;

/** A struct as written, comments and blank lines dropped, each line's whitespace collapsed and its
 * fields indented by one tab: `struct request_sock_queue {`, `\tspinlock_t rskq_lock;`, …, `};`. */
export function structText(text: string, range: CompactRange): string | undefined {
  const lines = new LineIndex(text);
  const from = lines.offsetAt(rangeStart(range));
  const to = lines.offsetAt(rangeEnd(range));
  if (to <= from) return undefined;
  const written = withoutComments(text.slice(from, to))
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line) => line !== "");
  const shown = written.map((line, i) =>
    i === 0 || i === written.length - 1 || line.startsWith("#") ? line : `\t${line}`,
  );
  if (shown.length <= MAX_STRUCT_LINES) return shown.join("\n");
  // The first lines, a line saying how many are left out, and the closing brace.
  const kept = MAX_STRUCT_LINES - 2;
  const hidden = shown.length - kept - 1;
  return [...shown.slice(0, kept), `\t/* … ${hidden} more lines */`, shown.at(-1)!].join("\n");
}

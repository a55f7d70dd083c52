// Where a C comment or string or character literal ends: the one lexical rule shared by the scanners that
// read kernel text beside tree-sitter (textScan, macroArguments, kernelMacros' mask, wordOccurrences).

const SLASH = 0x2f;
const STAR = 0x2a;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/**
 * When a comment or a literal starts at `i`: the offset just past it; undefined for any other character
 * (a `/` that is division). A literal left open ends after its line's newline (a backslash-newline inside
 * it continues it, as in C); a block comment left open ends with the text; a line comment ends before its
 * newline.
 */
export function endOfCommentOrLiteral(text: string, i: number): number | undefined {
  const c = text.charCodeAt(i);
  if (opensLiteral(c)) {
    for (let j = i + 1; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === BACKSLASH) j++;
      else if (d === c || d === NEWLINE) return j + 1;
    }
    return text.length;
  }
  if (c !== SLASH) return undefined;
  const next = text.charCodeAt(i + 1);
  if (next === STAR) {
    const close = text.indexOf("*/", i + 2);
    return close < 0 ? text.length : close + 2;
  }
  if (next === SLASH) {
    const newline = text.indexOf("\n", i + 2);
    return newline < 0 ? text.length : newline;
  }
  return undefined;
}

/** Whether a character may open a comment or a literal: where a scan loop needs to call
 * endOfCommentOrLiteral at all (calling it at every character costs textScan ≈ 20 %). */
export function mayOpenCommentOrLiteral(c: number): boolean {
  return c === SLASH || opensLiteral(c);
}

/** Whether a character opens a string or character literal; what else endOfCommentOrLiteral skips is a
 * comment. */
export function opensLiteral(c: number): boolean {
  return c === QUOTE || c === APOSTROPHE;
}

const START = /\/[*/]|["']/g;

/** [start, end) of every comment and literal of `text`, in order. */
export function commentAndLiteralSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  START.lastIndex = 0;
  for (let match = START.exec(text); match; match = START.exec(text)) {
    const end = endOfCommentOrLiteral(text, match.index)!;
    spans.push([match.index, end]);
    START.lastIndex = end;
  }
  return spans;
}

/** What the character at `offset` is part of: its line is scanned, and for a line that starts inside a block
 * comment, the comment from its `/*` on; a request costs a line's scan, not the file's. */
export function lexicalContextAt(text: string, offset: number): "code" | "comment" | "string" {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  let from = lineStart;
  const open = lineStart > 0 ? text.lastIndexOf("/*", lineStart - 1) : -1;
  // The last `/*` before the line, not closed before it: the line starts in that comment if it is one.
  if (open >= 0 && text.lastIndexOf("*/", lineStart - 1) < open + 2 && opensCommentAt(text, open)) {
    const end = endOfCommentOrLiteral(text, open)!;
    if (offset < end) return "comment";
    from = end;
  }
  for (let i = from; i < offset; i++) {
    if (!mayOpenCommentOrLiteral(text.charCodeAt(i))) continue;
    const end = endOfCommentOrLiteral(text, i);
    if (end === undefined) continue;
    if (offset < end) return opensLiteral(text.charCodeAt(i)) ? "string" : "comment";
    i = end - 1;
  }
  return "code";
}

/** Whether the `/*` at `open` starts a comment: its line scanned from the start reaches it as one. */
function opensCommentAt(text: string, open: number): boolean {
  for (let i = text.lastIndexOf("\n", open - 1) + 1; i <= open; i++) {
    if (!mayOpenCommentOrLiteral(text.charCodeAt(i))) continue;
    const end = endOfCommentOrLiteral(text, i);
    if (end === undefined) continue;
    if (i === open) return true;
    if (end > open) return false;
    i = end - 1;
  }
  return false;
}

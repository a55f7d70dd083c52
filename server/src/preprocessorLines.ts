// Preprocessor directives are lines: `#` first on the line, running on over backslash-newlines.

/** Offset of the newline that ends the directive starting at `from` (the text's end if none). A comment
 * opened on a directive's line and closed lines later is part of it (`#define BICTCP_B 4 /*` then its
 * text: comments go before directives in C's translation phases). */
export function directiveEnd(text: string, from: number): number {
  let end = lineEnd(text, from);
  for (let comment = text.indexOf("/*", from); comment >= 0 && comment < end;) {
    const close = text.indexOf("*/", comment + 2);
    if (close < 0) return text.length;
    if (close >= end) end = lineEnd(text, close + 2);
    comment = text.indexOf("/*", close + 2);
  }
  return end;
}

/** The end of the logical line at `from`: backslash-newlines continue it. */
function lineEnd(text: string, from: number): number {
  let end = text.indexOf("\n", from);
  while (end > 0 && continues(text, end)) end = text.indexOf("\n", end + 1);
  return end < 0 ? text.length : end;
}

function continues(text: string, newline: number): boolean {
  const last = text[newline - 1] === "\r" ? newline - 2 : newline - 1;
  return text[last] === "\\";
}

/** The word after the `#` of the directive starting at `start` (`define`, `ifdef` …). */
export function directiveKeyword(text: string, start: number): string | undefined {
  return /^[ \t]*#[ \t]*(\w+)/.exec(text.slice(start, start + 64))?.[1];
}

/** Whether only blanks come before `i` on its line: where a `#` starts a directive. */
export function atLineStart(text: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (c === 0x0a) return true;
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/** [start, end) of every preprocessor directive, continuation lines included, in order. A directive starts
 * where a line does (after \n, \r, U+2028 or U+2029, as a multiline `^` would), blanks before its `#`.
 * Found from each `#`: ≈ 3× faster than a multiline pattern over the text. */
export function directiveRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (let hash = text.indexOf("#"); hash >= 0;) {
    const start = lineStartBefore(text, hash);
    if (start === undefined) {
      hash = text.indexOf("#", hash + 1);
      continue;
    }
    const end = directiveEnd(text, start);
    ranges.push([start, end]);
    hash = text.indexOf("#", end);
  }
  return ranges;
}

/** Where the line holding `at` starts when only blanks (space, tab) come before `at` on it. */
function lineStartBefore(text: string, at: number): number | undefined {
  let i = at;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 0x20 || c === 0x09) i--;
    else if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) return i;
    else return undefined;
  }
  return 0;
}

/** A file's directive ranges, computed at the first call and shared by every pass that asks. */
export type Directives = () => readonly (readonly [number, number])[];

export function directivesOf(text: string): Directives {
  let ranges: [number, number][] | undefined;
  return () => (ranges ??= directiveRanges(text));
}

/** Whether an offset lies inside a directive, for offsets asked in increasing order (one pass over the
 * ranges). */
export function directiveTest(ranges: Directives): (offset: number) => boolean {
  let test: ((offset: number) => boolean) | undefined;
  return (offset) => (test ??= rangeTest(ranges()))(offset);
}

/** Whether an offset lies inside one of `ranges` (in order, not overlapping), for offsets asked in
 * increasing order. */
export function rangeTest(ranges: readonly (readonly [number, number])[]): (offset: number) => boolean {
  let next = 0;
  return (offset) => {
    while (next < ranges.length && ranges[next]![1] <= offset) next++;
    const range = ranges[next];
    return range !== undefined && range[0] <= offset;
  };
}

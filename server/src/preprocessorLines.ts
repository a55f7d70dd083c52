// Preprocessor directives are lines: `#` first on the line, running on over backslash-newlines.

/** Offset of the newline that ends the directive starting at `from` (the text's end if none). */
export function directiveEnd(text: string, from: number): number {
  let end = text.indexOf("\n", from);
  while (end > 0 && continues(text, end)) end = text.indexOf("\n", end + 1);
  return end < 0 ? text.length : end;
}

function continues(text: string, newline: number): boolean {
  const last = text[newline - 1] === "\r" ? newline - 2 : newline - 1;
  return text[last] === "\\";
}

const DIRECTIVE = /^[ \t]*#/gm;

/** [start, end) of every preprocessor directive, continuation lines included, in order. */
export function directiveRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  DIRECTIVE.lastIndex = 0;
  for (let match = DIRECTIVE.exec(text); match; match = DIRECTIVE.exec(text)) {
    const end = directiveEnd(text, match.index);
    ranges.push([match.index, end]);
    DIRECTIVE.lastIndex = end;
  }
  return ranges;
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
  let directives: readonly (readonly [number, number])[] | undefined;
  let next = 0;
  return (offset) => {
    directives ??= ranges();
    while (next < directives.length && directives[next]![1] <= offset) next++;
    const directive = directives[next];
    return directive !== undefined && directive[0] <= offset;
  };
}

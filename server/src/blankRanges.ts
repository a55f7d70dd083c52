// Blanking keeps every offset and line: names found in the blanked text point into the original.

/** The text with the given [start, end) ranges blanked, newlines kept (ranges in order, disjoint). */
export function blankRanges(text: string, ranges: readonly (readonly [number, number])[]): string {
  if (ranges.length === 0) return text;
  const pieces: string[] = [];
  let copied = 0;
  for (const [start, end] of ranges) {
    pieces.push(text.slice(copied, start), blanked(text, start, end));
    copied = end;
  }
  pieces.push(text.slice(copied));
  return pieces.join("");
}

/** Spaces for text[start, end), its newlines kept. */
export function blanked(text: string, start: number, end: number): string {
  return text.slice(start, end).replace(/[^\n]/g, " ");
}

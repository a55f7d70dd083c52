// Offsets into a JS string (UTF-16 units, as LSP positions use) to line/character and back.
export interface Position {
  line: number;
  character: number;
}

/** [startLine, startCharacter, endLine, endCharacter]. */
export type RangeParts = readonly [number, number, number, number];

declare const packed: unique symbol;
/** A range in one number: the start line, the start character, the lines it spans and the end character. */
export type PackedRange = number & { readonly [packed]: true };

/**
 * A range as the index holds it: one number where its parts fit (almost every range of kernel C), else its
 * parts. A number costs the heap 16 bytes where a four-element array costs 80, and the index holds about a
 * million ranges; read them through startLine … endCharacter, never by position.
 */
export type CompactRange = PackedRange | RangeParts;

// 12 bits for each character and for the line span, 17 for the start line: 53 bits, a double's integers.
const CHARACTER = 4096;
const MAX_START_LINE = 2 ** 17;

export function compactRange(
  startLine: number,
  startCharacter: number,
  endLine: number,
  endCharacter: number,
): CompactRange {
  const span = endLine - startLine;
  const fits =
    startLine >= 0 &&
    startLine < MAX_START_LINE &&
    span >= 0 &&
    span < CHARACTER &&
    startCharacter >= 0 &&
    startCharacter < CHARACTER &&
    endCharacter >= 0 &&
    endCharacter < CHARACTER;
  if (!fits) return [startLine, startCharacter, endLine, endCharacter];
  return (((startLine * CHARACTER + startCharacter) * CHARACTER + span) * CHARACTER +
    endCharacter) as PackedRange;
}

export function startLine(range: CompactRange): number {
  return typeof range === "number" ? Math.floor(range / CHARACTER ** 3) : range[0];
}

export function startCharacter(range: CompactRange): number {
  return typeof range === "number" ? Math.floor(range / CHARACTER ** 2) % CHARACTER : range[1];
}

export function endLine(range: CompactRange): number {
  return typeof range === "number"
    ? Math.floor(range / CHARACTER ** 3) + (Math.floor(range / CHARACTER) % CHARACTER)
    : range[2];
}

export function endCharacter(range: CompactRange): number {
  return typeof range === "number" ? range % CHARACTER : range[3];
}

export function rangeParts(range: CompactRange): RangeParts {
  return typeof range === "number"
    ? [startLine(range), startCharacter(range), endLine(range), endCharacter(range)]
    : range;
}

export function rangeStart(range: CompactRange): Position {
  return { line: startLine(range), character: startCharacter(range) };
}

export function rangeEnd(range: CompactRange): Position {
  return { line: endLine(range), character: endCharacter(range) };
}

/** Whether two ranges cover the same text, whichever form each is in. */
export function sameRange(a: CompactRange, b: CompactRange): boolean {
  return (
    startLine(a) === startLine(b) &&
    startCharacter(a) === startCharacter(b) &&
    endLine(a) === endLine(b) &&
    endCharacter(a) === endCharacter(b)
  );
}

/** Orders ranges by where they start. */
export function byRangeStart(a: CompactRange, b: CompactRange): number {
  return startLine(a) - startLine(b) || startCharacter(a) - startCharacter(b);
}

/** "line,character,line,character": a key that is the same for the same range in either form. */
export function rangeKey(range: CompactRange): string {
  return rangeParts(range).join(",");
}

export class LineIndex {
  private readonly lineStarts: number[] = [0];
  private readonly length: number;
  /** The line of the last offset asked: offsets mostly come in order, so it is tried before a search. */
  private lastLine = 0;

  constructor(text: string) {
    this.length = text.length;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    let line = this.lastLine;
    if (!(starts[line]! <= offset && (line + 1 === starts.length || offset < starts[line + 1]!))) {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid]! <= offset) low = mid;
        else high = mid - 1;
      }
      line = low;
    }
    this.lastLine = line;
    return { line, character: offset - starts[line]! };
  }

  /** The offset of a position; a character past its line's end is clamped to the line's end. */
  offsetAt(position: Position): number {
    const line = Math.min(Math.max(0, position.line), this.lineStarts.length - 1);
    const start = this.lineStarts[line]!;
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! - 1 : this.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  rangeAt(start: number, end: number): CompactRange {
    const a = this.positionAt(start);
    const b = this.positionAt(end);
    return compactRange(a.line, a.character, b.line, b.character);
  }
}

export function toLspRange(range: CompactRange) {
  return { start: rangeStart(range), end: rangeEnd(range) };
}

export function rangeContains(range: CompactRange, position: Position): boolean {
  const [sl, sc, el, ec] = rangeParts(range);
  if (position.line < sl || position.line > el) return false;
  if (position.line === sl && position.character < sc) return false;
  if (position.line === el && position.character > ec) return false;
  return true;
}

// Offsets into a JS string (UTF-16 units, as LSP positions use) to line/character and back.
export interface Position {
  line: number;
  character: number;
}

/** [startLine, startCharacter, endLine, endCharacter]: compact so per-file indexes stay small in the cache. */
export type CompactRange = [number, number, number, number];

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
    return [a.line, a.character, b.line, b.character];
  }
}

export function toLspRange(range: CompactRange) {
  return {
    start: { line: range[0], character: range[1] },
    end: { line: range[2], character: range[3] },
  };
}

export function rangeContains(range: CompactRange, position: Position): boolean {
  const [sl, sc, el, ec] = range;
  if (position.line < sl || position.line > el) return false;
  if (position.line === sl && position.character < sc) return false;
  if (position.line === el && position.character > ec) return false;
  return true;
}

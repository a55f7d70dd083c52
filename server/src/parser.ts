// One web-tree-sitter parser for C with a per-file time bound, so a pathological file cannot hang indexing.
import { Language, Parser, Query, type Node, type QueryMatch, type Range, type Tree } from "web-tree-sitter";
import { isCSpace } from "./cSpace.js";
import { grammarFiles, type GrammarFiles, type QueryName } from "./grammarFiles.js";
import type { LineIndex } from "./textPositions.js";

/** Spans of the text tree-sitter is not to read ([start, end) offsets, ordered by start; a span may lie
 * inside another, as a comment inside a function body does). */
export interface LeftOut {
  spans: readonly (readonly [number, number])[];
  lines: LineIndex;
}

export interface CParser {
  /** Returns undefined when the time bound was hit (the parse is cancelled, not left running). Text in
   * `leftOut` is skipped as if it were not there; the nodes keep their offsets in the whole text. */
  parse(text: string, timeoutMs?: number, leftOut?: LeftOut): Tree | undefined;
  query(name: QueryName): Query;
  /** Runs several query files as one query, so the tree is walked once; matches are grouped by file. */
  matchesByQuery(node: Node, names: readonly QueryName[]): Map<QueryName, QueryMatch[]>;
  /** Compiles matchesByQuery's query for `names` now (tree-sitter analyses the index's query for ≈ 40 ms), so a
   * worker does it before its first file arrives. */
  prepareQueries(names: readonly QueryName[]): void;
  readonly language: Language;
}

const QUERY_TIMEOUT_MICROS = 10_000_000;

export const DEFAULT_PARSE_TIMEOUT_MS = 10_000;

let runtimeReady: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();

export async function createCParser(grammarDirectory?: string): Promise<CParser> {
  const files = grammarFiles(grammarDirectory);
  runtimeReady ??= initRuntime(files);
  await runtimeReady;
  let languagePromise = languages.get(files.languageWasm);
  if (!languagePromise) {
    languagePromise = Language.load(files.languageWasm);
    languages.set(files.languageWasm, languagePromise);
  }
  const language = await languagePromise;
  const parser = new Parser();
  parser.setLanguage(language);
  const queries = new Map<QueryName, Query>();
  const combined = new Map<string, { query: Query; owners: QueryName[] }>();
  const query = (name: QueryName) => {
    let compiled = queries.get(name);
    if (!compiled) {
      compiled = new Query(language, files.readQuery(name));
      queries.set(name, compiled);
    }
    return compiled;
  };

  return {
    language,
    parse(text, timeoutMs = DEFAULT_PARSE_TIMEOUT_MS, leftOut) {
      const deadline = performance.now() + timeoutMs;
      const ranges = leftOut && leftOut.spans.length > 0 ? includedRanges(text, leftOut) : undefined;
      const input = ranges ? new RangeInput(text, ranges) : undefined;
      // The progress callback runs every few hundred parser steps; returning true cancels the parse.
      const tree = parser.parse(input ? input.read : text, null, {
        progressCallback: () => performance.now() > deadline,
        ...(ranges ? { includedRanges: ranges } : {}),
      });
      input?.parsed();
      if (!tree) parser.reset();
      return tree ?? undefined;
    },
    query,
    matchesByQuery(node, names) {
      const entry = combinedQuery(names);
      const grouped = new Map<QueryName, QueryMatch[]>(names.map((name) => [name, []]));
      for (const match of entry.query.matches(node, { timeoutMicros: QUERY_TIMEOUT_MICROS })) {
        grouped.get(entry.owners[match.patternIndex]!)!.push(match);
      }
      return grouped;
    },
    prepareQueries(names) {
      combinedQuery(names);
    },
  };

  function combinedQuery(names: readonly QueryName[]): { query: Query; owners: QueryName[] } {
    const key = names.join("+");
    let entry = combined.get(key);
    if (!entry) {
      const sources = names.map((name) => files.readQuery(name));
      const joined = new Query(language, sources.join("\n"));
      // Each pattern's owner from where it starts in the joined source: compiling every file again just
      // to count its patterns cost ≈ 100 ms per thread, on the path of the first opened document.
      const ends: number[] = [];
      let end = 0;
      for (const source of sources) ends.push((end += Buffer.byteLength(source) + 1));
      const owners = Array.from({ length: joined.patternCount() }, (_, pattern) => {
        const start = joined.startIndexForPattern(pattern);
        return names[ends.findIndex((sourceEnd) => start < sourceEnd)]!;
      });
      entry = { query: joined, owners };
      combined.set(key, entry);
    }
    return entry;
  }
}

function initRuntime(files: GrammarFiles): Promise<void> {
  const runtimeWasm = files.runtimeWasm;
  if (!runtimeWasm) return Parser.init();
  return Parser.init({ locateFile: () => runtimeWasm });
}

/**
 * The text handed to tree-sitter piece by piece. Given the whole string, web-tree-sitter copies up to 5,120
 * characters into the wasm heap each time the lexer moves to a position outside its last piece, which with
 * hundreds of included ranges a file came to 3.3× the text parsed (49.1 M characters for 14.7 M over net/
 * and include/); here a piece ends where its included range does (11.1 M). Once parsed, the tree reads node
 * text from the whole string again, in one piece.
 */
class RangeInput {
  private parsing = true;
  private next = 0;

  constructor(
    private readonly text: string,
    private readonly ranges: readonly Range[],
  ) {}

  readonly read = (index: number): string => {
    const { text } = this;
    if (!this.parsing || index >= text.length) return text.slice(index);
    const end = this.pieceEnd(index);
    return text.slice(index, Math.min(end, index + MAX_PIECE));
  };

  parsed(): void {
    this.parsing = false;
  }

  /** The end of the included range holding `index`; between two, the start of the next (a piece is never
   * empty before the text's end, which would end the parse). */
  private pieceEnd(index: number): number {
    const { ranges } = this;
    // The lexer mostly moves forward: look on from the last range found, or search when it went back.
    if (this.next >= ranges.length || ranges[this.next]!.startIndex > index)
      this.next = firstEndingAfter(ranges, index);
    while (this.next < ranges.length && ranges[this.next]!.endIndex <= index) this.next++;
    const range = ranges[this.next];
    if (!range) return this.text.length;
    return index >= range.startIndex ? range.endIndex : range.startIndex;
  }
}

/** The first range that ends after `index` (ranges in order, not overlapping). */
function firstEndingAfter(ranges: readonly Range[], index: number): number {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (ranges[mid]!.endIndex <= index) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** web-tree-sitter's own piece size (its input buffer holds 10 KiB of UTF-16). */
const MAX_PIECE = 5 * 1024;

/** The complement of the left-out spans, as tree-sitter's included ranges. */
function includedRanges(text: string, { spans, lines }: LeftOut): Range[] {
  const point = (offset: number) => {
    const { line, character } = lines.positionAt(offset);
    return { row: line, column: character };
  };
  const ranges: Range[] = [];
  let start = 0;
  for (const [spanStart, spanEnd] of spans) {
    if (spanStart > start && !(separatedAlready(text, ranges) && isBlank(text, start, spanStart))) {
      ranges.push({
        startIndex: start,
        endIndex: spanStart,
        startPosition: point(start),
        endPosition: point(spanStart),
      });
    }
    start = Math.max(start, spanEnd);
  }
  ranges.push({
    startIndex: start,
    endIndex: text.length,
    startPosition: point(start),
    endPosition: point(text.length),
  });
  return ranges;
}

/** Whether the text tree-sitter reads so far ends in whitespace (or is empty), so that a next range of blanks
 * would separate no tokens: skipping it leaves the tree as it was. Three in four ranges were such blanks
 * (between two bodies or definitions read from the text), each one a range to copy into the wasm heap. */
function separatedAlready(text: string, ranges: readonly Range[]): boolean {
  const last = ranges[ranges.length - 1];
  return last === undefined || isBlank(text, last.endIndex - 1, last.endIndex);
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isCSpace(text.charCodeAt(i))) return false;
  return true;
}

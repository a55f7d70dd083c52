// Per-file symbols: parse once, run the grammar queries, free the tree.
import { createHash } from "node:crypto";
import type { Tree } from "web-tree-sitter";
import { bodyCallSites, extractCallSites } from "./callSites.js";
import { emptyFileSymbols, type FileSymbols } from "./fileSymbols.js";
import { extractEnums } from "./enums.js";
import { extractFunctionsAndVariables } from "./functions.js";
import { includesOf } from "./includeTargets.js";
import { macrosOfDirectives } from "./macros.js";
import { attributeTableEntries } from "./attributeTables.js";
import { assignedOpsEntries, extractOpsEntries, localTableEntries } from "./opsTables.js";
import type { CParser } from "./parser.js";
import { blankRanges } from "./blankRanges.js";
import { maskAttributesForParse } from "./parseMask.js";
import { directivesOf, type Directives } from "./preprocessorLines.js";
import {
  generatedFunctionSymbols,
  generatedOpsEntries,
  generatedVariableSymbols,
  generatorInvocations,
  type GeneratorInvocation,
} from "./generatorMacros.js";
import { extractStructs } from "./structs.js";
import { extractTagDeclarations } from "./tagDeclarations.js";
import { extractTracepoints } from "./tracepoints.js";
import { scanText, type MacroStatement, type TextScan } from "./textScan.js";
import { textDefinitions, textPrototypes, type TextFunction } from "./textFunctions.js";
import { plainStructMembers, type TextMembers } from "./structFields.js";
import { byRangeStart, LineIndex } from "./textPositions.js";
import { DECLARING_MACROS } from "./kernelMacros.js";

export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export interface ExtractOptions {
  timeoutMs?: number;
  maxFileBytes?: number;
  /** Parse function bodies, brace lists, enumerator lists, struct bodies and file-scope macro statements too
   * instead of reading them from the text (to check the scan against). */
  parseBodies?: boolean;
  /** false: leave every definition, prototype and struct body to the tree instead of reading the plain ones
   * from the text (textFunctions.ts, structFields.ts), to check the one against the other. */
  declarationsFromText?: boolean;
}

export function contentHash(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** What the index hands tree-sitter, and what the text scan read besides: the text with attribute macros and
 * generator lines blanked, what the parse skips (leftOut) and the declarations read from the text instead. */
export interface ParseInput {
  parsed: string;
  lines: LineIndex;
  directives: Directives;
  generators: GeneratorInvocation[];
  scan: TextScan;
  /** Definitions and prototypes read from the text, in text order. */
  definitions: TextFunction[];
  prototypes: TextFunction[];
  /** The members of plain struct bodies at file scope, read from the text, by the offset of their `{`. */
  structMembers: Map<number, TextMembers>;
  /** File-scope macro statements the parse skips, their calls read from the text: all but those that
   * declare a variable (`DEFINE_MUTEX(x);`, kernelMacros.ts: DECLARING_MACROS), which the tree reads. */
  macroStatements: MacroStatement[];
}

export function parseInputOf(
  text: string,
  options: Pick<ExtractOptions, "parseBodies" | "declarationsFromText"> = {},
): ParseInput {
  // The attribute mask, the generator lines and the tracepoints all skip directives: found once.
  const directives = directivesOf(text);
  const generators = generatorInvocations(text, directives);
  const parsed = blankRanges(
    maskAttributesForParse(text, directives),
    generators.map((g) => [g.start, g.end] as const),
  );
  const scan = scanText(parsed, directives);
  if (options.parseBodies) {
    scan.bodies = [];
    scan.initializers = [];
    scan.enumBodies = [];
    scan.structBodies = [];
    scan.macroStatements = [];
  }
  const fromText = options.declarationsFromText !== false;
  const definitions = fromText ? textDefinitions(text, parsed, scan.bodies, directives) : [];
  const prototypes = fromText ? textPrototypes(text, parsed, scan.prototypes, directives) : [];
  const structMembers = new Map<number, TextMembers>();
  for (const [open, close] of fromText ? scan.structBodies : []) {
    const members = plainStructMembers(parsed, open, close);
    if (members) structMembers.set(open, members);
  }
  const macroStatements = fromText
    ? scan.macroStatements.filter((statement) => !DECLARING_MACROS.has(statement.calls[0]!.name))
    : [];
  return {
    parsed,
    lines: new LineIndex(text),
    directives,
    generators,
    scan,
    definitions,
    prototypes,
    structMembers,
    macroStatements,
  };
}

/** The tree of what the index reads; undefined when the time bound was hit. */
export function parseTree(parser: CParser, input: ParseInput, timeoutMs?: number): Tree | undefined {
  const spans = leftOut(input);
  return parser.parse(input.parsed, timeoutMs, { spans, lines: input.lines });
}

/** Never throws: a file that cannot be indexed yields empty symbols with `error` set. `hash` is
 * contentHash(text), when the caller has it already. */
export function extractFileSymbols(
  parser: CParser,
  path: string,
  text: string,
  options: ExtractOptions = {},
  hash = contentHash(text),
): FileSymbols {
  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  if (text.length > maxBytes) return emptyFileSymbols(path, hash, `skipped: larger than ${maxBytes} bytes`);
  let tree: Tree | undefined;
  try {
    const input = parseInputOf(text, options);
    tree = parseTree(parser, input, options.timeoutMs);
    if (!tree) return emptyFileSymbols(path, hash, "skipped: parse time limit reached");
    return symbolsOfTree(parser, tree, path, hash, text, input);
  } catch (error) {
    return emptyFileSymbols(path, hash, `failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    tree?.delete();
  }
}

/** The query files the index runs over each tree, as one query. */
export const FILE_QUERIES = ["functions", "calls", "structs", "enums", "ops-tables"] as const;

/** What tree-sitter skips: functions read from the text, the inside of each body, brace initializer,
 * enumerator list, plain struct body and parameter list the scan found, macro statements that declare
 * nothing, comments, and `#define`, `#include`, `#undef` and `#pragma` lines where the code before them ended
 * (textScan.ts: DefineLine). */
function leftOut({
  scan,
  definitions,
  prototypes,
  structMembers,
  macroStatements,
}: ParseInput): [number, number][] {
  const spans = new SpanList();
  for (const body of scan.structBodies) if (structMembers.has(body[0])) spans.inside(body[0], body[1]);
  for (const f of definitions) spans.add(f.start, f.end);
  for (const f of prototypes) spans.add(f.start, f.end);
  for (const body of scan.bodies) {
    // The inside of a body but the types defined in it, and the inside of the parameter list before it: the
    // index reads a head from the text (functionHeads.ts) and parameter names too (parameterLists.ts).
    if (body.parameters) spans.inside(body.parameters[0], body.parameters[1]);
    let start = body.open + 1;
    const types = body.types;
    for (let i = 0; i + 1 < types.length; i += 2) {
      spans.add(start, types[i]!);
      start = types[i + 1]!;
    }
    spans.add(start, body.close);
  }
  for (const list of scan.initializers) spans.inside(list.open, list.close);
  for (const list of scan.enumBodies) spans.inside(list.open, list.close);
  for (const p of scan.prototypes) spans.inside(p.parameters[0], p.parameters[1]);
  for (const [start, end] of scan.comments) spans.add(start, end);
  for (const d of scan.defines) if (d.afterStatement) spans.add(d.start, d.end);
  for (const [start, end] of scan.skippableDirectives) spans.add(start, end);
  for (const statement of macroStatements) spans.add(statement.start, statement.end);
  return spans.byStart();
}

/** Spans collected from several ordered lists, sorted by start at the end (equal starts in the order added). */
class SpanList {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  add(start: number, end: number): void {
    this.starts.push(start);
    this.ends.push(end);
  }

  /** Between a list's `(` and `)` (or `{` and `}`), when anything is. */
  inside(open: number, close: number): void {
    if (close > open + 1) this.add(open + 1, close);
  }

  byStart(): [number, number][] {
    const { starts, ends } = this;
    if (starts.length >= SPAN_INDEX_RANGE) {
      const spans = starts.map((start, i): [number, number] => [start, ends[i]!]);
      return spans.sort((a, b) => a[0] - b[0]);
    }
    // One numeric key per span, start then position added: a typed array sorts it natively, without
    // calling a comparator once per pair (offsets < 2^31 and counts < 2^22 fit a double exactly).
    const keys = new Float64Array(starts.length);
    for (let i = 0; i < starts.length; i++) keys[i] = starts[i]! * SPAN_INDEX_RANGE + i;
    keys.sort();
    const sorted: [number, number][] = new Array<[number, number]>(keys.length);
    for (let k = 0; k < keys.length; k++) {
      const i = keys[k]! % SPAN_INDEX_RANGE;
      sorted[k] = [starts[i]!, ends[i]!];
    }
    return sorted;
  }
}

const SPAN_INDEX_RANGE = 2 ** 22;

function symbolsOfTree(
  parser: CParser,
  tree: Tree,
  path: string,
  hash: string,
  text: string,
  {
    parsed,
    lines,
    generators,
    directives,
    scan,
    definitions: definitionsFromText,
    prototypes: prototypesFromText,
    structMembers,
    macroStatements,
  }: ParseInput,
): FileSymbols {
  const symbols = emptyFileSymbols(path, hash);
  const includes = includesOf(text, directives);
  if (includes.length > 0) symbols.includes = includes;
  const matches = parser.matchesByQuery(tree.rootNode, FILE_QUERIES);
  const { definitions, prototypes, variables } = extractFunctionsAndVariables(
    matches.get("functions")!,
    tree,
    text,
    lines,
    { definitions: definitionsFromText, prototypes: prototypesFromText },
  );
  // Tracepoints and generated functions last: call sites name their caller by its index among the
  // definitions, which come first.
  symbols.functions = [
    ...definitions.map((d) => d.symbol),
    ...prototypes,
    ...extractTracepoints(text, lines, scan.comments, directives),
    ...generatedFunctionSymbols(generators, lines),
  ];
  symbols.variables = [...variables, ...generatedVariableSymbols(generators, lines)];
  const { structs, typedefs } = extractStructs(
    matches.get("structs")!,
    lines,
    (offset) => definitions.find((d) => d.start <= offset && offset < d.end)?.symbol.name,
    structMembers,
    text,
  );
  symbols.structs = structs;
  symbols.typedefs = typedefs;
  const tagDeclarations = extractTagDeclarations(matches.get("structs")!, lines);
  if (tagDeclarations.length > 0) symbols.tagDeclarations = tagDeclarations;
  symbols.enums = extractEnums(matches.get("enums")!, parsed, lines);
  symbols.macros = macrosOfDirectives(text, lines, scan.defines);
  symbols.calls = [
    ...extractCallSites(parser, matches.get("calls")!, lines, definitions, variables),
    ...bodyCallSites(scan.bodies, lines, definitions),
    ...bodyCallSites(scan.initializers, lines, definitions),
    ...bodyCallSites(scan.enumBodies, lines, definitions),
    ...bodyCallSites(macroStatements, lines, definitions),
  ].sort((a, b) => byRangeStart(a.range, b.range));
  symbols.opsEntries = [
    ...extractOpsEntries(matches.get("ops-tables")!, text, lines),
    ...assignedOpsEntries(text, scan.bodies, lines, definitions),
    ...localTableEntries(text, scan.bodies, scan.comments, lines, definitions),
    ...attributeTableEntries(text, scan.bodies, scan.comments, directives, lines),
    ...generatedOpsEntries(generators, lines),
  ];
  return symbols;
}

// textDocument/references: calls (also those that reach a function through an ops table: references of
// tcp_v4_conn_request include `.conn_request = tcp_v4_conn_request` and the conn_request(...) call in
// net/ipv4/tcp_input.c: tcp_rcv_state_process), and every other place the name is written in the indexed
// files' code, as its kind reads it: a field where it follows `->` or `.` (of the same struct when the
// name is shared), a function, global, enumerator or macro elsewhere, a struct or enum tag after its keyword.
// On an `#include` line: the `#include` lines of every indexed file that includes that header (includers.ts).
import { readFileSync } from "node:fs";
import type { CancellationToken, Location, ReferenceParams } from "vscode-languageserver";
import {
  includedHeaderAt,
  localReferencesOf,
  locationOf,
  symbolOfRequest,
  type ServerContext,
} from "./serverContext.js";
import {
  fieldsOfHolder,
  memberHolderAt,
  memberHolderOf,
  structScope,
  type BaseTypeMemo,
} from "./memberHolder.js";
import { includersOf } from "./includers.js";
import { kconfigNameRange } from "./kconfigIndex.js";
import { memberArgumentAt } from "./memberAccess.js";
import type { Located } from "./indexedFile.js";
import type { SymbolAtPosition } from "./symbolAtPosition.js";
import {
  byRangeStart,
  LineIndex,
  rangeContains,
  rangeKey,
  rangeStart,
  startCharacter,
  startLine,
  toLspRange,
  type CompactRange,
} from "./textPositions.js";
import { wordOccurrences, type FileOccurrences } from "./wordOccurrences.js";

/** Typing the members of a name many structs share stops after this long; the rest are listed by name. The
 * first searches after a start take ≈ 2–2.5 s for the most shared names (`flags`, `name`, `dev`), a budget of
 * 2 s listed 80–190 other structs' members for them; none of 18 common names has needed more than 2.5 s. */
const MEMBER_TYPING_BUDGET_MS = 5_000;

export async function provideReferences(
  context: ServerContext,
  params: ReferenceParams,
  token?: CancellationToken,
): Promise<Location[] | null> {
  const includeDeclaration = params?.context?.includeDeclaration !== false;
  // On an `#include` line: the header's, every `#include` of it.
  const header = includedHeaderAt(context, params);
  if (header !== undefined) {
    const includers = includersOf(context, header, (path) => readForSearch(context, path)?.toString());
    return includeDeclaration ? [locationOf(context, header, [0, 0, 0, 0]), ...includers] : includers;
  }
  const request = symbolOfRequest(context, params);
  if (!request) return null;
  const { uri, symbol } = request;
  const text = context.documents.textOf(uri);

  const local = localReferencesOf(context, uri, symbol, params.position);
  if (local) {
    const ranges = includeDeclaration ? [local.declaration.range, ...local.uses] : local.uses;
    return ranges.map((range) => ({ uri, range: toLspRange(range) }));
  }

  // A directive's name (`#include`) is written everywhere and names nothing, as a keyword (symbolAtPosition):
  // searching the tree for `int` listed ≈ 84,000 places after 1 s.
  if (isDirectiveName(text, symbol.range)) return null;

  const found = new References(context);
  const holder = symbol.kind === "field" ? fieldHolder(context, uri, symbol) : undefined;
  const here = context.paths.relative(uri) ?? "";
  const declarations = declarationsOf(context, symbol, holder, here);
  if (includeDeclaration) for (const [path, range] of declarations) found.add(path, range);
  else for (const [path, range] of declarations) found.exclude(path, range);
  if (symbol.kind !== "field") indexedUses(context, symbol.name, found);

  const typedHolder =
    symbol.kind === "field" && holder !== undefined
      ? { name: holder, scope: structScope(context, here, holder) }
      : undefined;
  const uses =
    symbol.kind === "field"
      ? fieldUses(context, symbol.name, typedHolder, found)
      : otherUses(context, symbol, found);
  await wordOccurrences(
    context.index.paths(),
    symbol.name,
    (path) => readForSearch(context, path),
    uses,
    token,
  );
  return found.locations();
}

/** Whether the word at `range` is the name of a preprocessor directive: only `#` before it on its line. */
function isDirectiveName(text: string | undefined, range: CompactRange): boolean {
  if (text === undefined) return false;
  const start = new LineIndex(text).offsetAt({ line: startLine(range), character: 0 });
  return /^\s*#\s*$/.test(text.slice(start, start + startCharacter(range)));
}

/** Locations once each, in the order found, minus the declarations a request without them leaves out. */
class References {
  private readonly seen = new Set<string>();
  private readonly found: Location[] = [];

  constructor(private readonly context: ServerContext) {}

  add(path: string, range: CompactRange): void {
    const key = `${path}:${rangeKey(range)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.found.push(locationOf(this.context, path, range));
  }

  /** Never added later: a declaration when the request asks for uses only. */
  exclude(path: string, range: CompactRange): void {
    this.seen.add(`${path}:${rangeKey(range)}`);
  }

  locations(): Location[] {
    return this.found;
  }
}

/** Where the name is declared or defined, by its kind under the cursor. */
function declarationsOf(
  context: ServerContext,
  symbol: SymbolAtPosition,
  holder: string | undefined,
  here: string,
): [string, CompactRange][] {
  const { index } = context;
  const at = ({ file, symbol: { selectionRange } }: Located<{ selectionRange: CompactRange }>) =>
    [file.path, selectionRange] as [string, CompactRange];
  if (symbol.kind === "field") {
    const fields = index.fieldsNamed(symbol.name);
    const typed = holder === undefined ? [] : fieldsOfHolder(context, fields, holder, symbol.name, here);
    if (typed.length > 0 || fields.length > 0)
      return (typed.length > 0 ? typed : fields).map((f) => [f.file.path, f.symbol.range]);
    // `sk->sk_prot` names no field: include/net/sock.h #defines sk_prot as __sk_common.skc_prot.
    return index.macrosNamed(symbol.name).map(at);
  }
  const { name } = symbol;
  const declared = [
    ...index.functionsNamed(name).map(at),
    ...index.macrosNamed(name).map(at),
    ...index.variablesNamed(name).map(at),
    ...index.structsNamed(name).map(at),
    ...index.enumsNamed(name).map(at),
    ...index.enumeratorsNamed(name).map((e) => [e.file.path, e.symbol.range] as [string, CompactRange]),
    ...index.typedefsNamed(name).map(at),
  ];
  if (declared.length > 0 || symbol.kind !== "unknown") return declared;
  // A CONFIG_ name no C file defines is declared by its Kconfig entries.
  const config = context.kconfig.lookUp(name);
  return (config?.definitions ?? []).map((d) => [d.path, kconfigNameRange(d)] as [string, CompactRange]);
}

/** Calls the index records, and those reaching the function through ops tables (no text names it). */
function indexedUses(context: ServerContext, name: string, found: References): void {
  const { index, graph } = context;
  for (const call of index.directCallsTo(name)) found.add(call.file.path, call.symbol.range);
  for (const entry of index.opsEntriesTargeting(name)) found.add(entry.file.path, entry.symbol.range);
  for (const fn of index.functionsNamed(name).filter((f) => f.symbol.isDefinition)) {
    for (const { call } of graph.indirectCallsTo(fn)) found.add(call.file.path, call.symbol.range);
  }
}

/** The struct whose field the cursor is on: by the receiver at a use, by the struct at a declaration. */
function fieldHolder(context: ServerContext, uri: string, symbol: SymbolAtPosition): string | undefined {
  if (symbol.isMember) return memberHolderOf(context, uri, symbol);
  const position = rangeStart(symbol.range);
  const struct = context.documents
    .symbolsOf(uri)
    ?.structs.find((s) => s.fields.some((f) => f.name === symbol.name && rangeContains(f.range, position)));
  return struct?.name;
}

/** Members named `name` (after `->` or `.`), those typed as another struct's left out: another tag's, or
 * the same tag's private definition in another .c file (structScope). Returns what reads one file. */
function fieldUses(
  context: ServerContext,
  name: string,
  holder: { name: string; scope: string } | undefined,
  found: References,
): (file: FileOccurrences) => void {
  const holders = context.index.fieldsNamed(name).map((f) => `${f.struct.name} ${f.file.path}`);
  // One struct has a field of that name: every member of that name is it (no receiver to type).
  const mustType = holder !== undefined && new Set(holders).size > 1;
  const deadline = performance.now() + MEMBER_TYPING_BUDGET_MS;
  const baseTypes: BaseTypeMemo = new Map();
  return (file) => {
    const lines = new LineIndex(file.text);
    const fileUri = context.paths.uri(file.path);
    for (const start of file.starts) {
      if (!isMemberPosition(file.text, start)) continue;
      if (mustType && performance.now() < deadline) {
        const typed = memberHolderAt(context, fileUri, file.text, lines, start, baseTypes);
        if (typed !== undefined && typed !== holder!.name) continue;
        if (typed !== undefined && structScope(context, file.path, typed) !== holder!.scope) continue;
      }
      found.add(file.path, lines.rangeAt(start, start + name.length));
    }
  };
}

/** A function, global, macro or struct named where the name is not a member; a tag only after `struct`.
 * Returns what reads one file. */
function otherUses(
  context: ServerContext,
  symbol: SymbolAtPosition,
  found: References,
): (file: FileOccurrences) => void {
  const { name } = symbol;
  const tag =
    symbol.kind === "struct" && !isTypedef(context, name)
      ? /\b(struct|union)\s+$/
      : symbol.kind === "enum"
        ? /\benum\s+$/
        : undefined;
  // Struct fields of the same name (`int (*init)(struct sock *sk);`) are declarations of something else.
  const fieldsToo = context.index.has("field", name);
  return (file) => {
    const lines = new LineIndex(file.text);
    const fields = fieldsToo ? fieldDeclarationsIn(context, file.path, name) : [];
    for (const start of file.starts) {
      const before = file.text.slice(Math.max(0, start - 40), start);
      // A macro such as sk_prot is what `sk->sk_prot` expands.
      if (symbol.kind !== "macro" && isMemberPosition(file.text, start)) continue;
      if (tag && !tag.test(before)) continue;
      const range = lines.rangeAt(start, start + name.length);
      if (fields.some((f) => byRangeStart(f, range) === 0)) continue;
      found.add(file.path, range);
    }
  };
}

function fieldDeclarationsIn(context: ServerContext, path: string, name: string): CompactRange[] {
  const structs = context.index.file(path)?.structs ?? [];
  return structs.flatMap((s) => s.fields.filter((f) => f.name === name).map((f) => f.range));
}

/** Right after `->` or `.` (not `...`): a member or a designator. */
/** After `->` or `.`, or the member argument of offsetof, container_of … (memberArgumentAt). */
function isMemberPosition(text: string, start: number): boolean {
  return (
    /(->|[^.]\.)\s*$/.test(text.slice(Math.max(0, start - 40), start)) || !!memberArgumentAt(text, start)
  );
}

function isTypedef(context: ServerContext, name: string): boolean {
  return (
    context.index.resolveTypedef(name) !== name ||
    context.index.structsNamed(name).some((s) => s.symbol.isTypedef)
  );
}

/** An open document's text as the editor has it, else the file's bytes. */
function readForSearch(context: ServerContext, path: string): string | Buffer | undefined {
  if (context.documents.isOpen(path)) return context.documents.textOf(context.paths.uri(path));
  try {
    return readFileSync(context.paths.absolute(path));
  } catch {
    return undefined;
  }
}

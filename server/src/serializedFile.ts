// One file's index as it travels and is stored: a small header (where the file is, its hash, the names it
// adds to the workspace tables) and the symbols as JSON. The name tables are built from headers alone; the
// JSON is parsed only when a request needs that file, so a warm start never materialises 500k symbols.
import { emptyFileSymbols, type FileSymbols } from "./fileSymbols.js";

/**
 * The names one file adds to the workspace-wide tables, in the order of its FileSymbols arrays. Each list is
 * one space-separated string (C names hold no whitespace): parsing a header then makes a dozen strings
 * instead of a hundred, and a list is split only when its table is built.
 */
export interface FileNames {
  /** By index into FileSymbols.functions. */
  functions: string;
  /** Pairs "alias index": sys_listen for SYSCALL_DEFINE2(listen, …). */
  aliases: string;
  structs: string;
  /** Every struct's field names, struct after struct. */
  fields: string;
  /** Named enums (an anonymous one adds no name). */
  enums: string;
  /** Every enum's enumerators, enum after enum. */
  enumerators: string;
  macros: string;
  variables: string;
  /** Pairs "typedef struct-type", for the typedefs of a struct. */
  typedefs: string;
  /** Every typedef's name, by index into FileSymbols.typedefs. */
  types: string;
  /** Tags declared without a body, by index into FileSymbols.tagDeclarations. */
  declaredTags: string;
  /** Callee by index into FileSymbols.calls. */
  calls: string;
  /** One letter per call: "d" direct, "f" through a field. */
  callKinds: string;
  /** Pairs "target field", by index into FileSymbols.opsEntries. */
  ops: string;
}

/** The names of a FileNames list, by position. */
export function nameList(list: string): string[] {
  return list === "" ? [] : list.split(" ");
}

/** The pairs of a FileNames pair list. */
export function namePairs(list: string): [string, string][] {
  const words = nameList(list);
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < words.length; i += 2) pairs.push([words[i]!, words[i + 1]!]);
  return pairs;
}

export interface FileHeader {
  path: string;
  contentHash: string;
  stamp?: string;
  error?: string;
  /** As in FileSymbols: what the indexer reads to index included headers next. */
  includes?: string[];
  names: FileNames;
}

/** A body left where it is stored (shardSlice.ts), read when needed. */
export interface StoredBody {
  /** The bytes; undefined when they can no longer be read (their shard closed, a read error). */
  read(): Buffer | undefined;
}

export interface SerializedFile {
  header: FileHeader;
  /** JSON of the FileSymbols: as text, as the cache's ASCII bytes, or still in the cache (decoded only when
   * parsed); it may carry another path or stamp than the header, which wins. */
  body: string | Buffer | StoredBody;
}

/** A stored body that could not be read (UNREADABLE_ENTRY's cause): its file is extracted again. */
export class UnreadableBodyError extends Error {
  constructor() {
    super("its cache shard can no longer be read");
  }
}

function bodyBytes(body: SerializedFile["body"]): string | Buffer {
  if (typeof body === "string" || Buffer.isBuffer(body)) return body;
  const bytes = body.read();
  if (bytes === undefined) throw new UnreadableBodyError();
  return bytes;
}

function bodyText(body: SerializedFile["body"]): string {
  const bytes = bodyBytes(body);
  return typeof bytes === "string" ? bytes : bytes.toString("latin1");
}

const WHITESPACE_BUT_SPACE = /[^\S ]/;

function spacesIn(text: string): number {
  let spaces = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x20) spaces++;
  return spaces;
}

export function namesOf(file: FileSymbols): FileNames {
  // Whitespace would shift every later position of a list; an identifier never has any, so the joined list
  // is checked once and names are cleaned only when it holds more than its separators.
  const join = (names: string[]) => {
    const joined = names.join(" ");
    return WHITESPACE_BUT_SPACE.test(joined) || spacesIn(joined) !== Math.max(0, names.length - 1)
      ? names.map((name) => name.replace(/\s/g, "")).join(" ")
      : joined;
  };
  const aliases: string[] = [];
  file.functions.forEach((f, index) => {
    for (const alias of f.aliases ?? []) aliases.push(alias, String(index));
  });
  return {
    functions: join(file.functions.map((f) => f.name)),
    aliases: join(aliases),
    structs: join(file.structs.map((s) => s.name)),
    fields: join(file.structs.flatMap((s) => s.fields.map((f) => f.name))),
    enums: join(file.enums.flatMap((e) => (e.name === undefined ? [] : [e.name]))),
    enumerators: join(file.enums.flatMap((e) => e.enumerators.map((member) => member.name))),
    macros: join(file.macros.map((m) => m.name)),
    variables: join(file.variables.map((v) => v.name)),
    typedefs: join(file.typedefs.flatMap((t) => (t.structType === undefined ? [] : [t.name, t.structType]))),
    types: join(file.typedefs.map((t) => t.name)),
    declaredTags: join((file.tagDeclarations ?? []).map((t) => t.name)),
    calls: join(file.calls.map((c) => c.callee)),
    callKinds: file.calls.map((c) => (c.kind === "direct" ? "d" : "f")).join(""),
    // A parameter stored names no function: in parentheses, no function's name finds it.
    ops: join(
      file.opsEntries.flatMap((o) => [o.parameter === undefined ? o.target : `(${o.target})`, o.field]),
    ),
  };
}

export function headerOf(file: FileSymbols): FileHeader {
  const header: FileHeader = { path: file.path, contentHash: file.contentHash, names: namesOf(file) };
  if (file.stamp !== undefined) header.stamp = file.stamp;
  if (file.error !== undefined) header.error = file.error;
  if (file.includes?.length) header.includes = file.includes;
  return header;
}

export function serializeFile(file: FileSymbols): SerializedFile {
  return { header: headerOf(file), body: JSON.stringify(file) };
}

/** The error of a file whose stored body does not parse (a damaged cache entry). */
export const UNREADABLE_ENTRY = "failed: unreadable index entry";

/** The symbols of a serialized file, with the header's path and stamp (a cache hit by content may come
 * from another path). A body that does not parse yields empty symbols with the reason. */
export function parseBody(file: SerializedFile): FileSymbols {
  const { path, contentHash, stamp } = file.header;
  let symbols: FileSymbols;
  try {
    symbols = JSON.parse(bodyText(file.body)) as FileSymbols;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return emptyFileSymbols(path, contentHash, `${UNREADABLE_ENTRY} (${reason})`);
  }
  symbols.path = path;
  if (stamp === undefined) delete symbols.stamp;
  else symbols.stamp = stamp;
  return symbols;
}

const TAB = 0x09;
const NON_ASCII = /[\u0080-\uffff]/g;

/**
 * One line of a cache shard: header JSON, a tab, body JSON. JSON never holds a raw tab or newline, so both
 * split points are unambiguous; non-ASCII is escaped so shards load as latin1, which V8 decodes and parses
 * as one-byte strings (about a third faster than a UTF-8 read). The bytes have an ArrayBuffer of their own
 * (not the pool's), so a worker transfers them instead of posting a copy of a string. A stored body that
 * cannot be read throws UnreadableBodyError.
 */
export function encodeLine(file: SerializedFile): Buffer {
  const header = asciiOnly(JSON.stringify(file.header));
  const bytes = bodyBytes(file.body);
  const body = typeof bytes === "string" ? asciiOnly(bytes) : bytes;
  const line = Buffer.allocUnsafeSlow(header.length + 1 + body.length);
  line.write(header, 0, "latin1");
  line[header.length] = TAB;
  if (typeof body === "string") line.write(body, header.length + 1, "latin1");
  else body.copy(line, header.length + 1);
  return line;
}

function asciiOnly(json: string): string {
  // Every code unit past 0x7f takes two bytes or more in UTF-8: a count, ≈ 1.5× faster than a regex search.
  return Buffer.byteLength(json, "utf8") === json.length ? json : json.replace(NON_ASCII, escapeCodeUnit);
}

function escapeCodeUnit(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** Where the header of the line in `bytes` from `start` to `end` ends: the tab before its body. Throws on a
 * line without one. */
export function headerEnd(bytes: Buffer, start = 0, end = bytes.length): number {
  const tab = bytes.indexOf(TAB, start);
  if (tab < 0 || tab > end) throw new Error("index entry without a body");
  return tab;
}

/** The header of the line in `bytes` from `start` to `end`, parsed, and where its body starts. Throws on a
 * malformed line. */
export function decodeHeader(
  bytes: Buffer,
  start: number,
  end: number,
): { header: FileHeader; bodyStart: number } {
  const tab = headerEnd(bytes, start, end);
  return { header: parseHeader(bytes.toString("latin1", start, tab)), bodyStart: tab + 1 };
}

/** The line in `bytes` from `start` to `end`: its header parsed, its body a slice of the bytes (parsed when
 * the file is needed). Throws on a malformed line. */
export function decodeLine(bytes: Buffer, start = 0, end = bytes.length): SerializedFile {
  const { header, bodyStart } = decodeHeader(bytes, start, end);
  return { header, body: bytes.subarray(bodyStart, end) };
}

/** Throws unless `text` is a header's JSON. */
export function parseHeader(text: string): FileHeader {
  const header = JSON.parse(text) as FileHeader;
  if (typeof header?.path !== "string" || typeof header.names !== "object" || header.names === null) {
    throw new Error("index entry without a path or names");
  }
  return header;
}

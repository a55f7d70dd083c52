// One file's index as it travels and is stored: a small header (where the file is, its hash, the names it
// adds to the workspace tables) and the symbols as JSON. The name tables are built from headers alone; the
// JSON is parsed only when a request needs that file, so a warm start never materialises 500k symbols.
import type { FileSymbols } from "./fileSymbols.js";

/** The names one file adds to the workspace-wide tables, in the order of its FileSymbols arrays. */
export interface FileNames {
  /** By index into FileSymbols.functions. */
  functions: string[];
  /** [alias, function index]: sys_listen for SYSCALL_DEFINE2(listen, …). */
  aliases: [string, number][];
  structs: string[];
  /** Every struct's field names, struct after struct. */
  fields: string[];
  macros: string[];
  variables: string[];
  /** [typedef name, struct type]. */
  typedefs: [string, string][];
  /** Callee by index into FileSymbols.calls. */
  calls: string[];
  /** One letter per call: "d" direct, "f" through a field. */
  callKinds: string;
  /** [target, field] by index into FileSymbols.opsEntries. */
  ops: [string, string][];
}

export interface FileHeader {
  path: string;
  contentHash: string;
  stamp?: string;
  error?: string;
  names: FileNames;
}

export interface SerializedFile {
  header: FileHeader;
  /** JSON of the FileSymbols; may carry another path or stamp than the header, which wins. */
  body: string;
}

export function namesOf(file: FileSymbols): FileNames {
  const aliases: [string, number][] = [];
  file.functions.forEach((f, index) => {
    for (const alias of f.aliases ?? []) aliases.push([alias, index]);
  });
  return {
    functions: file.functions.map((f) => f.name),
    aliases,
    structs: file.structs.map((s) => s.name),
    fields: file.structs.flatMap((s) => s.fields.map((f) => f.name)),
    macros: file.macros.map((m) => m.name),
    variables: file.variables.map((v) => v.name),
    typedefs: file.typedefs.map((t) => [t.name, t.structType]),
    calls: file.calls.map((c) => c.callee),
    callKinds: file.calls.map((c) => (c.kind === "direct" ? "d" : "f")).join(""),
    ops: file.opsEntries.map((o) => [o.target, o.field]),
  };
}

export function headerOf(file: FileSymbols): FileHeader {
  const header: FileHeader = { path: file.path, contentHash: file.contentHash, names: namesOf(file) };
  if (file.stamp !== undefined) header.stamp = file.stamp;
  if (file.error !== undefined) header.error = file.error;
  return header;
}

export function serializeFile(file: FileSymbols): SerializedFile {
  return { header: headerOf(file), body: JSON.stringify(file) };
}

/** The symbols of a serialized file, with the header's path and stamp (a cache hit by content may come
 * from another path). A body that does not parse yields empty symbols with the reason. */
export function parseBody(file: SerializedFile): FileSymbols {
  const { path, contentHash, stamp } = file.header;
  let symbols: FileSymbols;
  try {
    symbols = JSON.parse(file.body) as FileSymbols;
  } catch (error) {
    return {
      path,
      contentHash,
      functions: [],
      structs: [],
      macros: [],
      variables: [],
      calls: [],
      opsEntries: [],
      typedefs: [],
      error: `failed: unreadable index entry (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  symbols.path = path;
  if (stamp === undefined) delete symbols.stamp;
  else symbols.stamp = stamp;
  return symbols;
}

/**
 * One line of a cache shard: header JSON, a tab, body JSON. JSON never holds a raw tab or newline, so both
 * split points are unambiguous; non-ASCII is escaped so shards load as latin1, which V8 decodes and parses
 * as one-byte strings (about a third faster than a UTF-8 read).
 */
export function encodeLine(file: SerializedFile): string {
  const line = `${JSON.stringify(file.header)}\t${file.body}`;
  return /[\u0080-\uffff]/.test(line) ? line.replace(/[\u0080-\uffff]/g, escapeCodeUnit) : line;
}

function escapeCodeUnit(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** Parses the header only; throws on a malformed line. */
export function decodeLine(line: string): SerializedFile {
  const tab = line.indexOf("\t");
  if (tab < 0) throw new Error("index entry without a body");
  const header = JSON.parse(line.slice(0, tab)) as FileHeader;
  if (typeof header?.path !== "string" || typeof header.names !== "object" || header.names === null) {
    throw new Error("index entry without a path or names");
  }
  return { header, body: line.slice(tab + 1) };
}

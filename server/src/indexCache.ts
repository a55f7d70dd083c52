// On-disk cache of per-file symbols keyed by content hash, so a second start skips parsing unchanged files.
import { createHash } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FileSymbols } from "./fileSymbols.js";
import { grammarFiles, type QueryName } from "./grammarFiles.js";

/** Bump when the cache format changes; extractor code changes are caught by the code fingerprint. */
export const EXTRACTOR_VERSION = 4;

/** Several smaller files instead of one: loading never holds the whole cache text in memory at once. */
const SHARDS = 8;

/** Buffered per shard before a write, so thousands of small entries cost a few hundred writes. */
const WRITE_CHUNK_CHARS = 1 << 20;

/**
 * One cache entry as JSON with non-ASCII escaped: shards are then pure ASCII and load as latin1, which
 * V8 decodes and JSON-parses as one-byte strings (about a third faster than a UTF-8 read).
 */
export function encodeCacheEntry(file: FileSymbols): string {
  const json = JSON.stringify(file);
  return /[\u0080-\uffff]/.test(json) ? json.replace(/[\u0080-\uffff]/g, escapeCodeUnit) : json;
}

function escapeCodeUnit(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** Whether an entry may be cached: failures (a dead worker) are retried on the next start. */
export function isCacheable(file: FileSymbols): boolean {
  return file.contentHash !== "" && !file.error?.startsWith("failed");
}

const QUERY_NAMES: QueryName[] = ["functions", "calls", "structs", "ops-tables", "macros", "locals"];

export interface CachedIndex {
  byHash: Map<string, FileSymbols>;
  byPath: Map<string, FileSymbols>;
}

export function defaultCacheDirectory(): string {
  const base = process.env.XDG_CACHE_HOME || os.tmpdir();
  return path.join(base, "kernel-lens", "server-index");
}

/** The server's own compiled code (or the bundle): a changed extractor must not reuse old entries. */
function serverCode(): string[] {
  const directory = path.dirname(fileURLToPath(import.meta.url));
  try {
    return readdirSync(directory)
      .filter((name) => /\.(js|ts)$/.test(name) && !name.endsWith(".d.ts"))
      .sort()
      .map((name) => readFileSync(path.join(directory, name), "utf8"));
  } catch {
    return [];
  }
}

export class IndexCache {
  private readonly filePrefix: string;

  constructor(directory: string, grammarDirectory?: string) {
    const grammar = grammarFiles(grammarDirectory);
    const fingerprint = createHash("sha1");
    for (const name of QUERY_NAMES) fingerprint.update(grammar.readQuery(name));
    for (const code of serverCode()) fingerprint.update(code);
    const name = `index-v${EXTRACTOR_VERSION}-${fingerprint.digest("hex").slice(0, 12)}`;
    this.filePrefix = path.join(directory, name);
  }

  /** Cached symbols by content hash and by path; an unreadable or corrupt cache is treated as empty. */
  load(): CachedIndex {
    const cached: CachedIndex = { byHash: new Map(), byPath: new Map() };
    for (let shard = 0; shard < SHARDS; shard++) {
      let entries: FileSymbols[];
      try {
        entries = JSON.parse(readFileSync(this.shardFile(shard), "latin1")) as FileSymbols[];
      } catch {
        continue;
      }
      for (const entry of entries) {
        cached.byHash.set(entry.contentHash, entry);
        cached.byPath.set(entry.path, entry);
      }
    }
    return cached;
  }

  save(files: Iterable<FileSymbols>): void {
    const writer = this.writer();
    try {
      for (const file of files) if (isCacheable(file)) writer.add(file.path, encodeCacheEntry(file));
      writer.commit();
    } finally {
      writer.abandon();
    }
  }

  /** Streams entries to temporary shards as they come (no 55 MB JSON.stringify at the end of a cold run). */
  writer(): CacheWriter {
    mkdirSync(path.dirname(this.filePrefix), { recursive: true });
    this.removeOtherVersions();
    return new CacheWriter((shard) => this.shardFile(shard));
  }

  /** Caches written by other server builds are never read again. */
  private removeOtherVersions(): void {
    const directory = path.dirname(this.filePrefix);
    const current = path.basename(this.filePrefix);
    for (const name of readdirSync(directory)) {
      if (/^index-v\d+-[0-9a-f]{12}-\d+\.json$/.test(name) && !name.startsWith(`${current}-`)) {
        rmSync(path.join(directory, name), { force: true });
      }
    }
  }

  private shardFile(shard: number): string {
    return `${this.filePrefix}-${shard}.json`;
  }
}

/** Appends encoded entries round-robin to temporary shard files; commit renames them into place. */
export class CacheWriter {
  private readonly written = new Set<string>();
  private readonly buffers: string[][] = Array.from({ length: SHARDS }, () => []);
  private readonly bufferedChars: number[] = new Array<number>(SHARDS).fill(0);
  private readonly entries: number[] = new Array<number>(SHARDS).fill(0);
  private readonly descriptors: number[] = [];
  private next = 0;
  private finished = false;

  constructor(private readonly shardFile: (shard: number) => string) {
    for (let shard = 0; shard < SHARDS; shard++) {
      this.descriptors.push(openSync(this.temporary(shard), "w"));
      this.buffers[shard]!.push("[");
    }
  }

  has(path: string): boolean {
    return this.written.has(path);
  }

  /** `json` is an encodeCacheEntry result; the first entry for a path wins. */
  add(path: string, json: string): void {
    if (this.written.has(path)) return;
    this.written.add(path);
    const shard = this.next++ % SHARDS;
    const buffer = this.buffers[shard]!;
    if (this.entries[shard]!++ > 0) buffer.push(",");
    buffer.push(json);
    this.bufferedChars[shard]! += json.length;
    if (this.bufferedChars[shard]! >= WRITE_CHUNK_CHARS) this.flush(shard);
  }

  /** Write then rename, so a concurrent reader never sees half a file. */
  commit(): void {
    if (this.finished) return;
    for (let shard = 0; shard < SHARDS; shard++) {
      this.buffers[shard]!.push("]");
      this.flush(shard);
      closeSync(this.descriptors[shard]!);
    }
    this.finished = true;
    for (let shard = 0; shard < SHARDS; shard++) renameSync(this.temporary(shard), this.shardFile(shard));
  }

  /** Drops the temporary files unless committed. */
  abandon(): void {
    if (this.finished) return;
    this.finished = true;
    for (let shard = 0; shard < SHARDS; shard++) {
      try {
        closeSync(this.descriptors[shard]!);
      } catch {
        // Already closed.
      }
      rmSync(this.temporary(shard), { force: true });
    }
  }

  private flush(shard: number): void {
    const buffer = this.buffers[shard]!;
    writeSync(this.descriptors[shard]!, buffer.join(""), null, "latin1");
    this.buffers[shard] = [];
    this.bufferedChars[shard] = 0;
  }

  private temporary(shard: number): string {
    return `${this.shardFile(shard)}.${process.pid}.tmp`;
  }
}

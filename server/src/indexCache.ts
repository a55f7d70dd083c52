// On-disk cache of per-file headers and symbols keyed by content hash, so a second start skips parsing
// unchanged files. A shard holds one file per line (serializedFile.ts: header, tab, body).
import { createHash } from "node:crypto";
import { mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FileSymbols } from "./fileSymbols.js";
import { grammarFiles, type QueryName } from "./grammarFiles.js";
import {
  decodeHeader,
  encodeLine,
  headerEnd,
  serializeFile,
  type FileHeader,
  type SerializedFile,
  type StoredBody,
} from "./serializedFile.js";
import { OpenShard, ShardSlice } from "./shardSlice.js";

/** Bump when the cache format changes; extractor code changes are caught by the code fingerprint. */
export const EXTRACTOR_VERSION = 6;

/** Several files, written round-robin as results stream in. Loading reads their headers; each body stays in
 * its shard (shardSlice.ts) until its file is first needed. */
const SHARDS = 8;

/** Shards are read through one buffer of this size, grown only for a longer line: memory a process touches
 * for the first time is what a warm start paid most for (≈ 19k page faults for 77 MB of shards). */
const READ_CHUNK_BYTES = 1 << 20;

/** Buffered per shard before a write, so thousands of small entries cost a few hundred writes. */
const WRITE_CHUNK_BYTES = 1 << 20;

const NEWLINE = 0x0a;
const NEWLINE_BYTES = Buffer.from("\n");

/** Whether an entry may be cached: failures (a dead worker) are retried on the next start. */
export function isCacheable(header: FileHeader): boolean {
  return header.contentHash !== "" && !header.error?.startsWith("failed");
}

const QUERY_NAMES: QueryName[] = ["functions", "calls", "structs", "enums", "ops-tables", "locals"];

export interface CachedIndex {
  byHash: Map<string, SerializedFile>;
  byPath: Map<string, SerializedFile>;
}

/**
 * Where a tree's index is cached unless the client says: the user's cache folder, which outlives the
 * reboot that empties a tmpfs /tmp, and one folder per kernel tree, so trees opened in turn both start warm.
 */
export function defaultCacheDirectory(root: string): string {
  const tree = path.resolve(root);
  const key = `${path.basename(tree) || "root"}-${createHash("sha1").update(tree).digest("hex").slice(0, 8)}`;
  return path.join(userCacheBase(), "kernel-lens", "server-index", key);
}

function userCacheBase(): string {
  if (process.env.XDG_CACHE_HOME) return process.env.XDG_CACHE_HOME;
  if (process.platform === "win32" && process.env.LOCALAPPDATA) return process.env.LOCALAPPDATA;
  let home = "";
  try {
    home = os.homedir();
  } catch {
    // No home folder (a service account without one): the temp dir, as before.
  }
  if (!home) return os.tmpdir();
  return process.platform === "darwin" ? path.join(home, "Library", "Caches") : path.join(home, ".cache");
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
  /** The shards the bodies this cache loaded (or last wrote) are read from. */
  private readonly open: { shards: OpenShard[] } = { shards: [] };

  constructor(directory: string, grammarDirectory?: string) {
    const grammar = grammarFiles(grammarDirectory);
    const fingerprint = createHash("sha1");
    for (const name of QUERY_NAMES) fingerprint.update(grammar.readQuery(name));
    for (const code of serverCode()) fingerprint.update(code);
    const name = `index-v${EXTRACTOR_VERSION}-${fingerprint.digest("hex").slice(0, 12)}`;
    this.filePrefix = path.join(directory, name);
  }

  /** Cached files by content hash and by path. Only headers are decoded; each body stays in its shard until
   * its file is needed. An unreadable shard is skipped and a malformed line dropped. */
  load(): CachedIndex {
    const cached: CachedIndex = { byHash: new Map(), byPath: new Map() };
    const add = (entry: SerializedFile) => {
      cached.byHash.set(entry.header.contentHash, entry);
      cached.byPath.set(entry.header.path, entry);
    };
    let buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (let shard = 0; shard < SHARDS; shard++) {
      const file = this.shardFile(shard);
      let descriptor: number;
      try {
        descriptor = openSync(file, "r");
      } catch {
        continue;
      }
      const open = new OpenShard(descriptor);
      let entries = 0;
      try {
        // `buffer` holds the shard's bytes from `position` on, `filled` of them read.
        let position = 0;
        let filled = 0;
        for (;;) {
          if (filled === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
          const read = readSync(descriptor, buffer, filled, buffer.length - filled, position + filled);
          const atEnd = read === 0;
          filled += read;
          let start = 0;
          while (start < filled) {
            let end = buffer.indexOf(NEWLINE, start);
            if (end < 0 || end >= filled) {
              if (!atEnd) break;
              end = filled;
            }
            const entry = entryOf(buffer, start, end, open, position);
            if (entry) {
              add(entry);
              entries++;
            }
            start = end + 1;
          }
          if (atEnd) break;
          // The line not read whole yet goes to the front.
          buffer.copy(buffer, 0, start, filled);
          position += start;
          filled -= start;
        }
      } catch {
        // A shard that cannot be read to its end costs its files a parse; what was read of it stands.
      } finally {
        if (entries > 0) this.open.shards.push(open);
        else open.close();
      }
    }
    return cached;
  }

  save(files: Iterable<FileSymbols>): void {
    const writer = this.writer();
    try {
      for (const file of files) {
        const serialized = serializeFile(file);
        if (isCacheable(serialized.header)) writer.add(file.path, encodeLine(serialized));
      }
      writer.commit();
    } finally {
      writer.abandon();
    }
  }

  /** Streams lines to temporary shards as they come (no 55 MB JSON.stringify at the end of a cold run). */
  writer(): CacheWriter {
    mkdirSync(path.dirname(this.filePrefix), { recursive: true });
    this.removeOtherVersions();
    return new CacheWriter((shard) => this.shardFile(shard), this.open);
  }

  /** Caches written by other server builds are never read again. */
  private removeOtherVersions(): void {
    const directory = path.dirname(this.filePrefix);
    const current = path.basename(this.filePrefix);
    for (const name of readdirSync(directory)) {
      if (/^index-v\d+-[0-9a-f]{12}-\d+\.jsonl?$/.test(name) && !name.startsWith(`${current}-`)) {
        rmSync(path.join(directory, name), { force: true });
      }
    }
  }

  private shardFile(shard: number): string {
    return `${this.filePrefix}-${shard}.jsonl`;
  }
}

/** The entry of the line from `start` to `end` of `bytes`, which hold `shard` from `position` on; undefined
 * for a damaged line, which costs only its file a parse. */
function entryOf(
  bytes: Buffer,
  start: number,
  end: number,
  shard: OpenShard,
  position: number,
): SerializedFile | undefined {
  try {
    const { header, bodyStart } = decodeHeader(bytes, start, end);
    return { header, body: new ShardSlice(shard, position + bodyStart, end - bodyStart) };
  } catch {
    return undefined;
  }
}

/** Where a body added to a shard lands once its shard is flushed: a body of the cache this one replaces
 * moves there, any other is handed to `stored`. */
interface Placement {
  moved: ShardSlice | undefined;
  stored: ((body: StoredBody) => void) | undefined;
  offset: number;
  length: number;
}

/** Appends encoded lines round-robin to temporary shard files; commit renames them into place. */
export class CacheWriter {
  private readonly written = new Set<string>();
  private readonly buffers: Buffer[][] = Array.from({ length: SHARDS }, () => []);
  private readonly bufferedBytes: number[] = new Array<number>(SHARDS).fill(0);
  private readonly entries: number[] = new Array<number>(SHARDS).fill(0);
  /** The temporary shards, written through and read back through once written (renamed or not). */
  private readonly shards: OpenShard[] = [];
  /** Whether a body has been placed in each shard (it is then left open on abandon). */
  private readonly placedIn: boolean[] = new Array<boolean>(SHARDS).fill(false);
  /** Bytes added to each shard so far, separators included: where its next line starts. */
  private readonly shardBytes: number[] = new Array<number>(SHARDS).fill(0);
  /** The bodies added to each shard since it was last flushed. */
  private readonly pending: Placement[][] = Array.from({ length: SHARDS }, () => []);
  private next = 0;
  private finished = false;

  constructor(
    private readonly shardFile: (shard: number) => string,
    /** The shards the cache reads bodies from: closed before the new ones are renamed over their names,
     * then replaced by them. */
    private readonly open: { shards: OpenShard[] } = { shards: [] },
  ) {
    for (let shard = 0; shard < SHARDS; shard++) {
      this.shards.push(new OpenShard(openSync(this.temporary(shard), "w+")));
    }
  }

  has(path: string): boolean {
    return this.written.has(path);
  }

  /** `line` is an encodeLine result; the first entry for a path wins. `body` is the line's body as the
   * index holds it: once the line is written, one still in a shard of the cache this one replaces is
   * pointed at its new place, and any other is handed to `stored` as a slice of the new shard, so that its
   * bytes leave memory while a cold index is still running. */
  add(path: string, line: Buffer, body?: SerializedFile["body"], stored?: (body: StoredBody) => void): void {
    if (this.written.has(path)) return;
    this.written.add(path);
    const shard = this.next++ % SHARDS;
    const buffer = this.buffers[shard]!;
    if (this.entries[shard]!++ > 0) {
      buffer.push(NEWLINE_BYTES);
      this.shardBytes[shard]! += NEWLINE_BYTES.length;
    }
    if (body instanceof ShardSlice || stored) {
      const bodyStart = headerEnd(line) + 1;
      const offset = this.shardBytes[shard]! + bodyStart;
      const moved = body instanceof ShardSlice ? body : undefined;
      this.pending[shard]!.push({ moved, stored, offset, length: line.length - bodyStart });
    }
    buffer.push(line);
    this.shardBytes[shard]! += line.length;
    this.bufferedBytes[shard]! += line.length;
    if (this.bufferedBytes[shard]! >= WRITE_CHUNK_BYTES) this.flush(shard);
  }

  /** Write then rename, so a concurrent reader never sees half a file. Bodies are then read through the
   * descriptors written, whatever is renamed over these names later. */
  commit(): void {
    if (this.finished) return;
    for (let shard = 0; shard < SHARDS; shard++) this.flush(shard);
    // Every body the index holds from them has moved to the new shards by now.
    for (const old of this.open.shards) old.close();
    this.open.shards = [];
    for (let shard = 0; shard < SHARDS; shard++) renameSync(this.temporary(shard), this.shardFile(shard));
    this.finished = true;
    this.open.shards = this.shards;
  }

  /** Drops the temporary files unless committed. */
  abandon(): void {
    if (this.finished) return;
    this.finished = true;
    for (let shard = 0; shard < SHARDS; shard++) {
      // A shard bodies were placed in stays open for them (closed when they are gone).
      if (!this.placedIn[shard]) this.shards[shard]!.close();
      rmSync(this.temporary(shard), { force: true });
    }
  }

  private flush(shard: number): void {
    const buffer = this.buffers[shard]!;
    const written = this.shards[shard]!;
    written.append(buffer);
    this.buffers[shard] = [];
    this.bufferedBytes[shard] = 0;
    for (const { moved, stored, offset, length } of this.pending[shard]!) {
      if (moved) moved.moveTo(written, offset);
      else stored?.(new ShardSlice(written, offset, length));
      this.placedIn[shard] = true;
    }
    this.pending[shard] = [];
  }

  private temporary(shard: number): string {
    return `${this.shardFile(shard)}.${process.pid}.tmp`;
  }
}

// A cache entry's body left in its shard file and read when its file is first needed: a warm start then
// holds the headers, not 77 MB of bodies it mostly never parses (bench/RESULTS.md, seventeenth session).
import { closeSync, fstatSync, openSync, readSync, type Stats } from "node:fs";
import type { StoredBody } from "./serializedFile.js";

/** What a shard file was when offsets into it were taken: a shard renamed over it since is another file. */
export interface ShardIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

export function identityOf(stats: Stats): ShardIdentity {
  return { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs };
}

function sameIdentity(a: ShardIdentity, b: ShardIdentity): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** `length` bytes at `offset` of a shard. No descriptor is held between reads: a cache written meanwhile
 * (by this server or another on the same tree) renames its shards over these names on every platform. */
export class ShardSlice implements StoredBody {
  constructor(
    private file: string,
    private identity: ShardIdentity,
    private offset: number,
    readonly length: number,
  ) {}

  read(): Buffer | undefined {
    let descriptor: number | undefined;
    try {
      descriptor = openSync(this.file, "r");
      if (!sameIdentity(identityOf(fstatSync(descriptor)), this.identity)) return undefined;
      const bytes = Buffer.allocUnsafe(this.length);
      return readSync(descriptor, bytes, 0, this.length, this.offset) === this.length ? bytes : undefined;
    } catch {
      // The shard is gone or unreadable: the caller extracts the file again.
      return undefined;
    } finally {
      if (descriptor !== undefined) closeSync(descriptor);
    }
  }

  /** The same bytes, written again at `offset` of another shard (CacheWriter.commit). */
  moveTo(file: string, identity: ShardIdentity, offset: number): void {
    this.file = file;
    this.identity = identity;
    this.offset = offset;
  }
}

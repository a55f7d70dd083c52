// A cache entry's body left in its shard file and read when its file is first needed: a warm start then
// holds the headers, not 77 MB of bodies it mostly never parses (bench/RESULTS.md, eighteenth session).
import { closeSync, readSync, writevSync } from "node:fs";
import type { StoredBody } from "./serializedFile.js";

// A shard no body refers to any more is closed when it is collected.
const closeWhenUnreferenced = new FinalizationRegistry<number>((descriptor) => {
  try {
    closeSync(descriptor);
  } catch {
    // Already closed.
  }
});

/**
 * A shard file held open while bodies in it may be read. Through the descriptor the bytes stay as they were
 * when they were written or loaded, even once another cache is renamed over the name or a server of another
 * build removes the file (on Windows Node opens files shareable for deletion too; a rename over an open one
 * may fail there, and that writer reports its cache not saved).
 */
export class OpenShard {
  private descriptor: number | undefined;

  constructor(descriptor: number) {
    this.descriptor = descriptor;
    closeWhenUnreferenced.register(this, descriptor, this);
  }

  /** Writes `buffers` at the end of a shard being written (CacheWriter). */
  append(buffers: Buffer[]): void {
    if (this.descriptor === undefined) throw new Error("cache shard already closed");
    writevSync(this.descriptor, buffers);
  }

  /** `length` bytes at `offset`; undefined once closed or when they cannot be read whole. */
  read(offset: number, length: number): Buffer | undefined {
    if (this.descriptor === undefined) return undefined;
    const bytes = Buffer.allocUnsafe(length);
    try {
      for (let filled = 0; filled < length;) {
        const read = readSync(this.descriptor, bytes, filled, length - filled, offset + filled);
        if (read === 0) return undefined;
        filled += read;
      }
      return bytes;
    } catch {
      return undefined;
    }
  }

  /** Before the cache that read it renames a new shard over its name: a rename over an open file can fail
   * on Windows. Bodies still in it read as unreadable after. */
  close(): void {
    if (this.descriptor === undefined) return;
    closeWhenUnreferenced.unregister(this);
    try {
      closeSync(this.descriptor);
    } catch {
      // Already closed.
    }
    this.descriptor = undefined;
  }
}

/** `length` bytes at `offset` of an open shard. */
export class ShardSlice implements StoredBody {
  constructor(
    private shard: OpenShard,
    private offset: number,
    readonly length: number,
  ) {}

  read(): Buffer | undefined {
    return this.shard.read(this.offset, this.length);
  }

  /** The same bytes, written again at `offset` of another shard (when CacheWriter flushes it). */
  moveTo(shard: OpenShard, offset: number): void {
    this.shard = shard;
    this.offset = offset;
  }
}

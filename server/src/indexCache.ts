// On-disk cache of per-file symbols keyed by content hash, so a second start skips parsing unchanged files.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FileSymbols } from "./fileSymbols.js";
import { grammarFiles, type QueryName } from "./grammarFiles.js";

/** Bump when the cache format changes; extractor code changes are caught by the code fingerprint. */
export const EXTRACTOR_VERSION = 3;

/** Several smaller files instead of one: loading never holds the whole cache text in memory at once. */
const SHARDS = 8;

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
        entries = JSON.parse(readFileSync(this.shardFile(shard), "utf8")) as FileSymbols[];
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
    const shards: FileSymbols[][] = Array.from({ length: SHARDS }, () => []);
    let next = 0;
    for (const file of files) {
      if (file.contentHash && !file.error?.startsWith("failed")) shards[next++ % SHARDS]!.push(file);
    }
    mkdirSync(path.dirname(this.filePrefix), { recursive: true });
    this.removeOtherVersions();
    shards.forEach((entries, shard) => {
      // Write then rename, so a concurrent reader never sees half a file.
      const temporary = `${this.shardFile(shard)}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(entries));
      renameSync(temporary, this.shardFile(shard));
    });
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

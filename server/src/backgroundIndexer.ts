// Indexes the whole selection once: cached files first-class, the rest parsed on worker threads, reporting
// progress as files done/total.
import { readFile, stat } from "node:fs/promises";
import { contentHash, extractFileSymbols, MAX_FILE_BYTES } from "./extract.js";
import { discoverFiles, type FileSelection } from "./fileDiscovery.js";
import { emptyFileSymbols, type FileSymbols } from "./fileSymbols.js";
import { IndexCache } from "./indexCache.js";
import { IndexWorkerPool } from "./indexWorkerPool.js";
import type { CParser } from "./parser.js";
import type { WorkspaceIndex } from "./workspaceIndex.js";

export interface IndexingOptions {
  root: string;
  selection: FileSelection;
  cacheDirectory: string | undefined;
  /** 0 parses on the calling thread (tests run from sources, where no worker script exists). */
  workers: number;
  maxFileBytes?: number;
  parseTimeoutMs?: number;
  grammarDirectory?: string;
  /** The compiled indexWorker.js; a bundled server passes where it put it. */
  workerScript?: URL | string;
  /** Wait this long before the first parse on a worker (cached files are indexed at once). */
  workerStartDelayMs?: number;
}

export interface IndexingHooks {
  /** Paths owned by the editor (open documents); their text comes from the editor, not the disk. */
  isOwnedByEditor(path: string): boolean;
  onProgress(done: number, total: number): void;
  /** Parser for workers: 0. */
  inProcessParser?: CParser;
}

export interface IndexingReport {
  files: number;
  fromCache: number;
  parsed: number;
  errors: { path: string; error: string }[];
  milliseconds: number;
}

const MAX_IN_FLIGHT = 16;

export async function indexWorkspace(
  index: WorkspaceIndex,
  options: IndexingOptions,
  hooks: IndexingHooks,
): Promise<IndexingReport> {
  const started = performance.now();
  const paths = discoverFiles(options.root, options.selection);
  const cache = options.cacheDirectory
    ? new IndexCache(options.cacheDirectory, options.grammarDirectory)
    : undefined;
  const cached = cache?.load() ?? {
    byHash: new Map<string, FileSymbols>(),
    byPath: new Map<string, FileSymbols>(),
  };
  const extractOptions = {
    ...(options.maxFileBytes !== undefined && { maxFileBytes: options.maxFileBytes }),
    ...(options.parseTimeoutMs !== undefined && { timeoutMs: options.parseTimeoutMs }),
  };
  // Spawned on the first cache miss: a warm start needs no parser threads.
  let pool: IndexWorkerPool | undefined;
  const workersStarted = new Promise((resolve) => setTimeout(resolve, options.workerStartDelayMs ?? 0));
  const workerPool = () =>
    (pool ??= new IndexWorkerPool(
      options.workers,
      {
        ...extractOptions,
        ...(options.grammarDirectory !== undefined && { grammarDirectory: options.grammarDirectory }),
      },
      options.workerScript,
    ));
  const report: IndexingReport = {
    files: paths.length,
    fromCache: 0,
    parsed: 0,
    errors: [],
    milliseconds: 0,
  };
  let done = 0;
  let next = 0;
  let restamped = 0;

  const indexOne = async (path: string) => {
    const symbols = await symbolsFor(path);
    if (symbols.error) report.errors.push({ path, error: symbols.error });
    if (!hooks.isOwnedByEditor(path)) index.update(symbols);
    hooks.onProgress(++done, paths.length);
  };

  const symbolsFor = async (path: string): Promise<FileSymbols> => {
    const absolute = `${options.root}/${path}`;
    try {
      const stats = await stat(absolute);
      const limit = options.maxFileBytes ?? MAX_FILE_BYTES;
      if (stats.size > limit) return emptyFileSymbols(path, "", `skipped: larger than ${limit} bytes`);
      // Same size and mtime as when cached: trust the entry without reading the file (like git's stat cache).
      const stamp = `${stats.size}:${stats.mtimeMs}`;
      const unchanged = cached.byPath.get(path);
      if (unchanged?.stamp === stamp) {
        report.fromCache++;
        return unchanged;
      }
      const text = await readFile(absolute, "utf8");
      const hit = cached.byHash.get(contentHash(text));
      if (hit) {
        report.fromCache++;
        restamped++;
        return { ...hit, path, stamp };
      }
      report.parsed++;
      const symbols =
        options.workers > 0
          ? await workersStarted.then(() => workerPool().extract(path, text))
          : await new Promise<FileSymbols>((resolve) =>
              setImmediate(() =>
                resolve(extractFileSymbols(hooks.inProcessParser!, path, text, extractOptions)),
              ),
            );
      return { ...symbols, stamp };
    } catch (error) {
      return emptyFileSymbols(path, "", `failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const lane = async () => {
    while (next < paths.length) await indexOne(paths[next++]!);
  };
  try {
    await Promise.all(Array.from({ length: options.workers > 0 ? MAX_IN_FLIGHT : 1 }, lane));
  } finally {
    await pool?.close();
  }
  if (cache && report.parsed + restamped > 0) {
    try {
      cache.save(index.allFiles());
    } catch (error) {
      // An unwritable cache only costs the next start its speed.
      report.errors.push({ path: "<cache>", error: `cache not saved: ${String(error)}` });
    }
  }
  report.milliseconds = performance.now() - started;
  return report;
}

// Indexes the whole selection once: cached files first-class, the rest parsed on worker threads, reporting
// progress as files done/total. Fresh results stream into the on-disk cache as they arrive.
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { contentHash, extractFileSymbols, MAX_FILE_BYTES } from "./extract.js";
import { discoverFiles, type FileSelection } from "./fileDiscovery.js";
import { emptyFileSymbols } from "./fileSymbols.js";
import { IndexCache, isCacheable, type CacheWriter } from "./indexCache.js";
import { FILES_PER_WORKER, IndexWorkerPool, type Extraction } from "./indexWorkerPool.js";
import { IndexQueue } from "./indexQueue.js";
import type { CParser } from "./parser.js";
import { encodeLine, serializeFile, UnreadableBodyError, type SerializedFile } from "./serializedFile.js";
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
  /** When every source file and every header they include, directly or not, was indexed; how many. */
  reachedMilliseconds?: number;
  reachedFiles?: number;
}

export async function indexWorkspace(
  index: WorkspaceIndex,
  options: IndexingOptions,
  hooks: IndexingHooks,
): Promise<IndexingReport> {
  const started = performance.now();
  const cache = options.cacheDirectory
    ? new IndexCache(options.cacheDirectory, options.grammarDirectory)
    : undefined;
  const extractOptions = {
    ...(options.maxFileBytes !== undefined && { maxFileBytes: options.maxFileBytes }),
    ...(options.parseTimeoutMs !== undefined && { timeoutMs: options.parseTimeoutMs }),
  };
  // Spawned when needed (below, or on a cache miss by content): a warm start needs no parser threads.
  let pool: IndexWorkerPool | undefined;
  // After the delay, behind the messages already queued: the request an editor sends with its first didOpen
  // (a hover) is answered before the worker threads take both cores.
  const workersStarted = new Promise((resolve) =>
    setTimeout(() => setImmediate(resolve), options.workerStartDelayMs ?? 0),
  );
  const workerPool = () =>
    (pool ??= new IndexWorkerPool(
      options.workers,
      {
        ...extractOptions,
        ...(options.grammarDirectory !== undefined && { grammarDirectory: options.grammarDirectory }),
      },
      options.workerScript,
    ));
  // A file the cache has no entry for needs a worker: spawned now, the threads load their code and compile the
  // grammar while this thread answers the editor's first requests, and take files once the delay is over.
  // With nothing cached every file needs one, so the threads start before the tree is walked (≈ 45 ms of
  // net/ + include/).
  const cached = cache?.load() ?? {
    byHash: new Map<string, SerializedFile>(),
    byPath: new Map<string, SerializedFile>(),
  };
  if (options.workers > 0 && cached.byPath.size === 0) workerPool();
  const paths = discoverFiles(options.root, options.selection);
  if (options.workers > 0 && paths.some((path) => !cached.byPath.has(path))) workerPool();
  const report: IndexingReport = {
    files: paths.length,
    fromCache: 0,
    parsed: 0,
    errors: [],
    milliseconds: 0,
  };
  let done = 0;
  const queue = new IndexQueue(paths);
  // Opened on the first fresh result: a warm start with nothing changed writes nothing.
  let writer: CacheWriter | undefined;
  let cacheFailed = false;
  /** The index reads the file's body from the cache once its line is written there. */
  const addLine = (to: CacheWriter, file: SerializedFile, line: Buffer) => {
    const path = file.header.path;
    to.add(path, line, file.body, (stored) => index.bodyStored(path, file.body, stored));
  };
  const toCache = (file: SerializedFile, line: () => Buffer) => {
    if (!cache || cacheFailed) return;
    try {
      writer ??= cache.writer();
      addLine(writer, file, line());
    } catch (error) {
      // A body in a shard that can no longer be read (closed by a cache written since): only it goes uncached.
      if (error instanceof UnreadableBodyError) return;
      // An unwritable cache only costs the next start its speed.
      cacheFailed = true;
      report.errors.push({ path: "<cache>", error: `cache not saved: ${String(error)}` });
    }
  };

  const indexOne = async (path: string) => {
    const { file, line } = await serializedFor(path);
    const error = file.header.error;
    if (error) report.errors.push({ path, error });
    if (!hooks.isOwnedByEditor(path)) index.updateSerialized(file);
    if (line !== undefined && isCacheable(file.header)) toCache(file, line);
    queue.finished(path, file.header.includes);
    if (report.reachedMilliseconds === undefined && queue.reachedComplete) {
      report.reachedMilliseconds = performance.now() - started;
      report.reachedFiles = queue.reachedCount;
    }
    hooks.onProgress(++done, paths.length);
  };

  const failed = (path: string, error: string): { file: SerializedFile } => ({
    file: serializeFile(emptyFileSymbols(path, "", error)),
  });

  /** `line` is set for fresh results, which go to the cache. */
  const serializedFor = async (path: string): Promise<{ file: SerializedFile; line?: () => Buffer }> => {
    const absolute = `${options.root}/${path}`;
    try {
      // Synchronous: thousands of promise-based stats cost ≈ 0.5 s of a warm start, statSync ≈ 30 ms.
      const stats = statSync(absolute);
      const limit = options.maxFileBytes ?? MAX_FILE_BYTES;
      if (stats.size > limit) return failed(path, `skipped: larger than ${limit} bytes`);
      // Same size and mtime as when cached: trust the entry without reading the file (like git's stat cache).
      const stamp = `${stats.size}:${stats.mtimeMs}`;
      const unchanged = cached.byPath.get(path);
      if (unchanged?.header.stamp === stamp) {
        report.fromCache++;
        return { file: unchanged };
      }
      // With no cached content to match, the worker reads the file: the main thread neither decodes nor hashes it.
      let text: string | undefined;
      let hash: string | undefined;
      if (cached.byHash.size > 0 || options.workers === 0) {
        text = await readFile(absolute, "utf8");
        hash = contentHash(text);
        const hit = cached.byHash.get(hash);
        if (hit) {
          report.fromCache++;
          const file = { header: { ...hit.header, path, stamp }, body: hit.body };
          return { file, line: () => encodeLine(file) };
        }
      }
      report.parsed++;
      if (options.workers > 0) {
        await workersStarted;
        const extraction: Extraction = await workerPool().run(
          text === undefined ? { path, absolutePath: absolute, stamp } : { path, text, stamp },
        );
        const line = extraction.line;
        return { file: extraction.file, ...(line !== undefined && { line: () => line }) };
      }
      const source = text!;
      const file = await new Promise<SerializedFile>((resolve) =>
        setImmediate(() => {
          const symbols = extractFileSymbols(hooks.inProcessParser!, path, source, extractOptions, hash);
          symbols.stamp = stamp;
          resolve(serializeFile(symbols));
        }),
      );
      return { file, line: () => encodeLine(file) };
    } catch (error) {
      return failed(path, `failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const lane = async () => {
    for (let path = queue.take(); path !== undefined; path = queue.take()) await indexOne(path);
  };
  try {
    // As many files in flight as the workers hold: each worker's backlog stays full.
    const lanes = options.workers > 0 ? options.workers * FILES_PER_WORKER : 1;
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    await pool?.close();
  }
  if (writer && !cacheFailed) {
    try {
      // Files served from the old cache (and editor-owned versions) complete the new one.
      for (const file of index.allSerialized()) {
        const path = file.header.path;
        if (writer.has(path) || !isCacheable(file.header)) continue;
        try {
          addLine(writer, file, encodeLine(file));
        } catch (error) {
          if (!(error instanceof UnreadableBodyError)) throw error;
        }
      }
      writer.commit();
    } catch (error) {
      report.errors.push({ path: "<cache>", error: `cache not saved: ${String(error)}` });
    }
  }
  writer?.abandon();
  report.milliseconds = performance.now() - started;
  return report;
}

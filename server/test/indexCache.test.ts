import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { emptyFileSymbols, type FileSymbols } from "../src/fileSymbols.js";
import { defaultCacheDirectory, IndexCache } from "../src/indexCache.js";
import {
  decodeLine,
  encodeLine,
  headerOf,
  parseBody,
  serializeFile,
  UnreadableBodyError,
  type StoredBody,
} from "../src/serializedFile.js";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function cacheDirectory(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), "kernel-lens-cache-test-"));
  directories.push(directory);
  return directory;
}

test("entries round-trip by content hash and by path; failed files are not cached", () => {
  const directory = cacheDirectory();
  const kept = { ...emptyFileSymbols("net/ipv4/a.c", "hash-a"), stamp: "10:1" };
  const failed = emptyFileSymbols("net/ipv4/b.c", "hash-b", "failed: worker died");
  expect(new IndexCache(directory).load().byPath.size).toBe(0);
  new IndexCache(directory).save([kept, failed]);
  expect(new IndexCache(directory).load().byPath.size).toBeGreaterThan(0);
  const loaded = new IndexCache(directory).load();
  expect(parseBody(loaded.byHash.get("hash-a")!)).toEqual(kept);
  expect(loaded.byPath.get("net/ipv4/a.c")?.header.stamp).toBe("10:1");
  expect(loaded.byHash.has("hash-b")).toBe(false);
});

test("a damaged line costs only its own file; non-ASCII survives the latin1 round trip", () => {
  const directory = cacheDirectory();
  const files = Array.from({ length: 20 }, (_, i) => ({
    ...emptyFileSymbols(`net/core/f${i}.c`, `hash-${i}`),
    macros: [{ name: `M${i}`, range: [0, 0, 0, 1], selectionRange: [0, 0, 0, 1], value: '"héllo ☃"' }],
  })) as ReturnType<typeof emptyFileSymbols>[];
  const cache = new IndexCache(directory);
  cache.save(files);
  const shard = readdirSync(directory).find((name) => name.endsWith("-0.jsonl"))!;
  const lines = readFileSync(path.join(directory, shard), "latin1").split("\n");
  expect(lines.length).toBeGreaterThan(1);
  lines[0] = lines[0]!.slice(0, 10);
  writeFileSync(path.join(directory, shard), lines.join("\n"), "latin1");
  const loaded = cache.load();
  expect(loaded.byHash.size).toBe(19);
  const entry = [...loaded.byHash.values()][0]!;
  expect(parseBody(entry).macros[0]!.value).toBe('"héllo ☃"');
});

test("a corrupt cache loads as empty, and caches of other builds are removed on save", () => {
  const directory = cacheDirectory();
  const stale = path.join(directory, "index-v1-0123456789ab-0.json");
  writeFileSync(stale, "[]");
  const unrelated = path.join(directory, "notes.txt");
  writeFileSync(unrelated, "keep me");
  const cache = new IndexCache(directory);
  cache.save([emptyFileSymbols("a.c", "h")]);
  for (const name of readdirSync(directory)) {
    if (name.endsWith(".jsonl")) writeFileSync(path.join(directory, name), "{ not json");
  }
  expect(cache.load().byHash.size).toBe(0);
  expect(existsSync(stale)).toBe(false);
  expect(existsSync(unrelated)).toBe(true);
});

test("the default cache: $XDG_CACHE_HOME, else the user's cache folder; one folder per kernel tree", () => {
  const saved = process.env.XDG_CACHE_HOME;
  try {
    process.env.XDG_CACHE_HOME = "/var/cache/someone";
    const v411 = defaultCacheDirectory("/src/linux-4.11");
    expect(v411).toMatch(/^\/var\/cache\/someone\/kernel-lens\/server-index\/linux-4\.11-[0-9a-f]{8}$/);
    expect(defaultCacheDirectory("/src/linux-4.11/")).toBe(v411);
    expect(defaultCacheDirectory("/other/linux-4.11")).not.toBe(v411);
    delete process.env.XDG_CACHE_HOME;
    if (process.platform === "linux")
      expect(path.dirname(defaultCacheDirectory("/src/linux-4.11"))).toBe(
        path.join(os.homedir(), ".cache", "kernel-lens", "server-index"),
      );
  } finally {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  }
});

function renamed(prefix: string) {
  return (file: FileSymbols, i: number): FileSymbols => ({
    ...file,
    path: `net/core/${prefix}${i}.c`,
    contentHash: `${prefix}-${i}`,
  });
}

/** `count` files whose bodies are about `bytes` long each (one macro with a long value). */
function filesOfSize(count: number, bytes: number): FileSymbols[] {
  return Array.from({ length: count }, (_, i) => ({
    ...emptyFileSymbols(`net/core/big${i}.c`, `big-${i}`),
    macros: [
      { name: `M${i}`, range: [0, 0, 0, 1], selectionRange: [0, 0, 0, 1], value: `${i}`.repeat(bytes) },
    ],
  })) as FileSymbols[];
}

test("loading keeps the headers and leaves each body in its shard, read when parsed; lines of any length", () => {
  const directory = cacheDirectory();
  // Bodies longer than the 1 MB read buffer, and many lines across its edges.
  const files = [...filesOfSize(3, 2_500_000), ...filesOfSize(200, 30_000).map(renamed("small"))];
  new IndexCache(directory).save(files);
  const loaded = new IndexCache(directory).load();
  expect(loaded.byPath.size).toBe(files.length);
  for (const file of files) {
    const entry = loaded.byPath.get(file.path)!;
    expect(Buffer.isBuffer(entry.body) || typeof entry.body === "string").toBe(false);
    expect(parseBody(entry)).toEqual(file);
  }
});

test("bodies stay readable after another cache is renamed over their shards or removes them", () => {
  const directory = cacheDirectory();
  const files = filesOfSize(20, 100);
  new IndexCache(directory).save(files);
  const loaded = new IndexCache(directory).load();

  // Another server on the tree writes its cache over these shards, then a server of another build removes
  // them: what was loaded still reads as it was.
  new IndexCache(directory).save(filesOfSize(20, 3).map(renamed("other")));
  for (const name of readdirSync(directory)) rmSync(path.join(directory, name));
  for (const file of files) expect(parseBody(loaded.byPath.get(file.path)!)).toEqual(file);
});

test("a cache that writes its own shards again moves the bodies it loaded; those it did not move are unreadable", () => {
  const directory = cacheDirectory();
  const files = filesOfSize(20, 100);
  const cache = new IndexCache(directory);
  cache.save(files);
  const loaded = cache.load();

  // A warm start that re-indexes one file writes every other file's line again: those bodies move along.
  const writer = cache.writer();
  const [left, ...kept] = [...loaded.byPath.entries()];
  for (const [path, entry] of kept) writer.add(path, encodeLine(entry), entry.body);
  writer.commit();
  for (const [path, entry] of kept) {
    expect(parseBody(entry)).toEqual(files.find((file) => file.path === path));
  }

  // The shard it read is closed before the new one takes its name: a body left there fails as a damaged
  // entry does, and is not written to a new cache.
  const stale = left![1];
  expect(parseBody(stale).error).toMatch(/^failed: unreadable index entry/);
  expect(() => encodeLine(stale)).toThrow(UnreadableBodyError);
});

test("a body written to the cache is handed back as a slice of its shard once written, at the latest on commit", () => {
  const directory = cacheDirectory();
  const files = [...filesOfSize(3, 1_500_000), ...filesOfSize(40, 2_000).map(renamed("small"))];
  const writer = new IndexCache(directory).writer();
  const stored = new Map<string, StoredBody>();
  for (const file of files) {
    const line = encodeLine(serializeFile(file));
    const { header, body } = decodeLine(line);
    writer.add(header.path, line, body, (slice) => stored.set(header.path, slice));
  }
  // The 1.5 MB lines filled their shards' buffers and were written at once; small lines wait for commit.
  expect(stored.size).toBeGreaterThanOrEqual(3);
  expect(stored.size).toBeLessThan(files.length);
  writer.commit();
  expect(stored.size).toBe(files.length);
  for (const file of files) {
    const header = headerOf(file);
    expect(parseBody({ header, body: stored.get(file.path)! })).toEqual(file);
  }
});

test("bodies handed back before a writer is abandoned (a cache that could not be saved) stay readable", () => {
  const directory = cacheDirectory();
  const files = filesOfSize(2, 1_500_000);
  const writer = new IndexCache(directory).writer();
  const stored = new Map<string, StoredBody>();
  for (const file of files) {
    const line = encodeLine(serializeFile(file));
    writer.add(file.path, line, decodeLine(line).body, (slice) => stored.set(file.path, slice));
  }
  writer.abandon();
  expect(readdirSync(directory)).toEqual([]);
  for (const file of files) {
    expect(parseBody({ header: headerOf(file), body: stored.get(file.path)! })).toEqual(file);
  }
});

// Which files of the tree are indexed, and in what order: sources first, net/ipv4 ahead; headers after them
// unless a source includes them (indexQueue.ts pulls those forward as it learns of them).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

export const DEFAULT_INCLUDE = ["net/", "include/", "fs/eventpoll.c", "net/socket.c"];
export const DEFAULT_EXCLUDE: string[] = [];

export interface FileSelection {
  include: string[];
  exclude: string[];
}

/** Sources before headers; within each, these folders first, then directory order. */
const SOURCE_PRIORITY = ["net/ipv4/", "net/core/", "net/ipv6/"];
const HEADER_PRIORITY = ["include/net/", "include/linux/"];

export function isSelected(relativePath: string, selection: FileSelection): boolean {
  if (!/\.[ch]$/.test(relativePath)) return false;
  const matches = (pattern: string) =>
    pattern.endsWith("/")
      ? relativePath.startsWith(pattern)
      : relativePath === pattern || relativePath.startsWith(`${pattern}/`);
  return selection.include.some(matches) && !selection.exclude.some(matches);
}

export function discoverFiles(root: string, selection: FileSelection): string[] {
  const found = new Set<string>();
  for (const pattern of selection.include) {
    const absolute = path.join(root, pattern);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      continue;
    }
    if (stats.isFile()) {
      if (isSelected(pattern, selection)) found.add(pattern);
      continue;
    }
    // One relative folder per folder, not per file: a warm start walks 5,800 files before it can answer.
    const folders = new Map<string, string>();
    for (const entry of readdirSync(absolute, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.[ch]$/.test(entry.name)) continue;
      let folder = folders.get(entry.parentPath);
      if (folder === undefined) {
        folder = path.relative(root, entry.parentPath).split(path.sep).join("/");
        folders.set(entry.parentPath, folder);
      }
      const relative = folder === "" ? entry.name : `${folder}/${entry.name}`;
      if (isSelected(relative, selection)) found.add(relative);
    }
  }
  return prioritize([...found]);
}

export function prioritize(paths: string[]): string[] {
  const position = (p: string, prefixes: string[]) => {
    const i = prefixes.findIndex((prefix) => p.startsWith(prefix));
    return i < 0 ? prefixes.length : i;
  };
  const rank = (p: string) =>
    p.startsWith("include/")
      ? SOURCE_PRIORITY.length + 1 + position(p, HEADER_PRIORITY)
      : position(p, SOURCE_PRIORITY);
  const ranked = paths.map((p) => ({ p, rank: rank(p) }));
  ranked.sort((a, b) => a.rank - b.rank || (a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
  return ranked.map(({ p }) => p);
}

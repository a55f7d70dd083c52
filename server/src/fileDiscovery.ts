// Which files of the tree are indexed, and in what order: net/ipv4 and the headers net/ includes come first.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

export const DEFAULT_INCLUDE = ["net/", "include/", "fs/eventpoll.c", "net/socket.c"];
export const DEFAULT_EXCLUDE: string[] = [];

export interface FileSelection {
  include: string[];
  exclude: string[];
}

/** Earlier prefixes are indexed first; the rest keeps directory order. */
const PRIORITY_PREFIXES = [
  "net/ipv4/",
  "include/net/",
  "include/linux/",
  "include/uapi/",
  "net/core/",
  "net/ipv6/",
];

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
    for (const entry of readdirSync(absolute, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const relative = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
      if (isSelected(relative, selection)) found.add(relative);
    }
  }
  return prioritize([...found].sort());
}

export function prioritize(paths: string[]): string[] {
  const rank = (p: string) => {
    const i = PRIORITY_PREFIXES.findIndex((prefix) => p.startsWith(prefix));
    return i < 0 ? PRIORITY_PREFIXES.length : i;
  };
  return [...paths].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

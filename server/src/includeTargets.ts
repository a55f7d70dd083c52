// `#include <net/tcp.h>` → include/net/tcp.h; `#include "fib_lookup.h"` → next to the including file.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Position } from "./textPositions.js";

const INCLUDE_LINE = /^\s*#\s*include\s*([<"])([^>"]+)[>"]/;

/** Root-relative path of the file an #include on this line names, when it exists in the tree. */
export function includeTarget(
  text: string,
  position: Position,
  currentPath: string | undefined,
  root: string,
): string | undefined {
  const line = text.split("\n", position.line + 1)[position.line];
  const match = line === undefined ? null : INCLUDE_LINE.exec(line);
  if (!match) return undefined;
  const [, delimiter, included] = match;
  const candidates = [`include/${included}`, `include/uapi/${included}`, `arch/x86/include/${included}`];
  if (delimiter === '"' && currentPath)
    candidates.unshift(path.posix.join(path.posix.dirname(currentPath), included!));
  return candidates.find((candidate) => existsSync(path.join(root, candidate)));
}

// `#include <net/tcp.h>` → include/net/tcp.h; `#include "fib_lookup.h"` → next to the including file.
// Used for go-to-definition on an #include line and by the indexer to index included headers early.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Directives } from "./preprocessorLines.js";
import type { Position } from "./textPositions.js";

/** `[^\S\n]`: blanks within one line, so the pattern reads a whole text line by line. */
const INCLUDE_LINE = /^[^\S\n]*#[^\S\n]*include[^\S\n]*([<"])([^>"\n]+)[>"]/gm;

/** `#include` targets of a C text as written: "<linux/tcp.h>", "\"fib_lookup.h\"". With the text's
 * directives, only their lines are read. */
export function includesOf(text: string, directives?: Directives): string[] {
  const found: string[] = [];
  const add = (match: RegExpMatchArray) => found.push(match[1] === "<" ? `<${match[2]}>` : `"${match[2]}"`);
  if (!directives) {
    for (const match of text.matchAll(INCLUDE_LINE)) add(match);
    return found;
  }
  for (const [start, end] of directives()) {
    INCLUDE_DIRECTIVE.lastIndex = start;
    const match = INCLUDE_DIRECTIVE.exec(text);
    if (match && match.index + match[0].length <= end) add(match);
  }
  return found;
}

/** INCLUDE_LINE read at a directive's start. */
const INCLUDE_DIRECTIVE = /[^\S\n]*#[^\S\n]*include[^\S\n]*([<"])([^>"\n]+)[>"]/y;

/** Root-relative paths an include as written may name, most likely first, without looking at the disk.
 * `<asm/types.h>` is an architecture's (arch/ is not indexed); most architectures' is asm-generic's,
 * included by it or generated as a wrapper of it (`generic-y` in arch/x86/include/asm/Kbuild). */
export function includeCandidates(includingPath: string | undefined, include: string): string[] {
  const name = include.slice(1, -1);
  const global = [`include/${name}`, `include/uapi/${name}`];
  if (name.startsWith("asm/"))
    global.push(`include/asm-generic/${name.slice(4)}`, `include/uapi/asm-generic/${name.slice(4)}`);
  if (!include.startsWith('"') || !includingPath) return global;
  return [path.posix.join(path.posix.dirname(includingPath), name), ...global];
}

/** The file an `#include` as written names from a file, each resolution made once: `<net/tcp.h>` names the
 * same file from everywhere, `"fib_lookup.h"` the same from each folder. */
export class IncludeResolver {
  private readonly resolved = new Map<string, string | undefined>();

  constructor(private readonly exists: (candidate: string) => boolean) {}

  target(includer: string, include: string): string | undefined {
    const key = include.startsWith("<") ? include : `${path.posix.dirname(includer)}/${include}`;
    if (!this.resolved.has(key)) {
      this.resolved.set(key, includeCandidates(includer, include).find(this.exists));
    }
    return this.resolved.get(key);
  }
}

/** Root-relative path of the file an #include on this line names, when it exists in the tree. */
export function includeTarget(
  text: string,
  position: Position,
  currentPath: string | undefined,
  root: string,
): string | undefined {
  const line = text.split("\n", position.line + 1)[position.line];
  const include = line === undefined ? undefined : includesOf(line)[0];
  if (include === undefined) return undefined;
  const candidates = [...includeCandidates(currentPath, include), `arch/x86/include/${include.slice(1, -1)}`];
  return candidates.find((candidate) => existsSync(path.join(root, candidate)));
}

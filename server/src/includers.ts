// References of a header, asked on an `#include` line: the `#include` lines of every indexed file that names
// it, read from the files' headers (FileHeader.includes) and resolved as includeTargets.ts resolves them.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Location } from "vscode-languageserver";
import { IncludeResolver } from "./includeTargets.js";
import { LineIndex, toLspRange } from "./textPositions.js";
import type { ServerContext } from "./serverContext.js";

/** Every `#include` of `header` (root-relative) in the indexed files, where its name is written. */
export function includersOf(
  context: ServerContext,
  header: string,
  readText: (path: string) => string | undefined,
): Location[] {
  const { index } = context;
  const resolver = new IncludeResolver(
    (candidate) =>
      index.header(candidate) !== undefined || existsSync(path.join(context.paths.root, candidate)),
  );
  const locations: Location[] = [];
  for (const includer of index.paths()) {
    const written = index.header(includer)?.includes ?? [];
    const naming = written.filter((include) => resolver.target(includer, include) === header);
    if (naming.length === 0) continue;
    const text = readText(includer);
    if (text === undefined) continue;
    const lines = new LineIndex(text);
    for (const [start, end] of includeNameSpans(text, new Set(naming))) {
      locations.push({ uri: context.paths.uri(includer), range: toLspRange(lines.rangeAt(start, end)) });
    }
  }
  return locations;
}

/** Where each `#include` of one of `names` (as written, "<net/tcp.h>") has its name, brackets included. */
function* includeNameSpans(text: string, names: ReadonlySet<string>): Generator<[number, number]> {
  for (const match of text.matchAll(INCLUDE_NAME)) {
    const name = match[2]!;
    if (!names.has(name)) continue;
    const start = match.index! + match[1]!.length;
    yield [start, start + name.length];
  }
}

/** An `#include` line up to its name, and the name with its brackets or quotes as includesOf writes it. */
const INCLUDE_NAME = /^([^\S\n]*#[^\S\n]*include[^\S\n]*)(<[^>"\n]+>|"[^>"\n]+")/gm;

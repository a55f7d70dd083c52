// Which headers a file's #include lines reach, the nearest first: what ranks same-named definitions.
import { expect, test } from "vitest";
import { IncludeReach } from "../src/includeReach.js";
import type { FileHeader } from "../src/serializedFile.js";

const includes: Record<string, string[]> = {
  "net/x.c": ["<net/a.h>", '"local.h"'],
  "net/local.h": ["<linux/c.h>"],
  "include/net/a.h": ["<linux/b.h>", "<asm/missing.h>"],
  "include/linux/b.h": ["<linux/c.h>", "<net/a.h>"],
  "include/linux/c.h": [],
  "include/linux/unreached.h": [],
};
const header = (path: string): FileHeader | undefined =>
  path in includes ? ({ path, includes: includes[path] } as FileHeader) : undefined;

test("a breadth-first walk of #include lines, quoted ones from the file's folder, cycles and missing files left", () => {
  let generation = 0;
  const reach = new IncludeReach(header, () => generation);
  expect([...reach.of("net/x.c")]).toEqual([
    ["net/x.c", 0],
    ["include/net/a.h", 1],
    ["net/local.h", 2],
    ["include/linux/b.h", 3],
    ["include/linux/c.h", 4],
  ]);
  includes["net/x.c"] = [];
  expect(reach.of("net/x.c").size).toBe(5);
  generation++;
  expect([...reach.of("net/x.c").keys()]).toEqual(["net/x.c"]);
  includes["net/x.c"] = ["<net/a.h>", '"local.h"'];
});

test("refs in reached files come first, the nearest first; the rest after, in their order", () => {
  const reach = new IncludeReach(header, () => 0);
  const at = (path: string) => ({ file: { path } });
  const refs = [
    at("include/linux/unreached.h"),
    at("include/linux/c.h"),
    at("include/net/a.h"),
    at("net/x.c"),
  ];
  expect(reach.nearestFirst(refs, "net/x.c").map((r) => r.file.path)).toEqual([
    "net/x.c",
    "include/net/a.h",
    "include/linux/c.h",
    "include/linux/unreached.h",
  ]);
});

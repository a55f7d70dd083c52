#!/usr/bin/env node
// Regenerates server/test/fixtures/ctags-diff-net-ipv4.json: function names universal-ctags finds in
// net/ipv4 of ../shared/linux-4.11 versus ours, with a reason for each difference. Needs `ctags` and a build.
// With --all it also prints the comparison over net/, include/ and fs/eventpoll.c (no fixture written).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createCParser } from "../dist/parser.js";
import { extractFileSymbols } from "../dist/extract.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");
const kernelRoot = path.resolve(repoRoot, "../shared/linux-4.11");
const directory = "net/ipv4";

function ctagsFunctionNames(paths) {
  const output = execFileSync(
    "ctags",
    ["-R", "--languages=C", "--langmap=C:+.h", "--kinds-C=f", "--output-format=json", "-f", "-", ...paths],
    { cwd: kernelRoot, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  return new Set(
    output
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .filter((tag) => tag._type === "tag" && tag.kind === "function")
      .map((tag) => tag.name),
  );
}

const parser = await createCParser();
function ourFunctionNames(paths) {
  const names = new Set();
  for (const top of paths) {
    const files = top.endsWith(".c")
      ? [top]
      : readdirSync(path.join(kernelRoot, top), { recursive: true }).map((f) => `${top}/${f}`);
    for (const relative of files) {
      if (!/\.[ch]$/.test(relative)) continue;
      const symbols = extractFileSymbols(
        parser,
        relative,
        readFileSync(path.join(kernelRoot, relative), "utf8"),
      );
      for (const fn of symbols.functions) if (fn.isDefinition) names.add(fn.name);
    }
  }
  return names;
}

const ctagsNames = ctagsFunctionNames([directory]);
const ourNames = ourFunctionNames([directory]);

const reasons = JSON.parse(readFileSync(path.join(here, "ctags-diff-reasons.json"), "utf8"));
const onlyCtags = [...ctagsNames].filter((n) => !ourNames.has(n)).sort();
const onlyOurs = [...ourNames].filter((n) => !ctagsNames.has(n)).sort();
const common = [...ctagsNames].filter((n) => ourNames.has(n)).length;
const fixture = {
  description:
    "Function definitions in net/ipv4 of linux v4.11: universal-ctags 5.9 (--kinds-C=f, .h as C) versus the Kernel Lens indexer. Regenerate with node server/scripts/ctags-diff.mjs.",
  ctagsCount: ctagsNames.size,
  oursCount: ourNames.size,
  common,
  ctagsRecall: common / ctagsNames.size,
  onlyCtags: onlyCtags.map((name) => ({ name, reason: reasons[name] ?? "unexplained" })),
  onlyOurs: onlyOurs.map((name) => ({ name, reason: reasons[name] ?? "unexplained" })),
  ctagsNames: [...ctagsNames].sort(),
};
writeFileSync(
  path.join(repoRoot, "server/test/fixtures/ctags-diff-net-ipv4.json"),
  `${JSON.stringify(fixture, null, 2)}\n`,
);
console.log(
  `${directory}: ctags ${ctagsNames.size}, ours ${ourNames.size}, only ctags ${onlyCtags.length}, only ours ${onlyOurs.length}`,
);

if (process.argv.includes("--all")) {
  const paths = ["net", "include", "fs/eventpoll.c"];
  const ctagsAll = ctagsFunctionNames(paths);
  const oursAll = ourFunctionNames(paths);
  const missing = [...ctagsAll].filter((n) => !oursAll.has(n)).sort();
  const extra = [...oursAll].filter((n) => !ctagsAll.has(n)).sort();
  const recall = (100 * (1 - missing.length / ctagsAll.size)).toFixed(2);
  console.log(`${paths.join(" ")}: ctags ${ctagsAll.size}, ours ${oursAll.size}, recall ${recall} %`);
  console.log(`only ctags (${missing.length}): ${missing.join(" ")}`);
  console.log(`only ours (${extra.length}): ${extra.join(" ")}`);
}

// A benchmark's measured table replaces the part of bench/RESULTS.md between its markers
// (`<!-- name: begin -->` … `<!-- name: end -->`); the analysis around it is written by hand.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const resultsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "RESULTS.md");

export function recordResults(name, results) {
  const begin = `<!-- ${name}: begin -->`;
  const end = `<!-- ${name}: end -->`;
  const recorded = readFileSync(resultsFile, "utf8");
  const from = recorded.indexOf(begin);
  const to = recorded.indexOf(end);
  if (from < 0 || to < from) throw new Error(`bench/RESULTS.md lacks the markers ${begin} … ${end}`);
  writeFileSync(
    resultsFile,
    recorded.slice(0, from + begin.length) + "\n" + results + "\n" + recorded.slice(to),
  );
}

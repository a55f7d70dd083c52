// Function recall on net/ipv4 must stay at least universal-ctags'. The ctags names live in the fixture
// (regenerate with node server/scripts/ctags-diff.mjs), so ctags need not be installed to run this.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { kernelRoot, symbolsOfKernelFile } from "./kernelSources.js";

interface CtagsDiff {
  ctagsNames: string[];
  onlyCtags: { name: string; reason: string }[];
}

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/ctags-diff-net-ipv4.json", import.meta.url), "utf8"),
) as CtagsDiff;

test("every function name ctags finds in net/ipv4 is found (except the documented differences)", async () => {
  const ours = new Set<string>();
  for (const file of readdirSync(path.join(kernelRoot, "net/ipv4"), { recursive: true }) as string[]) {
    if (!/\.[ch]$/.test(file)) continue;
    const symbols = await symbolsOfKernelFile(`net/ipv4/${file}`);
    for (const fn of symbols.functions) if (fn.isDefinition) ours.add(fn.name);
  }
  const allowedMissing = new Set(fixture.onlyCtags.map((d) => d.name));
  const lost = fixture.ctagsNames.filter((name) => !ours.has(name) && !allowedMissing.has(name));
  expect(lost).toEqual([]);
  const recall = fixture.ctagsNames.filter((name) => ours.has(name)).length / fixture.ctagsNames.length;
  expect(recall).toBeGreaterThanOrEqual(1 - allowedMissing.size / fixture.ctagsNames.length);
  expect(fixture.ctagsNames.length).toBeGreaterThan(2500);
});

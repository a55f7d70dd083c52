// The CLI's progress line: drawn on a terminal only, redraws at most once an interval but always the
// last file, cleared at the end and silent after it.
import { PassThrough } from "node:stream";
import { describe, expect, test } from "vitest";
import { progressLine } from "../src/cli/progressLine.js";

function stream(isTTY: boolean) {
  const out = Object.assign(new PassThrough(), { isTTY });
  const written = () => out.read()?.toString() ?? "";
  return { out, written };
}

describe("progressLine", () => {
  test("on a terminal: the first update, then none within the interval, the last always; end clears", () => {
    const { out, written } = stream(true);
    const line = progressLine(out, "indexing", { delayMs: 0, intervalMs: 60_000 });
    line.update(1, 400);
    line.update(2, 400);
    line.update(399, 400);
    line.update(400, 400);
    line.end();
    expect(written()).toBe(
      "\r\x1b[Kindexing 1/400 files (0 %)" + "\r\x1b[Kindexing 400/400 files (100 %)" + "\r\x1b[K",
    );
    line.end();
    line.update(400, 400);
    expect(written()).toBe("");
  });

  test("no line for a tree with no files yet (the server's first status)", () => {
    const { out, written } = stream(true);
    const line = progressLine(out, "indexing", { delayMs: 0, intervalMs: 0 });
    line.update(0, 0);
    line.end();
    expect(written()).toBe("");
  });

  test("nothing before the delay, and then nothing to clear", () => {
    const { out, written } = stream(true);
    const line = progressLine(out, "indexing", { delayMs: 60_000 });
    line.update(5822, 5822);
    line.end();
    expect(written()).toBe("");
  });

  test("piped or redirected: never a byte", () => {
    const { out, written } = stream(false);
    const line = progressLine(out, "indexing", { delayMs: 0, intervalMs: 0 });
    line.update(1, 2);
    line.update(2, 2);
    line.end();
    expect(written()).toBe("");
  });
});

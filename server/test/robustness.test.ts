// Pathological input must neither hang nor crash indexing; every file of the corpus indexes without error.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { extractFileSymbols } from "../src/extract.js";
import { kernelRoot, readKernelFile, testParser } from "./kernelSources.js";

/** Generous: only meant to catch hangs, not to measure speed. */
const HANG_BOUND_MS = 30_000;

function pseudoRandomText(length: number, seed: number): string {
  let state = seed;
  const chars: string[] = [];
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    chars.push(String.fromCharCode(state % 256));
  }
  return chars.join("");
}

describe("robustness", () => {
  test("every .c/.h file of the corpus indexes without an error", async () => {
    const parser = await testParser();
    const failures: string[] = [];
    let files = 0;
    for (const top of ["net", "include", "fs", "kernel"]) {
      for (const file of readdirSync(path.join(kernelRoot, top), { recursive: true }) as string[]) {
        if (!/\.[ch]$/.test(file)) continue;
        const relative = `${top}/${file}`;
        const symbols = extractFileSymbols(
          parser,
          relative,
          readFileSync(path.join(kernelRoot, relative), "utf8"),
        );
        files++;
        if (symbols.error) failures.push(`${relative}: ${symbols.error}`);
      }
    }
    expect(failures).toEqual([]);
    expect(files).toBeGreaterThan(5000);
  }, 240_000);

  test("random bytes", async () => {
    const parser = await testParser();
    const started = performance.now();
    for (let seed = 1; seed <= 5; seed++) {
      const symbols = extractFileSymbols(parser, "random.c", pseudoRandomText(200_000, seed));
      expect(symbols.path).toBe("random.c");
    }
    expect(performance.now() - started).toBeLessThan(HANG_BOUND_MS);
  });

  test("truncated files (cut mid-function, mid-comment, mid-initializer)", async () => {
    const parser = await testParser();
    const text = readKernelFile("net/ipv4/tcp_ipv4.c");
    for (const fraction of [0.1, 0.33, 0.5, 0.77, 0.99]) {
      const symbols = extractFileSymbols(
        parser,
        "tcp_ipv4.c",
        text.slice(0, Math.floor(text.length * fraction)),
      );
      expect(symbols.error).toBeUndefined();
    }
    const commentCut = text.slice(0, text.indexOf("/*", 5000) + 3);
    expect(extractFileSymbols(parser, "cut.c", commentCut).error).toBeUndefined();
  });

  test("a 20 MB file is skipped with a recorded error, or bounded by the parse time limit", async () => {
    const parser = await testParser();
    // Definitions are read from the text; the variables between them keep the parser busy.
    const unit = "int f(void) { return g(1); }\nint v;\n";
    const big = unit.repeat(Math.ceil((20 * 1024 * 1024) / unit.length));
    const started = performance.now();
    const skipped = extractFileSymbols(parser, "big.c", big);
    expect(skipped.error).toMatch(/larger than/);
    const bounded = extractFileSymbols(parser, "big.c", big, { maxFileBytes: Infinity, timeoutMs: 200 });
    expect(bounded.error).toMatch(/time limit/);
    expect(performance.now() - started).toBeLessThan(HANG_BOUND_MS);
  });

  test("deeply nested macros, parentheses and braces", async () => {
    const parser = await testParser();
    const depth = 5_000;
    const nestedCalls = `int f(void) { return ${"M(".repeat(depth)}x${")".repeat(depth)}; }\n`;
    const nestedBraces = `int g(void) ${"{".repeat(depth)}${"}".repeat(depth)}\n`;
    const nestedDefines = Array.from(
      { length: depth },
      (_, i) => `#define M${i + 1}(x) M${i}(M${i}(x))`,
    ).join("\n");
    const unbalanced = `int h(void) ${"{ if (a) ".repeat(depth)}`;
    const started = performance.now();
    for (const text of [nestedCalls, nestedBraces, nestedDefines, unbalanced]) {
      const symbols = extractFileSymbols(parser, "nested.c", text);
      expect(symbols.error ?? "").not.toMatch(/^failed/);
    }
    expect(performance.now() - started).toBeLessThan(HANG_BOUND_MS);
  });
});

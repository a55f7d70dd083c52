// Shared helpers for tests: the kernel corpus next to the repository, and a parser built from the sources.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { extractFileSymbols } from "../src/extract.js";
import type { FileSymbols } from "../src/fileSymbols.js";
import { createCParser, type CParser } from "../src/parser.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const kernelRoot = path.resolve(repoRoot, "../shared/linux-4.11");

let parser: Promise<CParser> | undefined;
export function testParser(): Promise<CParser> {
  parser ??= createCParser();
  return parser;
}

/** The C sources and headers directly in `directories` of the corpus (not below), as sorted paths. */
export function kernelFilesIn(directories: readonly string[]): string[] {
  return directories.flatMap((directory) =>
    (readdirSync(path.join(kernelRoot, directory)) as string[])
      .filter((f) => /\.[ch]$/.test(f))
      .sort()
      .map((file) => `${directory}/${file}`),
  );
}

export function readKernelFile(relative: string): string {
  return readFileSync(path.join(kernelRoot, relative), "utf8");
}

export async function symbolsOfKernelFile(relative: string): Promise<FileSymbols> {
  return extractFileSymbols(await testParser(), relative, readKernelFile(relative));
}

export async function symbolsOfText(text: string, name = "test.c"): Promise<FileSymbols> {
  return extractFileSymbols(await testParser(), name, text);
}

// Where the grammar wasm and query files live. Kept in one module so a bundled server can pass its own folder.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type QueryName = "functions" | "calls" | "structs" | "enums" | "ops-tables" | "locals";

/** server/src/grammarFiles.ts and server/dist/grammarFiles.js both sit two levels below the repo root. */
export function defaultGrammarDirectory(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../grammars");
}

export interface GrammarFiles {
  directory: string;
  languageWasm: string;
  /** web-tree-sitter's own runtime wasm; undefined lets the runtime find it next to its js. */
  runtimeWasm: string | undefined;
  readQuery(name: QueryName): string;
}

export function grammarFiles(directory: string = defaultGrammarDirectory()): GrammarFiles {
  return {
    directory,
    languageWasm: path.join(directory, "tree-sitter-c.wasm"),
    runtimeWasm: locateRuntimeWasm(),
    readQuery: (name) => readFileSync(path.join(directory, `${name}.scm`), "utf8"),
  };
}

function locateRuntimeWasm(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve("web-tree-sitter/tree-sitter.wasm");
  } catch {
    return undefined;
  }
}

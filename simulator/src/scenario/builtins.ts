// Built-in scenarios shipped in simulator/scenarios/. Both layouts (src/scenario/*.ts under vitest,
// dist/scenario/*.js when installed) sit two levels below the package root, hence "../../scenarios".

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "./errors.js";
import { listParams, parseScenario, readHeader, type ParamInfo } from "./parse.js";
import type { Scenario } from "./types.js";

export const SCENARIO_SUFFIX = ".kls.yaml";

export const BUILTIN_DIR = fileURLToPath(new URL("../../scenarios/", import.meta.url));

export interface BuiltinInfo {
  name: string;
  description: string;
  params: ParamInfo[];
  /** Absolute path of the file. */
  file: string;
}

/** Names of the built-in scenarios, sorted. */
export function builtinNames(): string[] {
  return readdirSync(BUILTIN_DIR)
    .filter((f) => f.endsWith(SCENARIO_SUFFIX))
    .map((f) => f.slice(0, -SCENARIO_SUFFIX.length))
    .sort();
}

export function isBuiltin(name: string): boolean {
  return builtinNames().includes(name);
}

function builtinText(name: string): { text: string; file: string; label: string } {
  if (!isBuiltin(name)) {
    throw new UsageError(
      `unknown scenario "${name}" (built-ins: ${builtinNames().join(", ")}; or give a .kls.yaml file)`,
    );
  }
  const label = name + SCENARIO_SUFFIX;
  const file = join(BUILTIN_DIR, label);
  return { text: readFileSync(file, "utf8"), file, label };
}

/** Source text of a built-in (for `--params` listings and the editor). */
export function readBuiltin(name: string): { text: string; file: string } {
  const { text, file } = builtinText(name);
  return { text, file };
}

/** Parses a built-in by name; errors are reported against "<name>.kls.yaml". */
export function loadBuiltin(name: string, overrides: Record<string, number> = {}): Scenario {
  const { text, label } = builtinText(name);
  return parseScenario(text, label, overrides);
}

export function listBuiltins(): BuiltinInfo[] {
  return builtinNames().map((name) => {
    const { text, file, label } = builtinText(name);
    return { name, description: readHeader(text, label).description, params: listParams(text, label), file };
  });
}

// Resolves `run <name|file>` to a Scenario: built-in by name, else a file; --set keys are routed to
// parameters (applied while parsing) or sysctls (applied after).

import { readFileSync } from "node:fs";
import { builtinNames, isBuiltin, readBuiltin, SCENARIO_SUFFIX } from "../scenario/builtins.js";
import { UsageError } from "../scenario/errors.js";
import { applyOverrides, listParams, parseScenario } from "../scenario/parse.js";
import type { Override, Scenario } from "../scenario/types.js";

export function loadTarget(target: string, sets: readonly Override[]): Scenario {
  let text: string;
  let label: string;
  if (isBuiltin(target)) {
    text = readBuiltin(target).text;
    label = target + SCENARIO_SUFFIX;
  } else {
    try {
      text = readFileSync(target, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const looksLikeFile = /[./\\]/.test(target);
      throw new UsageError(
        looksLikeFile
          ? `cannot read ${target}: ${code === "ENOENT" ? "no such file" : ((e as Error).message ?? code)}`
          : `unknown scenario "${target}" (built-ins: ${builtinNames().join(", ")}; or give a ${SCENARIO_SUFFIX} file)`,
      );
    }
    label = target;
  }
  const paramNames = new Set(listParams(text, label).map((p) => p.name));
  const overrides: Record<string, number> = {};
  const sysctls: Override[] = [];
  for (const s of sets) {
    if (!paramNames.has(s.key)) sysctls.push(s);
    else if (typeof s.value === "number") overrides[s.key] = s.value;
    else throw new UsageError(`--set ${s.key}: expected a number, got "${s.value}"`);
  }
  return applyOverrides(parseScenario(text, label, overrides), sysctls);
}

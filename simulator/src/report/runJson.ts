// The `--json` document. Today it is the RunResult itself; the function exists so the CLI does not
// depend on that if the document grows (e.g. a format version or the expect text).

import type { RunResult } from "../runResult.js";

export function runJson(result: RunResult, indent?: number): string {
  return JSON.stringify(result, null, indent) + "\n";
}

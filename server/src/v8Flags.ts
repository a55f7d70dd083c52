// V8 flags the language server runs with. Every index worker is an isolate of its own, so TurboFan compiles
// the extraction code once per worker: a smaller inlining budget halves that work (≈ 2.6 → 1.4 s of CPU
// per isolate over net/ + include/) and the compiled code is as fast (bench/RESULTS.md, eighth session); on
// V8 11 (node 20) a larger interrupt budget (its default is 67,584) optimises only what stays hot, which took
// V8's helper threads from ≈ 2.1 to ≈ 1.4 s of a cold index and its wall time 4 % down (eleventh session).
import v8 from "node:v8";

/** Flags every V8 the server runs on knows (node 20, code-server's node 24, VS Code's Electron): the
 * extension passes them on the command line, where a flag V8 does not know stops the process. */
export const SERVER_V8_FLAGS: readonly string[] = ["--max-inlined-bytecode-size-cumulative=200"];

/** Tuning measured on V8 11 alone, set at start when that is the V8 running (later ones tier up by other
 * rules and have no `--interrupt-budget`); never on a command line. */
export const V8_11_FLAGS: readonly string[] = ["--interrupt-budget=400000"];

export interface V8FlagsState {
  /** Flags this process was started with. */
  fromCommandLine: string[];
  /** Flags to set at start: the rest, in plain Node. */
  toSet: string[];
  /** Flags left unset: the rest, in Electron, where V8 flags are only taken on the command line (the
   * extension passes them in execArgv). */
  missing: string[];
}

export function v8FlagsState(
  execArgv: readonly string[],
  electron: boolean,
  v8Version: string = process.versions.v8,
): V8FlagsState {
  const fromCommandLine = SERVER_V8_FLAGS.filter((flag) => execArgv.includes(flag));
  const rest = SERVER_V8_FLAGS.filter((flag) => !execArgv.includes(flag));
  const tuning = v8Version.split(".")[0] === "11" && !electron ? V8_11_FLAGS : [];
  return { fromCommandLine, toSet: electron ? [] : [...rest, ...tuning], missing: electron ? rest : [] };
}

/** Sets what the command line did not, before any worker starts (workers share the process's flags);
 * returns a line for the server's log. */
export function applyServerV8Flags(
  execArgv: readonly string[] = process.execArgv,
  electron = process.versions.electron !== undefined,
): string {
  const state = v8FlagsState(execArgv, electron);
  for (const flag of state.toSet) v8.setFlagsFromString(flag);
  const parts = [
    ...state.fromCommandLine.map((flag) => `${flag} (command line)`),
    ...state.toSet.map((flag) => `${flag} (set at start)`),
    ...state.missing.map((flag) => `${flag} not set: pass it in execArgv`),
  ];
  return `V8 flags: ${parts.join(", ")}`;
}

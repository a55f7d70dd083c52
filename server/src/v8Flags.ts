// V8 flags the language server runs with. Every index worker is an isolate of its own, so TurboFan compiles
// the extraction code once per worker; a smaller inlining budget halves that work (≈ 2.6 → 1.4 s of CPU
// per isolate over net/ + include/) and the compiled code is as fast (bench/RESULTS.md, eighth session).
import v8 from "node:v8";

export const SERVER_V8_FLAGS: readonly string[] = ["--max-inlined-bytecode-size-cumulative=200"];

export interface V8FlagsState {
  /** Flags this process was started with. */
  fromCommandLine: string[];
  /** Flags to set at start: the rest, in plain Node. */
  toSet: string[];
  /** Flags left unset: the rest, in Electron, where V8 flags are only taken on the command line (the
   * extension passes them in execArgv). */
  missing: string[];
}

export function v8FlagsState(execArgv: readonly string[], electron: boolean): V8FlagsState {
  const fromCommandLine = SERVER_V8_FLAGS.filter((flag) => execArgv.includes(flag));
  const rest = SERVER_V8_FLAGS.filter((flag) => !execArgv.includes(flag));
  return { fromCommandLine, toSet: electron ? [] : rest, missing: electron ? rest : [] };
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

// The text a run prints: header, trace (+ syscalls, packets, kernel log), ss and nstat per host, and the
// spec's prediction so the reader can compare.

import type { RunResult } from "../runResult.js";
import type { Scenario } from "../scenario/types.js";
import { formatMs } from "../report/format.js";
import { formatNstat } from "../report/nstatTable.js";
import { formatSs } from "../report/ssTable.js";
import { formatLog, formatSyscalls, formatTrace, type TraceTextOptions } from "../report/traceText.js";

export interface RunTextOptions extends TraceTextOptions {
  /** Include the function trace (the syscalls are listed either way). */
  trace?: boolean;
}

export function describeStop(result: RunResult): string {
  const why = {
    until: "reached until",
    idle: "nothing left to do",
    "event-cap": "hit the event cap",
    "stop-condition": "stop condition met",
  }[result.stop.reason];
  return `stopped at ${formatMs(result.stop.t)} ms: ${why}${result.stop.message ? ` (${result.stop.message})` : ""}, ${result.processed} events processed`;
}

export function formatRunText(result: RunResult, scenario: Scenario, opts: RunTextOptions = {}): string {
  const params = Object.entries(result.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  const header = [
    `# Scenario ${scenario.name} (Linux ${result.kernel} model, seed ${result.seed})`,
    ...(scenario.description ? [`# ${scenario.description}`] : []),
    ...(params ? [`# params: ${params}`] : []),
    `# ${describeStop(result)}`,
  ].join("\n");
  const body =
    opts.trace === false
      ? [formatSyscalls(result.syscalls), ...(result.log.length ? [formatLog(result)] : [])].join("\n\n") +
        "\n"
      : formatTrace(result, { ...opts, syscalls: true });
  const parts = [
    header,
    "## Trace",
    body,
    "## Sockets",
    formatSs(result),
    "## Counters",
    formatNstat(result),
  ];
  if (scenario.expect) {
    parts.push("## What the spec predicts (§9)", scenario.expect.trimEnd() + "\n");
  }
  return parts.join("\n\n").replace(/\n{3,}/g, "\n\n");
}

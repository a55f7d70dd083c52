// `nstat`-like counter dump per host: only non-zero counters, Tcp* (SNMP) before TcpExt* (netstat).

import type { RunResult } from "../runResult.js";
import { hostsOf } from "./ssTable.js";

export function formatNstatTable(result: RunResult, host: string): string {
  const counters = Object.entries(result.final.counters[host] ?? {}).filter(([, v]) => v !== 0);
  // Stable: keep the engine's (kernel) order within each group.
  const group = (name: string): number => (name.startsWith("TcpExt") ? 1 : 0);
  counters.sort((a, b) => group(a[0]) - group(b[0]));
  const lines = [`${host}$ nstat -a`, "#kernel"];
  for (const [name, value] of counters) lines.push(`${name.padEnd(32)}${String(value).padEnd(16)}0.0`);
  if (counters.length === 0) lines.push("(all counters zero)");
  return lines.join("\n");
}

export function formatNstat(result: RunResult): string {
  return (
    hostsOf(result)
      .map((h) => formatNstatTable(result, h))
      .join("\n\n") + "\n"
  );
}

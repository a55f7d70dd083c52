// Small formatting helpers shared by the text reports.

import type { TcpStateName } from "../runResult.js";

/** Virtual time as milliseconds with microsecond resolution: 12 → "12.000", 0.1 → "0.100". */
export function formatMs(t: number): string {
  return t.toFixed(3);
}

/** Kernel state name without the TCP_ prefix ("SYN_SENT"), as traces print it. */
export function kernelState(s: TcpStateName | "none" | "freed" | "unhashed"): string {
  return s.startsWith("TCP_") ? s.slice(4) : s;
}

/** Lays out rows as left-aligned columns separated by two spaces (the last column is not padded). */
export function columns(rows: readonly (readonly string[])[], gap = "  "): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join(gap)
      .trimEnd(),
  );
}

// Virtual-time durations in scenarios: a bare number is milliseconds (HZ=1000, so also jiffies);
// strings carry a unit so long timeouts ("127s") stay readable.

const DURATION_RE = /^\s*(-?\d+(?:\.\d+)?|-?\.\d+)\s*(ms|s|m)?\s*$/;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** Parses "250ms", "1.5s", "2m", "40" or a number into milliseconds; undefined if malformed. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const m = DURATION_RE.exec(value);
  if (!m || m[1] === undefined) return undefined;
  const ms = Number(m[1]) * (UNIT_MS[m[2] ?? "ms"] ?? 1);
  // Round away binary noise such as 0.1 * 3 so traces print clean times.
  return Math.round(ms * 1e6) / 1e6;
}

/** True for strings parseDuration accepts (used as an ajv format). */
export function isDurationString(value: string): boolean {
  return DURATION_RE.test(value);
}

/** Formats ms the way traces print time: "12.001" style is left to reports; this is for messages. */
export function formatDuration(ms: number): string {
  if (ms !== 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms !== 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

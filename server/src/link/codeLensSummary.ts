// The live one-line summary above a modelled function: how often it ran in the current run and what it
// changed in total ("3 calls · SYN queue +3 · ListenOverflows +1"), or what it returned when it changed
// nothing.
import { callsOf, subtreeEffects, type RunResult } from "@kernel-lens/simulator";
import { returnCounts } from "./callTallies.js";

/** `calls`: callsOf(run, fn), when the caller has them already (a scan of the whole trace). */
export function codeLensSummary(run: RunResult, fn: string, calls = callsOf(run, fn)): string {
  if (calls.length === 0) return "not called in this run";
  // Count only outermost calls, so a recursive chain does not add its effects twice.
  const ids = new Set(calls.map((c) => c.id));
  let synq = 0;
  let acceptq = 0;
  let sent = 0;
  const counters = new Map<string, number>();
  for (const c of calls) {
    let p = c.parent;
    let nested = false;
    while (p !== undefined) {
      if (ids.has(p)) {
        nested = true;
        break;
      }
      p = run.events[p]?.parent;
    }
    if (nested) continue;
    for (const e of subtreeEffects(run, c.id)) {
      if (e.kind === "synq") synq += e.qlen[1] - e.qlen[0];
      else if (e.kind === "acceptq") acceptq += e.len[1] - e.len[0];
      else if (e.kind === "send") sent++;
      else if (e.kind === "counter" && !e.name.endsWith("Segs") && e.name !== "TcpCurrEstab")
        counters.set(e.name, (counters.get(e.name) ?? 0) + e.value[1] - e.value[0]);
    }
  }
  const parts = [`${calls.length} call${calls.length === 1 ? "" : "s"}`];
  const signed = (n: number) => (n >= 0 ? `+${n}` : `${n}`);
  if (synq) parts.push(`SYN queue ${signed(synq)}`);
  if (acceptq) parts.push(`accept queue ${signed(acceptq)}`);
  const top = [...counters]
    .filter(([, v]) => v !== 0)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .slice(0, 2);
  for (const [name, v] of top) parts.push(`${name.replace(/^TcpExt|^Tcp/, "")} ${signed(v)}`);
  if (sent) parts.push(`${sent} sent`);
  // A function that changed nothing (a predicate) is summed up by its answers: "1001 calls · 1 ×937, 0 ×64",
  // or "9 calls · returned 0" when it gave one.
  const returned = parts.length === 1 ? returnCounts(calls) : [];
  if (returned.length === 1) parts.push(`returned ${returned[0]!.value}`);
  else if (returned.length > 1) parts.push(returned.map((r) => `${r.value} ×${r.calls}`).join(", "));
  return parts.join(" · ");
}

// The simulator's part of a hover on a modelled kernel function: what it did in the current run, at
// the selected point, with the state before → after its call (its callees included).
import {
  callChain,
  callsOf,
  formatEffect,
  formatMs,
  listenersAt,
  subtreeEffects,
  subtreeEnd,
  type CatalogEntry,
  type Effect,
  type InlinedFunction,
  type RunResult,
  type TraceEvent,
} from "@kernel-lens/simulator";
import { ClientCommands } from "../protocol.js";
import { callerCounts, laterReturns, returnCounts } from "./callTallies.js";
import { codeLensSummary } from "./codeLensSummary.js";

export interface HoverContext {
  run: RunResult;
  /** Selected event index (the last event for "the end"). */
  selected: number;
  seed: number;
}

export function functionHoverMarkdown(entry: CatalogEntry, ctx: HoverContext): string {
  const { run } = ctx;
  const lines: string[] = [];
  lines.push(`**Kernel Lens** · modelled from Linux 4.11 \`${entry.file}\``, "", entry.summary, "");
  const calls = callsOf(run, entry.name);
  const where = `\`${run.scenario}\` (seed ${ctx.seed})`;
  if (calls.length === 0) {
    lines.push(`Not called in the current run ${where}.`);
    return lines.join("\n");
  }
  const hosts = [...new Set(calls.map((c) => c.host))].join(", ");
  lines.push(
    `**In the run ${where}:** ${calls.length} call${calls.length === 1 ? "" : "s"} on ${hosts}, ` +
      `first at ${formatMs(calls[0]!.t)} ms, last at ${formatMs(calls.at(-1)!.t)} ms.`,
    "",
  );
  lines.push(`Call chain: \`${callChain(run, calls[0]!.id).join(" → ")}\``, "");
  const callers = callerCounts(calls, run.events);
  if (callers.length > 1) {
    lines.push(`Called from ${callers.map((c) => `\`${c.caller}\` ${times(c.calls)}`).join(", ")}.`, "");
  }
  const returned = returnCounts(calls);
  if (returned.length === 1 && calls.length > 1) {
    lines.push(`Returned \`${returned[0]!.value}\` every time.`, "");
  } else if (returned.length > 1) {
    lines.push(`Returned ${returned.map((r) => `\`${r.value}\` ${times(r.calls)}`).join(", ")}.`, "");
  }

  const before = calls.filter((c) => c.id <= ctx.selected);
  const call = before.at(-1);
  if (!call) {
    lines.push(`Not called yet at the selected point (${formatMs(run.events[ctx.selected]?.t ?? 0)} ms).`);
  } else {
    lines.push(...describeCall(run, call, before.length, calls.length));
  }
  const target = call ?? calls[0]!;
  const runToFirst = laterReturns(calls).map(
    ({ value }) =>
      `[Run to first \`${value}\`](${commandUri(ClientCommands.runToHere, [entry.name, value])}) · `,
  );
  lines.push(
    "",
    `[Run to here](${commandUri(ClientCommands.runToHere, [entry.name])}) · ` +
      runToFirst.join("") +
      `[Show in run view](${commandUri(ClientCommands.showEvent, [target.id, entry.name])})`,
  );
  return lines.join("\n");
}

/** A function the model performs inside catalog functions: what it does, and what those did in the run. */
export function inlinedHoverMarkdown(inlined: InlinedFunction, ctx: HoverContext): string {
  const { run } = ctx;
  const names = inlined.within.map((fn) => `\`${fn}\``);
  const within = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
  const lines = [
    `**Kernel Lens** · modelled from Linux 4.11 \`${inlined.file}\` inside ${within}, without a trace entry of its own`,
    "",
    inlined.summary,
    "",
    `**In the run \`${run.scenario}\` (seed ${ctx.seed}):**`,
    "",
  ];
  for (const fn of inlined.within) {
    const first = callsOf(run, fn)[0];
    const show = first
      ? ` · [Show in run view](${commandUri(ClientCommands.showEvent, [first.id, fn])})`
      : "";
    lines.push(`- \`${fn}\`: ${codeLensSummary(run, fn)}${show}`);
  }
  return lines.join("\n");
}

function describeCall(run: RunResult, call: TraceEvent, n: number, total: number): string[] {
  const end = subtreeEnd(run, call.id);
  const effects = subtreeEffects(run, call.id);
  const out = [
    `**Call ${n} of ${total}** at ${formatMs(call.t)} ms on ${call.host}: \`${call.fn}(${call.args})\`` +
      (call.ret !== undefined ? ` = \`${call.ret}\`` : ""),
    "",
  ];
  const pre = listenersAt(run, call.id);
  const post = listenersAt(run, end);
  const rows: string[] = [];
  for (const [id, after] of post) {
    const b = pre.get(id) ?? { qlen: 0, young: 0, ackBacklog: 0, max: after.max };
    rows.push(
      `| SYN queue of ${id} (qlen / young, full at qlen ≥ ${after.max}) | ${b.qlen} / ${b.young} | ${after.qlen} / ${after.young} |`,
      `| accept queue of ${id} (sk_ack_backlog, holds ${after.max + 1}) | ${b.ackBacklog} | ${after.ackBacklog} |`,
    );
  }
  if (rows.length) out.push("| state | before | after |", "|---|---|---|", ...rows, "");
  const groups: [string, (e: Effect) => boolean][] = [
    ["socket states", (e) => e.kind === "state"],
    ["counters", (e) => e.kind === "counter" && !e.name.endsWith("Segs")],
    ["timers", (e) => e.kind === "timer"],
    ["packets sent", (e) => e.kind === "send"],
    ["woken", (e) => e.kind === "wake"],
    ["fields", (e) => e.kind === "field" || e.kind === "error"],
    ["dropped", (e) => e.kind === "drop"],
    ["kernel log", (e) => e.kind === "log" && e.message !== "spoofed SYN"],
  ];
  for (const [label, pick] of groups) {
    const items = effects.filter(pick).map(formatEffect);
    if (items.length) out.push(`- ${label}: ${unique(items).join("; ")}`);
  }
  return out;
}

function times(n: number): string {
  return n === 1 ? "once" : `${n.toLocaleString("en-US")} times`;
}

function unique(items: string[]): string[] {
  const seen = new Map<string, number>();
  for (const i of items) seen.set(i, (seen.get(i) ?? 0) + 1);
  return [...seen].map(([i, n]) => (n > 1 ? `${i} (×${n})` : i));
}

/** A markdown command link (the client marks hovers trusted for these commands only). */
export function commandUri(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

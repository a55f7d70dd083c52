// A function_graph-tracer-like rendering of a run: one line per traced kernel call, indented by call
// depth, with what the call changed written beside it, then the packets, syscalls and kernel log.

import type { Effect, PacketRecord, RunResult, SyscallRecord, TraceEvent } from "../runResult.js";
import { columns, formatMs, kernelState } from "./format.js";

export interface TraceTextOptions {
  /** Only events of these hosts. */
  hosts?: readonly string[];
  /** Only calls to these functions and everything they call ("*" suffix matches a prefix: "tcp_v4_*"). */
  functions?: readonly string[];
  /** Stop after this many trace lines (a note says how many were left out). */
  maxLines?: number;
  /** Append the packet list. */
  packets?: boolean;
  /** Append the system calls (default true). */
  syscalls?: boolean;
}

/** One effect, compact: "qlen 0→1 young 0→1 /128", "+TcpExtListenOverflows 3→4", "send SYN-ACK #12". */
export function formatEffect(e: Effect): string {
  switch (e.kind) {
    case "state":
      return `${e.sock} ${kernelState(e.from)}→${kernelState(e.to)}`;
    case "synq":
      return `qlen ${e.qlen[0]}→${e.qlen[1]} young ${e.young[0]}→${e.young[1]} /${e.max}`;
    case "acceptq":
      return `acceptq ${e.len[0]}→${e.len[1]} /${e.max}`;
    case "counter": {
      const [a, b] = e.value;
      return `${b >= a ? "+" : "-"}${e.name} ${a}→${b}`;
    }
    case "timer":
      return `timer ${e.timer} ${e.action}${e.expires !== undefined ? ` @${formatTime(e.expires)}` : ""}`;
    case "send":
      return `send ${e.summary.split(" ")[0] ?? e.summary} #${e.packet}`;
    case "wake":
      return `wake ${e.waiter}`;
    case "field":
      return `${e.field} ${e.value[0]}→${e.value[1]}`;
    case "error":
      return `${e.sock} sk_err=${e.errno}`;
    case "drop":
      return `drop (${e.reason})`;
    case "log":
      return `log "${e.message}"`;
  }
}

/** Times in effects: integers stay short ("@1012"), fractions keep their digits. */
function formatTime(t: number): string {
  return Number.isInteger(t) ? String(t) : formatMs(t);
}

function fnMatches(fn: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith("*") ? fn.startsWith(p.slice(0, -1)) : fn === p));
}

/** Events to show, each with the depth its indentation counts from (the matched call's, with a function filter). */
function select(events: readonly TraceEvent[], opts: TraceTextOptions): { ev: TraceEvent; base: number }[] {
  const hosts = opts.hosts?.length ? new Set(opts.hosts) : undefined;
  const fns = opts.functions?.length ? opts.functions : undefined;
  const out: { ev: TraceEvent; base: number }[] = [];
  // Per host, the depth of the matching call whose callees are still being listed.
  const open = new Map<string, number>();
  for (const ev of events) {
    if (hosts && !hosts.has(ev.host)) continue;
    if (!fns) {
      out.push({ ev, base: 0 });
      continue;
    }
    const base = open.get(ev.host);
    if (base !== undefined && ev.depth > base) {
      out.push({ ev, base });
      continue;
    }
    open.delete(ev.host);
    if (fnMatches(ev.fn, fns)) {
      open.set(ev.host, ev.depth);
      out.push({ ev, base: ev.depth });
    }
  }
  return out;
}

/** Events the host and function filters keep (a function match brings its callees along). */
export function selectEvents(events: readonly TraceEvent[], opts: TraceTextOptions): TraceEvent[] {
  return select(events, opts).map((s) => s.ev);
}

export function formatTraceLine(ev: TraceEvent, hostWidth: number, timeWidth: number, baseDepth = 0): string {
  const indent = "  ".repeat(Math.max(0, ev.depth - baseDepth));
  const args = ev.args ? ` ${ev.args}` : "";
  const ret = ev.ret !== undefined ? ` = ${ev.ret}` : "";
  const effects = ev.effects.length ? `  ⇒ ${ev.effects.map(formatEffect).join(", ")}` : "";
  return `${formatMs(ev.t).padStart(timeWidth)} ${ev.host.padEnd(hostWidth)} | ${indent}${ev.fn}()${args}${ret}${effects}`;
}

/** The trace, then the system calls (and packets on request) and the kernel log. */
export function formatTrace(result: RunResult, opts: TraceTextOptions = {}): string {
  const selected = select(result.events, opts);
  const shown = opts.maxLines !== undefined ? selected.slice(0, Math.max(0, opts.maxLines)) : selected;
  const hostWidth = Math.max(4, ...shown.map((s) => s.ev.host.length));
  const timeWidth = Math.max(8, ...shown.map((s) => formatMs(s.ev.t).length));
  const lines = [`${"time(ms)".padStart(timeWidth)} ${"host".padEnd(hostWidth)} | function`];
  for (const { ev, base } of shown) lines.push(formatTraceLine(ev, hostWidth, timeWidth, base));
  if (selected.length === 0)
    lines.push(result.events.length ? "(no trace events match the filter)" : "(no trace events)");
  if (shown.length < selected.length)
    lines.push(`… ${selected.length - shown.length} more trace lines not shown`);
  const sections = [lines.join("\n")];
  if (opts.packets) sections.push(formatPackets(result.packets));
  if (opts.syscalls ?? true) sections.push(formatSyscalls(result.syscalls));
  if (result.log.length) sections.push(formatLog(result));
  return sections.join("\n\n") + "\n";
}

function packetFlags(p: PacketRecord): string {
  // tcpdump's order: SYN-ACK, RST-ACK, PSH-ACK…
  const order = ["SYN", "FIN", "RST", "PSH", "ACK"];
  return [...p.flags].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join("-") || "none";
}

export function formatPackets(packets: readonly PacketRecord[]): string {
  const rows: string[][] = [
    ["#", "sent", "arrived", "from→to", "segment", "seq", "ack", "len", "fate", "notes"],
  ];
  for (const p of packets) {
    const notes = [
      p.cookie ? "cookie" : "",
      p.retransmit ? "retransmit" : "",
      p.rule !== undefined ? `rule ${p.rule}` : "",
      p.by ? `by ${p.by}` : "",
    ].filter(Boolean);
    rows.push([
      String(p.id),
      formatMs(p.sent),
      p.arrived !== undefined ? formatMs(p.arrived) : "-",
      `${p.from}→${p.to}`,
      `${packetFlags(p)} ${p.src} > ${p.dst}`,
      String(p.seq),
      p.flags.includes("ACK") ? String(p.ack) : "-",
      String(p.len),
      p.fate,
      notes.join(", "),
    ]);
  }
  return [`Packets (${packets.length})`, ...columns(rows).map((l) => `  ${l}`)].join("\n");
}

export function formatSyscall(s: SyscallRecord): string {
  const ret = s.errno ? `${s.ret} ${s.errno}` : String(s.ret);
  return `${s.call} = ${ret}`;
}

export function formatSyscalls(syscalls: readonly SyscallRecord[]): string {
  const rows: string[][] = [["returned", "host", "task", "call", "blocked"]];
  for (const s of syscalls) {
    rows.push([
      formatMs(s.t),
      s.host,
      s.task,
      formatSyscall(s),
      s.start !== s.t ? `since ${formatMs(s.start)}` : "",
    ]);
  }
  return [`System calls (${syscalls.length})`, ...columns(rows).map((l) => `  ${l}`)].join("\n");
}

export function formatLog(result: RunResult): string {
  return ["Kernel log", ...result.log.map((l) => `  [${formatMs(l.t)}] ${l.host}: ${l.message}`)].join("\n");
}

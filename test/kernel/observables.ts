// The observables both judges report, in one shape, and their comparison.
//   simulator: RunResult (final snapshot, counters, syscalls, packets)
//   real kernel: RealRun (ss -Hlnt / ss -Htan, nstat -asz, driver syscall log, tcpdump capture)
import {
  COUNTERS,
  type RunResult,
  type Scenario,
  type SegmentFlag,
  type TcpStateName,
} from "../../simulator/src/index.js";
import { FLOOD_BASE, type RealRun } from "./harness.js";

/** Flat map of observable key -> value. Keys:
 *  "listener server:80 Recv-Q" | "listener server:80 Send-Q"
 *  "state HOST SS-STATE" (count of non-listening sockets, ss names: ESTAB, SYN-SENT, SYN-RECV …)
 *  "counter HOST NAME" (nstat name, only the simulator's COUNTERS)
 *  "call HOST CALL OUTCOME" (count; CALL bind|listen|connect|accept|send|epoll_wait; OUTCOME ok|ERRNO|blocked)
 *  "packets FROM>TO KIND" (sorted send times in ms; KIND SYN|SYN-ACK|ACK|DATA|RST|RST-ACK|FIN)
 *  "return HOST CALL" (sorted return times of blocking connect()/accept() calls, ms)
 */
export type Observables = Map<string, number | number[]>;

const SS_STATE: Partial<Record<TcpStateName, string>> = {
  TCP_ESTABLISHED: "ESTAB",
  TCP_SYN_SENT: "SYN-SENT",
  TCP_SYN_RECV: "SYN-RECV",
  TCP_NEW_SYN_RECV: "SYN-RECV",
  TCP_FIN_WAIT1: "FIN-WAIT-1",
  TCP_FIN_WAIT2: "FIN-WAIT-2",
  TCP_TIME_WAIT: "TIME-WAIT",
  TCP_CLOSE_WAIT: "CLOSE-WAIT",
  TCP_LAST_ACK: "LAST-ACK",
  TCP_CLOSING: "CLOSING",
  // TCP_CLOSE: an unhashed socket, which ss -tan does not list.
};

function kindOf(flags: readonly string[], len: number): string {
  const f = new Set(flags);
  if (f.has("RST")) return f.has("ACK") ? "RST-ACK" : "RST";
  if (f.has("SYN")) return f.has("ACK") ? "SYN-ACK" : "SYN";
  if (f.has("FIN")) return "FIN";
  return len > 0 ? "DATA" : "ACK";
}

const TCPDUMP_FLAG: Record<string, SegmentFlag | "URG" | "ECE" | "CWR"> = {
  S: "SYN",
  ".": "ACK",
  R: "RST",
  F: "FIN",
  P: "PSH",
  U: "URG",
  E: "ECE",
  W: "CWR",
};

function add(obs: Observables, key: string, n = 1): void {
  obs.set(key, ((obs.get(key) as number | undefined) ?? 0) + n);
}
function push(obs: Observables, key: string, t: number): void {
  const list = (obs.get(key) as number[] | undefined) ?? [];
  list.push(t);
  obs.set(key, list);
}
function sortLists(obs: Observables): Observables {
  for (const v of obs.values()) if (Array.isArray(v)) v.sort((a, b) => a - b);
  return obs;
}

function callName(call: string): string {
  return (
    /^(bind|listen|connect|accept4?|send|epoll_wait)/.exec(call)?.[1]?.replace("accept4", "accept") ?? ""
  );
}

/** Calls the scenario starts that block until an event: blocking connect()s, blocking accept()s, epoll_wait()s. */
function issuedCalls(scenario: Scenario): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const bump = (h: string, c: string, n: number) => ((out[h] ??= {})[c] = (out[h]![c] ?? 0) + n);
  for (const s of scenario.steps) {
    if (s.kind === "connect") bump(s.from, "connect", s.count);
    if (s.kind === "accept") bump(s.host, "accept", s.tasks * s.count);
    if (s.kind === "epoll") bump(s.host, "epoll_wait", s.instances * s.waits);
  }
  return out;
}

export function fromSimulator(run: RunResult, scenario: Scenario): Observables {
  const obs: Observables = new Map();
  for (const l of run.final.listeners) {
    obs.set(`listener ${l.host}:${l.port} Recv-Q`, l.acceptQueue.len);
    obs.set(`listener ${l.host}:${l.port} Send-Q`, l.backlog);
  }
  for (const s of run.final.sockets) {
    if (s.role === "listener") continue;
    const st = SS_STATE[s.state];
    if (st) add(obs, `state ${s.host} ${st}`);
  }
  for (const host of Object.keys(run.sysctls))
    for (const name of COUNTERS) obs.set(`counter ${host} ${name}`, run.final.counters[host]?.[name] ?? 0);
  const returned: Record<string, Record<string, number>> = {};
  const blockingTask = new Set<string>();
  for (const c of run.syscalls) {
    const name = callName(c.call);
    if (!name) continue;
    add(obs, `call ${c.host} ${name} ${c.errno ?? "ok"}`);
    if (name !== "send" && !(name === "accept" && c.task.includes("/epoll")))
      (returned[c.host] ??= {})[name] = (returned[c.host]![name] ?? 0) + 1;
    if ((name === "connect" || name === "accept") && c.t > c.start) blockingTask.add(c.task);
    if (
      (name === "connect" && c.errno !== "EINPROGRESS") ||
      (name === "accept" && !c.task.includes("/epoll") && c.errno !== "EAGAIN")
    )
      push(obs, `return ${c.host} ${name}`, c.t);
  }
  for (const [host, calls] of Object.entries(issuedCalls(scenario)))
    for (const [name, n] of Object.entries(calls)) {
      const left = n - (returned[host]?.[name] ?? 0);
      if (left > 0) add(obs, `call ${host} ${name} blocked`, left);
    }
  for (const p of run.packets)
    push(
      obs,
      `packets ${p.from}>${p.to === "(spoofed)" || !run.sysctls[p.to] ? "(spoofed)" : p.to} ${kindOf(p.flags, p.len)}`,
      p.sent,
    );
  return sortLists(obs);
}

function parseNstat(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const m = /^(\S+)\s+(\d+)/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

export function fromKernel(real: RealRun, scenario: Scenario): Observables {
  const obs: Observables = new Map();
  const returned: Record<string, Record<string, number>> = {};
  for (const [host, h] of Object.entries(real.hosts)) {
    for (const line of h.listen.split("\n")) {
      const f = line.trim().split(/\s+/);
      if (f[0] !== "LISTEN") continue;
      const port = f[3]!.slice(f[3]!.lastIndexOf(":") + 1);
      obs.set(`listener ${host}:${port} Recv-Q`, Number(f[1]));
      obs.set(`listener ${host}:${port} Send-Q`, Number(f[2]));
    }
    for (const line of h.ss.split("\n")) {
      const f = line.trim().split(/\s+/);
      if (!f[0] || f[0] === "LISTEN") continue;
      add(obs, `state ${host} ${f[0]}`);
    }
    const n = parseNstat(h.nstat);
    const tcp = h.snmp.split("\n").filter((l) => l.startsWith("Tcp:"));
    if (tcp.length === 2) {
      const [names, values] = tcp.map((l) => l.trim().split(/\s+/));
      n.TcpCurrEstab = Number(values![names!.indexOf("CurrEstab")]);
    }
    for (const name of COUNTERS) obs.set(`counter ${host} ${name}`, n[name] ?? 0);
    for (const c of h.syscalls) {
      const name = callName(c.call);
      if (!name) continue;
      add(obs, `call ${host} ${name} ${c.errno ?? "ok"}`);
      if (name !== "send" && !(name === "accept" && c.task.startsWith("epoll")))
        (returned[host] ??= {})[name] = (returned[host]![name] ?? 0) + 1;
      if (
        (name === "connect" && c.errno !== "EINPROGRESS") ||
        (name === "accept" && !c.task.startsWith("epoll") && c.errno !== "EAGAIN")
      )
        push(obs, `return ${host} ${name}`, c.t);
    }
  }
  // Harness artifact: the raw flood uses the client's own address (no other address is allowed), so the
  // client's TCP receives the SYN-ACKs sent to the spoofed ports and answers each with a RST (dropped by
  // iptables on output, after TCP counted it). The simulator's spoofed sources do not exist; remove them.
  const toSpoofed = real.packets.filter((p) => {
    const port = Number(p.dst.slice(p.dst.lastIndexOf(":") + 1));
    return p.dst.startsWith("10.0.0.2:") && port >= FLOOD_BASE && port < 32768;
  }).length;
  if (toSpoofed > 0)
    for (const name of ["TcpInSegs", "TcpOutSegs", "TcpOutRsts"])
      obs.set(`counter client ${name}`, (obs.get(`counter client ${name}`) as number) - toSpoofed);
  // Calls never made or still blocked at the snapshot, counted as the simulator counts them.
  for (const [host, calls] of Object.entries(issuedCalls(scenario)))
    for (const [name, n] of Object.entries(calls)) {
      const left = n - (returned[host]?.[name] ?? 0);
      if (left > 0) add(obs, `call ${host} ${name} blocked`, left);
    }
  for (const p of real.packets) {
    const flags = [...p.flags].map((ch) => TCPDUMP_FLAG[ch] ?? ch);
    const dport = Number(p.dst.slice(p.dst.lastIndexOf(":") + 1));
    const toHost =
      Object.entries({ server: "10.0.0.1", client: "10.0.0.2" }).find(([, a]) =>
        p.dst.startsWith(`${a}:`),
      )?.[0] ?? "?";
    const to = toHost === "client" && dport >= FLOOD_BASE && dport < 32768 ? "(spoofed)" : toHost;
    push(obs, `packets ${p.from}>${to} ${kindOf(flags, p.len)}`, p.t);
  }
  return sortLists(obs);
}

export interface Mismatch {
  key: string;
  sim: number | number[] | undefined;
  real: number | number[] | undefined;
  why: string;
}

/** Absolute + relative tolerance for times (ms). Not a kernel difference: the veth link has no 1 ms delay
 *  (no sch_netem here), Python adds scheduling latency, and timers fire late by timer-wheel granularity. */
export function timeTolerance(t: number): number {
  return 30 + 0.05 * t;
}

/** Keys compared by count only (the raw flood's own packets: hundreds, timing set by Python's send loop). */
function countOnly(key: string): boolean {
  return key.includes("(spoofed)");
}

export function compare(sim: Observables, real: Observables): Mismatch[] {
  const out: Mismatch[] = [];
  const keys = [...new Set([...sim.keys(), ...real.keys()])].sort();
  for (const key of keys) {
    const s = sim.get(key);
    const r = real.get(key);
    if (Array.isArray(s) || Array.isArray(r)) {
      const sl = (s as number[] | undefined) ?? [];
      const rl = (r as number[] | undefined) ?? [];
      if (sl.length !== rl.length) {
        out.push({ key, sim: sl, real: rl, why: `${sl.length} vs ${rl.length} packets/calls` });
        continue;
      }
      if (countOnly(key)) continue;
      const bad = sl.findIndex((t, i) => Math.abs(rl[i]! - t) > timeTolerance(t));
      if (bad >= 0)
        out.push({
          key,
          sim: sl,
          real: rl,
          why: `#${bad + 1}: ${sl[bad]!.toFixed(1)} vs ${rl[bad]!.toFixed(1)} ms (tolerance ±${timeTolerance(sl[bad]!).toFixed(0)})`,
        });
      continue;
    }
    if ((s ?? 0) !== (r ?? 0)) out.push({ key, sim: s ?? 0, real: r ?? 0, why: `${s ?? 0} vs ${r ?? 0}` });
  }
  return out;
}

export function fmt(v: number | number[] | undefined): string {
  if (v === undefined) return "-";
  if (Array.isArray(v))
    return v.length > 8 ? `${v.length} items` : `[${v.map((t) => t.toFixed(0)).join(", ")}]`;
  return String(v);
}

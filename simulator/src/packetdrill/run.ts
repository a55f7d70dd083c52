// Run a packetdrill script against one simulated v4.11 host. The script plays the remote peer, as
// packetdrill does: inbound lines (`<`) become segments delivered to the host's tcp_v4_rcv at their time,
// every segment the host sends is matched in order against the outbound lines (`>`), and system call lines
// run as tasks on the host. Script lines are handled in order on the virtual clock; the first mismatch
// ends the run. A pure function of (text, options): no I/O, no clock.
import { DEFAULT_SEED, NotModelledError } from "../run.js";
import type { PacketRecord, RunResult } from "../runResult.js";
import { newHost, type Host } from "../kernel/host.js";
import { newLink, transmit } from "../kernel/link.js";
import {
  TCPHDR_ACK,
  TCPHDR_FIN,
  TCPHDR_PSH,
  TCPHDR_RST,
  TCPHDR_SYN,
  type Segment,
} from "../kernel/segment.js";
import { newSim, type Sim } from "../kernel/sim.js";
import { takeSnapshot } from "../kernel/snapshot.js";
import { setLocalPortRange } from "../kernel/sysctlNetIpv4.js";
import { LOCAL_PORT_RANGE_RULE, parseLocalPortRange, SYSCTLS, sysctlInfo } from "../kernel/sysctls.js";
import { tcpV4Rcv } from "../kernel/tcpIpv4.js";
import { UsageError } from "../scenario/errors.js";
import { LOCAL_PORT_RANGE_SYSCTL } from "../scenario/schema.js";
import type { Override } from "../scenario/types.js";
import { parseScript } from "./parse.js";
import {
  PacketdrillScriptError,
  notModelled,
  type CommandEvent,
  type PacketEvent,
  type Script,
  type ScriptEvent,
  type SyscallEvent,
} from "./script.js";
import { runSyscall, type SyscallContext, type SyscallOutcome } from "./syscalls.js";
import { advertisedWindow } from "./window.js";

/** packetdrill's defaults: local (system under test) and remote addresses, the port bind()/connect() use. */
export const LOCAL_ADDR = "192.168.0.1";
export const REMOTE_ADDR = "192.0.2.1";
export const SCRIPT_PORT = 8080;
/** packetdrill's --tolerance_usecs default. */
export const DEFAULT_TOLERANCE_US = 4000;
const HOST_NAME = "local";
/** How long an outbound line or a blocked call waits for something to happen before "saw none". */
const WAIT_HORIZON_MS = 600_000;
const DEFAULT_MAX_EVENTS = 1_000_000;

export interface PacketdrillOptions {
  /** Sysctls (net.ipv4.tcp_syncookies=0) and tolerance_usecs, like kernel-lens run --set. */
  sets?: readonly Override[];
  seed?: number;
  maxEvents?: number;
}

export type PacketdrillOutcome =
  { kind: "pass" } | { kind: "mismatch" | "error"; line: number; column?: number; message: string };

export interface PacketdrillResult {
  file: string;
  outcome: PacketdrillOutcome;
  /** "script.pkt:LINE: warning: …" lines (ignored shell commands, options). */
  warnings: string[];
  /** One-time notes on what is not checked ("TCP options of outbound segments are not checked"). */
  notes: string[];
  run: RunResult;
  /** Per event line: the trace events it caused (system calls, injected segments) or observed (sent segments). */
  lines: { line: number; events: number[] }[];
}

class Mismatch extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

interface Connection {
  passive: boolean;
  lport: number | undefined;
  rport: number;
  /** Offset between the host's sequence numbers and the script's (learned from its SYN or SYN-ACK). */
  localIsn: number | undefined;
  /** The script's SYN carried a TS option (changes the SYN-ACK window). */
  peerTimestamps: boolean;
}

interface Pending {
  event: SyscallEvent;
  endMs: number;
  done: boolean;
}

export function secs(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Flag letters of a recorded segment in script notation: "S.", "R", "P.", ".". */
function flagText(flags: readonly string[]): string {
  let s = "";
  if (flags.includes("SYN")) s += "S";
  if (flags.includes("FIN")) s += "F";
  if (flags.includes("RST")) s += "R";
  if (flags.includes("PSH")) s += "P";
  if (flags.includes("ACK")) s += ".";
  return s || "-";
}

const LABELS: Record<string, string> = {
  S: "SYN",
  "S.": "SYN-ACK",
  ".": "ACK",
  R: "RST",
  "R.": "RST-ACK",
  "P.": "PSH-ACK",
  "F.": "FIN-ACK",
  F: "FIN",
  "-": "segment without flags",
};

function label(flags: string): string {
  return LABELS[flags || "-"] ?? `${flags} segment`;
}

function scriptFlagBits(ev: PacketEvent): number {
  let bits = 0;
  for (const ch of ev.flags) {
    if (ch === "S") bits |= TCPHDR_SYN;
    else if (ch === "F") bits |= TCPHDR_FIN;
    else if (ch === "R") bits |= TCPHDR_RST;
    else if (ch === "P") bits |= TCPHDR_PSH;
    else if (ch === ".") bits |= TCPHDR_ACK;
    else throw notModelled(ev.line, ev.column, `the ${ch === "U" ? "URG" : ch === "E" ? "ECE" : "CWR"} flag`);
  }
  return bits;
}

/** Canonical flag text of a script line (letters in S F R P order, then "."). */
function canonicalFlags(ev: PacketEvent): string {
  const bits = scriptFlagBits(ev);
  const names: string[] = [];
  if (bits & TCPHDR_SYN) names.push("SYN");
  if (bits & TCPHDR_FIN) names.push("FIN");
  if (bits & TCPHDR_RST) names.push("RST");
  if (bits & TCPHDR_PSH) names.push("PSH");
  if (bits & TCPHDR_ACK) names.push("ACK");
  return flagText(names);
}

class Executor {
  readonly sim: Sim;
  readonly host: Host;
  tolerance = DEFAULT_TOLERANCE_US / 1000;
  readonly warnings: string[] = [];
  readonly notes: string[] = [];
  private readonly lineEvents = new Map<number, Set<number>>();
  private readonly sutPackets: PacketRecord[] = [];
  private scanned = 0;
  private consumed = 0;
  private processed = 0;
  private claim: number | undefined;
  /** The line being executed (for errors raised by the model). */
  current = 0;
  private conn: Connection | undefined;
  private nextRemotePort = 40000;
  private readonly inboundLine = new Map<number, number>();
  private pending: Pending | undefined;
  private base = 0;
  private lastAbs = 0;
  private noteOptions = false;
  private noteWindow = false;
  readonly ctx: SyscallContext;

  constructor(
    readonly file: string,
    readonly maxEvents: number,
    seed: number,
  ) {
    this.sim = newSim(
      seed,
      newLink({ delay: 0, rules: [] }, (sim, host, seg) => this.receive(sim, host, seg)),
      true,
    );
    this.host = newHost({ name: HOST_NAME, addr: LOCAL_ADDR, sysctls: {} }, () => this.sim.rng.u32());
    this.sim.hosts.set(this.host.name, this.host);
    this.sim.hostsByAddr.set(this.host.addr, this.host);
    this.ctx = {
      sim: this.sim,
      host: this.host,
      fds: new Map(),
      remoteAddr: REMOTE_ADDR,
      port: SCRIPT_PORT,
      onSocket: () => {
        // packetdrill: the new socket becomes the socket under test; the next inbound segment opens a
        // new connection from a new remote port.
        this.conn = undefined;
      },
      onConnect: () => {
        this.conn = {
          passive: false,
          lport: undefined,
          rport: SCRIPT_PORT,
          localIsn: undefined,
          peerTimestamps: false,
        };
      },
    };
  }

  private receive(sim: Sim, host: Host, seg: Segment): void {
    const line = this.inboundLine.get(seg.packet);
    if (line !== undefined) this.claim = line;
    tcpV4Rcv(sim, host, seg);
  }

  private attribute(line: number, from: number, to = this.sim.events.length): void {
    let set = this.lineEvents.get(line);
    if (!set) this.lineEvents.set(line, (set = new Set()));
    for (let i = from; i < to; i++) set.add(i);
  }

  /** Run `body` for `line` and attribute the trace events it produces to that line. */
  private asLine<T>(line: number, body: () => T): T {
    const first = this.sim.events.length;
    try {
      return body();
    } finally {
      this.attribute(line, first);
    }
  }

  /** Collect the packets the host sent since the last look (their peer is the script). */
  private scan(): void {
    const packets = this.sim.packets;
    for (; this.scanned < packets.length; this.scanned++) {
      const p = packets[this.scanned]!;
      if (p.from !== HOST_NAME) continue;
      if (p.dst.startsWith(`${REMOTE_ADDR}:`)) {
        p.to = "remote";
        p.fate = "delivered";
        p.arrived = p.sent;
      }
      if (this.conn && !this.conn.passive && this.conn.lport === undefined && p.flags.includes("SYN"))
        this.conn.lport = Number(p.src.split(":")[1]);
      this.sutPackets.push(p);
    }
  }

  /** Process one queued simulation event; false when there is none. */
  private step(): boolean {
    const ev = this.sim.queue.pop();
    if (!ev) return false;
    if (++this.processed > this.maxEvents)
      throw new PacketdrillScriptError(
        this.current,
        undefined,
        `runaway run: more than ${this.maxEvents} simulation events by ${secs(this.sim.now)} s`,
      );
    this.sim.now = ev.t;
    const first = this.sim.events.length;
    this.claim = undefined;
    ev.run();
    if (this.claim !== undefined) this.attribute(this.claim, first);
    this.scan();
    return true;
  }

  private checkPending(t: number): void {
    const p = this.pending;
    if (p && !p.done && t > p.endMs + this.tolerance)
      throw new Mismatch(
        p.event.line,
        `expected ${p.event.name} to return at ${secs(p.endMs)} s, it was still blocked at ${secs(p.endMs + this.tolerance)} s`,
      );
  }

  /** Process every event due at or before t, then move the clock to t. */
  private runUntil(t: number): void {
    for (;;) {
      const next = this.sim.queue.peekTime();
      if (next === undefined || next > t) break;
      this.checkPending(next);
      this.step();
    }
    this.checkPending(t);
    if (this.sim.now < t) this.sim.now = t;
  }

  /** Run until `done()` or the horizon; false if it never happened. */
  private runWhile(notDone: () => boolean, horizon: number): boolean {
    while (notDone()) {
      const next = this.sim.queue.peekTime();
      if (next === undefined || next > horizon) return false;
      this.checkPending(next);
      this.step();
    }
    return true;
  }

  private eventTime(ev: ScriptEvent): number {
    if (ev.time.kind === "rel") return this.base + ev.time.us / 1000;
    if (ev.time.us / 1000 < this.lastAbs)
      throw new PacketdrillScriptError(
        ev.line,
        ev.column,
        `time goes backward in script from ${secs(this.lastAbs)} s to ${secs(ev.time.us / 1000)} s`,
      );
    this.lastAbs = ev.time.us / 1000;
    return ev.time.us / 1000;
  }

  execute(script: Script): void {
    const first = script.events[0];
    if (
      first &&
      !(first.time.kind === "abs" && first.time.us === 0) &&
      !(first.time.kind === "rel" && first.time.us === 0)
    )
      throw new PacketdrillScriptError(first.line, first.column, "the first event should be at time 0");
    for (const ev of script.events) {
      this.current = ev.line;
      if (!this.lineEvents.has(ev.line)) this.lineEvents.set(ev.line, new Set());
      const t = this.eventTime(ev);
      if (ev.kind === "packet" && ev.direction === ">") this.outbound(ev, t);
      else if (ev.kind === "syscall") this.syscall(ev, t);
      else {
        // An inbound segment or a command waits for its time; being late means an earlier line blocked.
        this.runUntil(t);
        if (this.sim.now > t + this.tolerance)
          throw new Mismatch(
            ev.line,
            `expected ${ev.kind === "packet" ? "inbound packet" : "command"} at ${secs(t)} s, but the script only got there at ${secs(this.sim.now)} s`,
          );
        if (ev.kind === "packet") this.inbound(ev);
        else this.command(ev);
        this.base = this.sim.now;
      }
    }
    // A blocking call still outstanding at the end must return in time.
    const p = this.pending;
    if (p && !p.done) {
      this.current = p.event.line;
      this.runWhile(() => !p.done, p.endMs + this.tolerance);
      this.checkPending(Infinity);
    }
  }

  private inbound(ev: PacketEvent): void {
    const bits = scriptFlagBits(ev);
    if (bits & TCPHDR_FIN) throw notModelled(ev.line, ev.column, "FIN segments (connection teardown)");
    if (Array.isArray(ev.options)) {
      for (const o of ev.options) {
        if (o.kind === "sack") throw notModelled(ev.line, o.column, "SACK blocks (SACK recovery)");
        if (o.kind === "FO") throw notModelled(ev.line, o.column, "TCP Fast Open (the FO option)");
      }
    }
    if (ev.options === "any")
      throw new PacketdrillScriptError(
        ev.line,
        ev.column,
        "an inbound segment needs explicit options, not <...>",
      );
    if (!this.conn) {
      this.conn = {
        passive: true,
        lport: SCRIPT_PORT,
        rport: this.nextRemotePort++,
        localIsn: undefined,
        peerTimestamps: false,
      };
    }
    const conn = this.conn;
    if (conn.lport === undefined)
      throw new PacketdrillScriptError(
        ev.line,
        ev.column,
        "inbound segment before the host sent its SYN: no connection to send it to",
      );
    if (bits & TCPHDR_SYN && !(bits & TCPHDR_ACK) && Array.isArray(ev.options))
      conn.peerTimestamps = ev.options.some((o) => o.kind === "TS");
    const fields: Omit<Segment, "packet"> = {
      saddr: REMOTE_ADDR,
      sport: conn.rport,
      daddr: LOCAL_ADDR,
      dport: conn.lport,
      // The script's own sequence numbers are used as they are (its ISN is what it wrote); ack numbers
      // refer to the host's sequence space, relative to its ISN.
      seq: ev.seq >>> 0,
      ack: ev.ack === undefined ? 0 : (ev.ack + (conn.localIsn ?? 0)) >>> 0,
      flags: bits,
      len: ev.len,
    };
    this.asLine(ev.line, () => {
      const id = transmit(this.sim, undefined, fields, { by: "packetdrill" });
      const rec = this.sim.packets[this.sim.packets.length - 1];
      if (rec && rec.id === id) rec.from = "remote";
      this.inboundLine.set(id, ev.line);
    });
    this.scan();
  }

  private outbound(ev: PacketEvent, t: number): void {
    const want = canonicalFlags(ev);
    if (!this.runWhile(() => this.consumed >= this.sutPackets.length, t + WAIT_HORIZON_MS))
      throw new Mismatch(ev.line, `expected outbound ${label(want)} at ${secs(t)} s, saw none`);
    const pkt = this.sutPackets[this.consumed++]!;
    this.observe(ev.line, pkt);
    const conn = this.conn;
    const got = flagText(pkt.flags);
    // The host's ISN is learned from its first SYN or SYN-ACK, as packetdrill maps live to script numbers.
    if (conn && conn.localIsn === undefined && pkt.flags.includes("SYN") && want.startsWith("S"))
      conn.localIsn = (pkt.seq - ev.seq) >>> 0;
    const offset = conn?.localIsn ?? 0;
    const relSeq = (pkt.seq - offset) >>> 0;
    const win = advertisedWindow(pkt, conn?.peerTimestamps ?? false);
    const shown = `${got} ${relSeq}:${(relSeq + pkt.len) >>> 0}(${pkt.len})${pkt.flags.includes("ACK") ? ` ack ${pkt.ack}` : ""}${win !== undefined ? ` win ${win}` : ""}`;
    const seen = `saw ${label(got)} ${shown} at ${secs(pkt.sent)} s`;
    const expected = `expected outbound ${label(want)} ${want} ${ev.seq}:${ev.end}(${ev.len})${ev.ack !== undefined ? ` ack ${ev.ack}` : ""}${ev.win !== undefined ? ` win ${ev.win}` : ""} at ${secs(t)} s`;
    const differ = (what: string): Mismatch => new Mismatch(ev.line, `${expected}, ${seen}: ${what}`);
    if (got !== want) throw differ("flags differ");
    if (relSeq !== ev.seq >>> 0) throw differ(`sequence number differs (expected ${ev.seq}, saw ${relSeq})`);
    if (pkt.len !== ev.len) throw differ(`payload length differs (expected ${ev.len}, saw ${pkt.len})`);
    if (ev.ack !== undefined && pkt.ack !== ev.ack >>> 0)
      throw differ(`ack number differs (expected ${ev.ack}, saw ${pkt.ack})`);
    if (ev.win !== undefined) {
      if (win === undefined) {
        if (!this.noteWindow) {
          this.noteWindow = true;
          this.notes.push(
            `${this.file}:${ev.line}: note: the window of outbound ${label(got)} segments is not checked (window scaling is not modelled); SYN, SYN-ACK and RST windows are`,
          );
        }
      } else if (win !== ev.win) throw differ(`window differs (expected ${ev.win}, saw ${win})`);
    }
    if (Array.isArray(ev.options) && !this.noteOptions) {
      this.noteOptions = true;
      this.notes.push(
        `${this.file}:${ev.line}: note: TCP options of outbound segments are not checked (the model sends none; every peer is taken to announce MSS 1460)`,
      );
    }
    if (Math.abs(pkt.sent - t) > this.tolerance)
      throw new Mismatch(
        ev.line,
        `expected outbound ${label(want)} at ${secs(t)} s, saw it at ${secs(pkt.sent)} s`,
      );
    this.base = this.sim.now;
  }

  /** An outbound line observes the call chain that sent its packet. */
  private observe(line: number, pkt: PacketRecord): void {
    const events = this.sim.events;
    const set = this.lineEvents.get(line)!;
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      if (e.effects.some((x) => x.kind === "send" && x.packet === pkt.id)) {
        for (let j: number | undefined = i; j !== undefined; j = events[j]!.parent) set.add(j);
        return;
      }
    }
  }

  private syscall(ev: SyscallEvent, t: number): void {
    // One system-call thread, as in packetdrill: a call waits for a blocking one still in progress.
    const p = this.pending;
    if (p && !p.done) this.runWhile(() => !p.done, p.endMs + this.tolerance);
    this.checkPending(this.sim.now);
    this.runUntil(t);
    if (this.sim.now > t + this.tolerance)
      throw new Mismatch(
        ev.line,
        `expected ${ev.name} to start at ${secs(t)} s, but the script only got there at ${secs(this.sim.now)} s`,
      );
    const start = this.sim.now;
    const state = { done: false, outcome: undefined as SyscallOutcome | undefined };
    const finish = (o: SyscallOutcome): void => {
      state.done = true;
      state.outcome = o;
      this.claim = ev.line;
      if (pending) {
        pending.done = true;
        this.current = ev.line;
        this.check(ev, o);
        const end = this.sim.now;
        if (Math.abs(end - pending.endMs) > this.tolerance)
          throw new Mismatch(
            ev.line,
            `expected ${ev.name} to return at ${secs(pending.endMs)} s, it returned at ${secs(end)} s`,
          );
      }
    };
    let pending: Pending | undefined;
    if (ev.end) {
      const endMs = (ev.end.kind === "rel" ? this.base : 0) + ev.end.us / 1000;
      if (endMs < t)
        throw new PacketdrillScriptError(
          ev.line,
          ev.column,
          `the end time ${secs(endMs)} s is before the start ${secs(t)} s`,
        );
      pending = { event: ev, endMs, done: false };
    }
    this.asLine(ev.line, () => runSyscall(this.ctx, ev, finish));
    this.scan();
    if (pending) {
      if (!state.done) this.pending = pending;
      else {
        // Returned at once although the script expected it to block until the end time.
        this.check(ev, state.outcome!);
        if (Math.abs(start - pending.endMs) > this.tolerance)
          throw new Mismatch(
            ev.line,
            `expected ${ev.name} to block until ${secs(pending.endMs)} s, it returned at once (${secs(start)} s)`,
          );
      }
      this.base = start;
      return;
    }
    if (!state.done) {
      // packetdrill waits for a call it did not expect to block.
      if (!this.runWhile(() => !state.done, start + WAIT_HORIZON_MS))
        throw new Mismatch(
          ev.line,
          `${ev.name} blocked and never returned (a blocking call is written start...end)`,
        );
    }
    this.check(ev, state.outcome!);
    if (this.sim.now > start + this.tolerance)
      throw new Mismatch(
        ev.line,
        `${ev.name} blocked until ${secs(this.sim.now)} s; it was expected to return at once at ${secs(start)} s (a blocking call is written start...end)`,
      );
    this.base = this.sim.now;
  }

  private check(ev: SyscallEvent, o: SyscallOutcome): void {
    const mismatch = o.check(ev);
    if (mismatch) throw new Mismatch(ev.line, mismatch);
  }

  private command(ev: CommandEvent): void {
    const parts = ev.command
      .split(/;|&&|\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    for (const part of parts) {
      const m = /^sysctl\s+((?:-[a-zA-Z]+\s+)*)([A-Za-z0-9_./-]+)\s*=\s*("[^"]*"|'[^']*'|\S+)$/.exec(part);
      if (!m) {
        this.warnings.push(
          `${this.file}:${ev.line}: warning: \`${part}\` ignored (shell commands are never executed)`,
        );
        continue;
      }
      const name = m[2]!.replace(/\//g, ".");
      const raw = m[3]!.replace(/^(["'])(.*)\1$/, "$2");
      if (name !== LOCAL_PORT_RANGE_SYSCTL && !sysctlInfo(name)) {
        this.warnings.push(`${this.file}:${ev.line}: warning: sysctl ${name} is not modelled: ignored`);
        continue;
      }
      this.sim.log.push({ t: this.sim.now, host: this.host.name, message: `sysctl -w ${name}=${m[3]}` });
      const problem = this.setSysctl(name, raw);
      if (problem)
        throw new PacketdrillScriptError(ev.line, ev.column, `sysctl ${name}=${m[3]}: expected ${problem}`);
    }
  }

  /** A modelled sysctl written on the host; what the value should be when it is not accepted. */
  private setSysctl(name: string, value: number | string): string | undefined {
    if (name === LOCAL_PORT_RANGE_SYSCTL) {
      const range = parseLocalPortRange(String(value));
      if (!range) return LOCAL_PORT_RANGE_RULE;
      setLocalPortRange(this.sim, this.host, range);
      return undefined;
    }
    const info = sysctlInfo(name)!;
    const n = typeof value === "number" ? value : /^[+-]?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < info.min || n > info.max)
      return `an integer in [${info.min}, ${info.max}]`;
    this.host.sysctls[info.name] = n;
    return undefined;
  }

  applyOptions(script: Script, sets: readonly Override[]): void {
    for (const o of script.options) {
      if (o.name === "tolerance_usecs") {
        const v = Number(o.value);
        if (!Number.isInteger(v) || v < 0)
          throw new PacketdrillScriptError(
            o.line,
            o.column,
            `--tolerance_usecs: expected an integer >= 0, got "${o.value}"`,
          );
        this.tolerance = v / 1000;
      } else if (o.name === "ip_version" && o.value !== "ipv4") {
        throw notModelled(o.line, o.column, `--ip_version=${o.value} (only IPv4 is modelled)`);
      } else if (o.name !== "ip_version") {
        this.warnings.push(`${this.file}:${o.line}: warning: option --${o.name} ignored`);
      }
    }
    for (const s of sets) {
      if (s.key === "tolerance_usecs") {
        if (typeof s.value !== "number" || !Number.isInteger(s.value) || s.value < 0)
          throw new UsageError(`--set tolerance_usecs: expected an integer >= 0, got ${s.value}`);
        this.tolerance = s.value / 1000;
        continue;
      }
      if (s.key !== LOCAL_PORT_RANGE_SYSCTL && !sysctlInfo(s.key))
        throw new UsageError(
          `--set ${s.key}: unknown key (expected tolerance_usecs or a sysctl: ${[...SYSCTLS.map((x) => x.name), LOCAL_PORT_RANGE_SYSCTL].join(", ")})`,
        );
      const problem = this.setSysctl(s.key, s.value);
      if (problem)
        throw new UsageError(`--set ${s.key}: expected ${problem}, got ${JSON.stringify(s.value)}`);
    }
  }

  result(outcome: PacketdrillOutcome): PacketdrillResult {
    const sim = this.sim;
    const sysctls: RunResult["sysctls"] = { [this.host.name]: { ...this.host.sysctls } };
    const run: RunResult = {
      kernel: "4.11",
      scenario: this.file,
      seed: 0,
      params: {},
      sysctls,
      localPortRanges: { [this.host.name]: this.host.localPortRange },
      events: sim.events,
      packets: sim.packets,
      syscalls: sim.syscalls,
      log: sim.log,
      final: takeSnapshot(sim, sim.now),
      stop: { reason: sim.queue.peekTime() === undefined ? "idle" : "until", t: sim.now },
      processed: this.processed,
    };
    const lines = [...this.lineEvents.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([line, set]) => ({ line, events: [...set].sort((a, b) => a - b) }));
    return { file: this.file, outcome, warnings: this.warnings, notes: this.notes, run, lines };
  }
}

/**
 * Run packetdrill script `text` (named `file` in messages) against one simulated v4.11 host at
 * 192.168.0.1, the script playing the peer 192.0.2.1. Returns the outcome (pass, the first mismatch, or a
 * script error), warnings, the run (a RunResult) and the trace events of each script line.
 */
export function runPacketdrill(
  text: string,
  file: string,
  options: PacketdrillOptions = {},
): PacketdrillResult {
  const seed = options.seed ?? DEFAULT_SEED;
  const ex = new Executor(file, options.maxEvents ?? DEFAULT_MAX_EVENTS, seed);
  let outcome: PacketdrillOutcome = { kind: "pass" };
  try {
    const script = parseScript(text);
    ex.applyOptions(script, options.sets ?? []);
    ex.execute(script);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (e instanceof Mismatch) outcome = { kind: "mismatch", line: e.line, message: e.message };
    else if (e instanceof PacketdrillScriptError)
      outcome = {
        kind: "error",
        line: e.line,
        ...(e.column !== undefined ? { column: e.column } : {}),
        message: e.message,
      };
    else if (e instanceof NotModelledError)
      outcome = { kind: "error", line: ex.current, message: `not modelled: ${e.message}` };
    else
      outcome = {
        kind: "error",
        line: ex.current,
        message: `internal error: ${(e as Error).message ?? String(e)}`,
      };
  }
  const r = ex.result(outcome);
  r.run.seed = seed;
  return r;
}

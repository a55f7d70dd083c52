// Runs a simulator Scenario on this machine's real kernel, inside two network namespaces joined by a
// veth pair (server 10.0.0.1, client 10.0.0.2, as in the built-in scenarios), and collects the same
// observables the simulator reports: ss queues and states, nstat counters, syscall results, and packet
// times from a tcpdump capture. Nothing outside the namespaces is touched: sysctls and iptables rules are
// set with `ip netns exec`, and every namespace this module creates is deleted by `cleanup()`.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LinkRule, Scenario, Step } from "../../simulator/src/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const DRIVER = path.join(here, "driver.py");

/** Source port range of the raw spoofed-SYN flood (outside ip_local_port_range 32768-60999). */
export const FLOOD_BASE = 20000;
/** The two hosts the harness can build; any other scenario is not compared. */
const ADDRS: Record<string, string> = { server: "10.0.0.1", client: "10.0.0.2" };
const IFACE: Record<string, string> = { server: "kls", client: "klc" };

// ---------------------------------------------------------------------------------------------------
// Capability

export interface Capability {
  available: boolean;
  reason: string;
}

function which(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function probeCapability(): Capability {
  if (process.platform !== "linux") return { available: false, reason: `not Linux (${process.platform})` };
  if (typeof process.getuid !== "function" || process.getuid() !== 0)
    return {
      available: false,
      reason: "not running as root (network namespaces need CAP_SYS_ADMIN/CAP_NET_ADMIN)",
    };
  const missing = ["ip", "iptables", "tcpdump", "nstat", "ss", "python3", "sysctl"].filter((c) => !which(c));
  if (missing.length)
    return {
      available: false,
      reason: `missing tools: ${missing.join(", ")} (apt-get install -y iproute2 iptables tcpdump procps python3)`,
    };
  const probe = `kl-kt-probe-${process.pid}`;
  try {
    execFileSync("ip", ["netns", "add", probe], { stdio: "pipe" });
  } catch (e) {
    return {
      available: false,
      reason: `ip netns add failed: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`,
    };
  }
  try {
    execFileSync("ip", ["netns", "exec", probe, "iptables", "-S"], { stdio: "pipe" });
    execFileSync(
      "ip",
      [
        "netns",
        "exec",
        probe,
        "iptables",
        "-A",
        "INPUT",
        "-p",
        "tcp",
        "-m",
        "statistic",
        "--mode",
        "nth",
        "--every",
        "2",
        "--packet",
        "0",
        "-j",
        "DROP",
      ],
      { stdio: "pipe" },
    );
    execFileSync("ip", ["netns", "exec", probe, "sysctl", "-qw", "net.ipv4.tcp_syncookies=1"], {
      stdio: "pipe",
    });
  } catch (e) {
    return {
      available: false,
      reason: `iptables/sysctl inside a namespace failed: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`,
    };
  } finally {
    execFileSync("ip", ["netns", "del", probe], { stdio: "ignore" });
  }
  return { available: true, reason: "" };
}

export function kernelRelease(): string {
  return execFileSync("uname", ["-r"], { encoding: "utf8" }).trim();
}

// ---------------------------------------------------------------------------------------------------
// Namespaces

const created = new Set<string>();

function sh(args: string[], input?: string): string {
  return execFileSync(args[0]!, args.slice(1), { encoding: "utf8", stdio: ["pipe", "pipe", "pipe"], input });
}

function nsExec(ns: string, args: string[]): string {
  return sh(["ip", "netns", "exec", ns, ...args]);
}

/** Deletes every namespace this process created (also called from afterAll and on exit). */
export function cleanup(): void {
  for (const ns of [...created]) {
    try {
      execFileSync("ip", ["netns", "del", ns], { stdio: "ignore" });
    } catch {
      /* already gone */
    }
    created.delete(ns);
  }
}
process.on("exit", cleanup);

let seq = 0;
function createPair(): Record<string, string> {
  const id = `${process.pid}-${++seq}`;
  const ns: Record<string, string> = { server: `kl-kt-${id}-s`, client: `kl-kt-${id}-c` };
  for (const n of Object.values(ns)) {
    sh(["ip", "netns", "add", n]);
    created.add(n);
    nsExec(n, ["ip", "link", "set", "lo", "up"]);
  }
  sh([
    "ip",
    "link",
    "add",
    IFACE.server!,
    "netns",
    ns.server!,
    "type",
    "veth",
    "peer",
    "name",
    IFACE.client!,
    "netns",
    ns.client!,
  ]);
  for (const h of ["server", "client"]) {
    nsExec(ns[h]!, ["ip", "addr", "add", `${ADDRS[h]}/24`, "dev", IFACE[h]!]);
    nsExec(ns[h]!, ["ip", "link", "set", IFACE[h]!, "up"]);
  }
  return ns;
}

// ---------------------------------------------------------------------------------------------------
// Link rules -> iptables

export class NotComparable extends Error {}

const FLAG_MATCH: Record<LinkRule["flags"], string[]> = {
  SYN: ["--tcp-flags", "SYN,ACK,RST", "SYN"],
  "SYN-ACK": ["--tcp-flags", "SYN,ACK,RST", "SYN,ACK"],
  // Pure ACK: ACK without SYN/RST/FIN and no payload. iptables cannot compute the payload length, so
  // "no payload" is IP length <= 52 (20 IP + 20 TCP + 12 timestamp option): every data segment here
  // carries timestamps and so is at least 53 bytes long.
  ACK: ["--tcp-flags", "SYN,ACK,RST,FIN", "ACK", "-m", "length", "--length", "0:52"],
  RST: ["--tcp-flags", "RST,ACK", "RST"],
  "RST-ACK": ["--tcp-flags", "RST,ACK", "RST,ACK"],
  DATA: ["--tcp-flags", "SYN,RST", "NONE", "-m", "length", "--length", "53:65535"],
  ANY: [],
};

export interface TimedRule {
  at: number;
  args: string[];
}

/** iptables commands per host (run before t0) and timed changes (run by that host's driver). */
function linkRules(scenario: Scenario): {
  setup: Record<string, string[][]>;
  timed: Record<string, TimedRule[]>;
} {
  const setup: Record<string, string[][]> = { server: [], client: [] };
  const timed: Record<string, TimedRule[]> = { server: [], client: [] };
  scenario.link.rules.forEach((rule, i) => {
    if (rule.action !== "drop")
      throw new NotComparable(
        `link rule ${i}: "delay" rules need sch_netem, which this kernel does not have`,
      );
    // A rule applies on the receiving host's INPUT, so the sender's packet still shows in the capture.
    const receivers = rule.to
      ? [rule.to]
      : rule.from
        ? Object.keys(ADDRS).filter((h) => h !== rule.from)
        : Object.keys(ADDRS);
    for (const host of receivers) {
      const base = ["-p", "tcp", "-m", "tcp", ...FLAG_MATCH[rule.flags]];
      if (rule.from) base.unshift("-s", ADDRS[rule.from]!);
      const copies: string[][] = [];
      // xt_statistic nth: each rule counts the packets that reach it; "--packet 0" of a huge period
      // matches only the first. count N = N such rules (a dropped packet does not reach the next one).
      const nth = (packet: number) => [
        ...base,
        ...["-m", "statistic", "--mode", "nth", "--every", "1000000000", "--packet", String(packet)],
      ];
      if (rule.nth !== undefined) copies.push(nth(rule.nth - 1));
      else if (rule.count !== undefined) for (let k = 0; k < rule.count; k++) copies.push(nth(0));
      else copies.push(base);
      for (const c of copies) {
        const spec = ["INPUT", ...c, "-m", "comment", "--comment", `kl-rule-${i}`, "-j", "DROP"];
        if (rule.after === undefined || rule.after <= 0) setup[host]!.push(["-A", ...spec]);
        else timed[host]!.push({ at: rule.after, args: ["-A", ...spec] });
        if (rule.before !== undefined) timed[host]!.push({ at: rule.before, args: ["-D", ...spec] });
      }
    }
  });
  return { setup, timed };
}

// ---------------------------------------------------------------------------------------------------
// Running

export interface RealSyscall {
  t: number;
  start: number;
  call: string;
  ret: number;
  errno: string | null;
  task: string;
}

export interface RealHost {
  host: string;
  snapshotAt: number;
  syscalls: RealSyscall[];
  blocked: { start: number; call: string; task: string }[];
  errors: string[];
  /** Steps the driver started more than 25 ms after their time: the measurement does not hold. */
  late: { at: number; by: number }[];
  ss: string;
  listen: string;
  nstat: string;
  /** /proc/net/snmp of the namespace (for the TcpCurrEstab gauge). */
  snmp: string;
}

export interface RealPacket {
  /** ms after t0 */
  t: number;
  src: string;
  dst: string;
  /** tcpdump's flag string: "S", "S.", ".", "R", "R.", "P." … */
  flags: string;
  len: number;
  /** Host that sent it, "(spoofed)" for the raw flood. */
  from: string;
}

export interface RealRun {
  scenario: string;
  kernel: string;
  t0: number;
  until: number;
  sysctls: Record<string, Record<string, number>>;
  hosts: Record<string, RealHost>;
  packets: RealPacket[];
}

export interface RunOnKernelOptions {
  /** Sysctls per host written inside the namespaces before t0 (the simulator's effective values). */
  sysctls: Record<string, Record<string, number>>;
  /** Extra per-host sysctls that do not exist in v4.11 (e.g. net.ipv4.tcp_syn_linear_timeouts). */
  extraSysctls?: Record<string, number>;
  until: number;
}

function runDriver(ns: string, planFile: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("ip", ["netns", "exec", ns, "python3", DRIVER, planFile], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      if (child.pid) process.kill(child.pid, "SIGKILL");
      reject(new Error(`driver in ${ns} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`driver in ${ns} exited with ${code}: ${err.slice(-2000)}`));
    });
  });
}

function startCapture(ns: string, iface: string, file: string): Promise<{ stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "ip",
      [
        "netns",
        "exec",
        ns,
        "tcpdump",
        "-i",
        iface,
        "-n",
        "-U",
        "--immediate-mode",
        "-s",
        "128",
        "-w",
        file,
        "tcp",
      ],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let err = "";
    const exited = new Promise<void>((r) => child.on("exit", () => r()));
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start: ${err}`)), 5000);
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      if (err.includes("listening on")) {
        clearTimeout(timer);
        resolve({
          stop: async () => {
            if (child.pid && child.exitCode === null) process.kill(child.pid, "SIGINT");
            const killer = setTimeout(
              () => child.pid && child.exitCode === null && process.kill(child.pid, "SIGKILL"),
              3000,
            );
            await exited;
            clearTimeout(killer);
          },
        });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (!err.includes("listening on")) reject(new Error(`tcpdump exited with ${code}: ${err}`));
    });
  });
}

const LINE =
  /^(\d+\.\d+) IP (\d+\.\d+\.\d+\.\d+)\.(\d+) > (\d+\.\d+\.\d+\.\d+)\.(\d+): Flags \[([^\]]*)\].*length (\d+)/;

export function parseCapture(text: string, t0: number): RealPacket[] {
  const byAddr = Object.fromEntries(Object.entries(ADDRS).map(([h, a]) => [a, h]));
  const out: RealPacket[] = [];
  for (const line of text.split("\n")) {
    const m = LINE.exec(line);
    if (!m) continue;
    const sport = Number(m[3]);
    const spoofed = byAddr[m[2]!] === "client" && sport >= FLOOD_BASE && sport < 32768;
    out.push({
      t: (Number(m[1]) - t0) * 1000,
      src: `${m[2]}:${m[3]}`,
      dst: `${m[4]}:${m[5]}`,
      flags: m[6]!,
      len: Number(m[7]),
      from: spoofed ? "(spoofed)" : (byAddr[m[2]!] ?? m[2]!),
    });
  }
  return out;
}

/** Which host runs a step (the flood runs on the host that is not its target). */
function stepHost(step: Step): string {
  switch (step.kind) {
    case "connect":
      return step.from;
    case "send":
      return step.from;
    case "flood":
      return Object.keys(ADDRS).find((h) => h !== step.to)!;
    default:
      return step.host;
  }
}

export async function runOnKernel(scenario: Scenario, opts: RunOnKernelOptions): Promise<RealRun> {
  const names = scenario.hosts.map((h) => h.name).sort();
  if (names.join(",") !== "client,server")
    throw new NotComparable(`hosts ${names.join(", ")}: the harness builds exactly server and client`);
  for (const h of scenario.hosts)
    if (ADDRS[h.name] !== h.addr)
      throw new NotComparable(`host ${h.name} has address ${h.addr}, the harness uses ${ADDRS[h.name]}`);
  const { setup, timed } = linkRules(scenario);
  const dir = mkdtempSync(path.join(tmpdir(), "kl-kernel-"));
  const ns = createPair();
  try {
    const sysctls: Record<string, Record<string, number>> = {};
    for (const host of ["server", "client"]) {
      sysctls[host] = { ...opts.sysctls[host], ...opts.extraSysctls };
      for (const [k, v] of Object.entries(sysctls[host]!)) nsExec(ns[host]!, ["sysctl", "-qw", `${k}=${v}`]);
      // The one pair-valued sysctl a scenario sets (HostSpec.localPortRange), written as /proc takes it.
      const range = scenario.hosts.find((h) => h.name === host)?.localPortRange;
      if (range) nsExec(ns[host]!, ["sysctl", "-qw", `net.ipv4.ip_local_port_range=${range[0]} ${range[1]}`]);
      for (const rule of setup[host]!) nsExec(ns[host]!, ["iptables", ...rule]);
    }
    const flood = scenario.steps.find((s) => s.kind === "flood");
    if (flood?.kind === "flood") {
      // The spoofed sources must never answer: drop the flooding host's RSTs from the flood ports.
      const fh = stepHost(flood);
      nsExec(ns[fh]!, [
        "iptables",
        "-A",
        "OUTPUT",
        "-p",
        "tcp",
        "--tcp-flags",
        "RST",
        "RST",
        "--sport",
        `${FLOOD_BASE}:${FLOOD_BASE + flood.syns - 1}`,
        "-j",
        "DROP",
      ]);
    }
    const pcap = path.join(dir, "capture.pcap");
    const capture = await startCapture(ns.server!, IFACE.server!, pcap);
    // Both drivers (python, via ip netns exec) must be running before t0, also on a busy machine.
    const t0 = Date.now() / 1000 + 1.5;
    const drivers: Promise<void>[] = [];
    for (const host of ["server", "client"]) {
      const plan = {
        host,
        t0,
        until: opts.until,
        addrs: ADDRS,
        floodBase: FLOOD_BASE,
        out: path.join(dir, `${host}.json`),
        steps: scenario.steps.filter((s) => stepHost(s) === host),
        rules: timed[host],
      };
      const file = path.join(dir, `${host}.plan.json`);
      writeFileSync(file, JSON.stringify(plan));
      drivers.push(runDriver(ns[host]!, file, opts.until + 20_000));
    }
    try {
      await Promise.all(drivers);
    } finally {
      await new Promise((r) => setTimeout(r, 200));
      await capture.stop();
    }
    const hosts: Record<string, RealHost> = {};
    for (const host of ["server", "client"])
      hosts[host] = JSON.parse(readFileSync(path.join(dir, `${host}.json`), "utf8")) as RealHost;
    const text = sh(["tcpdump", "-r", pcap, "-tt", "-n"]);
    // Only what was sent up to the snapshot; later packets are the drivers' exit closing sockets.
    const packets = parseCapture(text, t0).filter((p) => p.t <= opts.until);
    return {
      scenario: scenario.name,
      kernel: kernelRelease(),
      t0,
      until: opts.until,
      sysctls,
      hosts,
      packets,
    };
  } finally {
    for (const n of Object.values(ns)) {
      try {
        execFileSync("ip", ["netns", "del", n], { stdio: "ignore" });
        created.delete(n);
      } catch {
        /* cleanup() retries in afterAll / on exit */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

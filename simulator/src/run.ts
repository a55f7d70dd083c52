// Run a scenario to completion: a pure function from (scenario, seed) to a RunResult value. Same input,
// same output, byte for byte.
import type { RunResult, TraceEvent } from "./runResult.js";
import type { Scenario } from "./scenario/types.js";
import { newHost } from "./kernel/host.js";
import { newLink } from "./kernel/link.js";
import { newSim, type Sim } from "./kernel/sim.js";
import { takeSnapshot } from "./kernel/snapshot.js";
import { setLocalPortRange } from "./kernel/sysctlNetIpv4.js";
import { tcpV4Rcv } from "./kernel/tcpIpv4.js";
import { scheduleSteps } from "./programs.js";

export interface RunOptions {
  seed?: number;
  /** Stop after this many discrete events (timers, deliveries, steps). */
  maxEvents?: number;
  /** Record the trace (events and packets). Off only for benchmarks. */
  trace?: boolean;
  /** Stop right after the first traced call that satisfies this (e.g. "Run to here"). */
  stopWhen?: (event: TraceEvent) => boolean;
  /** Stop at this virtual time instead of the scenario's `until`. */
  until?: number;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_MAX_EVENTS = 5_000_000;

/** Something the model does not cover was reached; the message names it. */
export { NotModelledError } from "./kernel/tcpClose.js";

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const seed = options.seed ?? DEFAULT_SEED;
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const until = options.until ?? scenario.until;
  const sim = newSim(seed, newLink(scenario.link, tcpV4Rcv), options.trace ?? true);
  for (const spec of scenario.hosts) {
    const host = newHost(spec, () => sim.rng.u32());
    sim.hosts.set(host.name, host);
    sim.hostsByAddr.set(host.addr, host);
    if (spec.localPortRange) setLocalPortRange(sim, host, spec.localPortRange);
  }
  scheduleSteps(sim, scenario);

  let processed = 0;
  let stop: RunResult["stop"] = { reason: "idle", t: sim.now };
  for (;;) {
    const next = sim.queue.peekTime();
    if (next === undefined) {
      stop = { reason: "idle", t: sim.now };
      break;
    }
    if (next > until) {
      sim.now = until;
      stop = { reason: "until", t: until };
      break;
    }
    if (processed >= maxEvents) {
      stop = {
        reason: "event-cap",
        t: sim.now,
        message: `stopped at t=${sim.now} ms after ${maxEvents} events (the event cap): the scenario may never go idle; raise --max-events or lower until`,
      };
      break;
    }
    const ev = sim.queue.pop()!;
    sim.now = ev.t;
    const firstNew = sim.events.length;
    ev.run();
    processed++;
    if (options.stopWhen && stoppedAt(sim, firstNew, options.stopWhen)) {
      stop = { reason: "stop-condition", t: sim.now };
      break;
    }
  }

  const params: Record<string, number> = {};
  for (const p of scenario.params) params[p.name] = p.value ?? p.default;
  const sysctls: RunResult["sysctls"] = {};
  const localPortRanges: RunResult["localPortRanges"] = {};
  for (const host of sim.hosts.values()) {
    sysctls[host.name] = { ...host.sysctls };
    localPortRanges[host.name] = host.localPortRange;
  }
  return {
    kernel: "4.11",
    scenario: scenario.name,
    seed,
    params,
    sysctls,
    localPortRanges,
    events: sim.events,
    packets: sim.packets,
    syscalls: sim.syscalls,
    log: sim.log,
    final: takeSnapshot(sim, stop.reason === "idle" ? until : sim.now),
    stop,
    processed,
  };
}

function stoppedAt(sim: Sim, from: number, pred: (e: TraceEvent) => boolean): boolean {
  for (let i = from; i < sim.events.length; i++) if (pred(sim.events[i]!)) return true;
  return false;
}

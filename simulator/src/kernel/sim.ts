// The state of one run: virtual clock, event queue, hosts, and the records the run produces. Every kernel
// function takes it as its first argument, so the model has no global state and two runs never interact.
import type { FnName } from "../catalog.js";
import type { Effect, KernelLogLine, PacketRecord, SyscallRecord, TraceEvent } from "../runResult.js";
import { EventQueue, type QueuedEvent } from "./eventQueue.js";
import type { Host } from "./host.js";
import type { LinkState } from "./link.js";
import { Random } from "./random.js";
import type { CounterName } from "./snmp.js";

export interface Sim {
  now: number;
  queue: EventQueue;
  rng: Random;
  hosts: Map<string, Host>;
  hostsByAddr: Map<string, Host>;
  link: LinkState;
  /** Record trace events (off only for benchmarks). */
  tracing: boolean;
  events: TraceEvent[];
  /** Indices (into events) of the calls currently open, innermost last. */
  stack: number[];
  packets: PacketRecord[];
  syscalls: SyscallRecord[];
  log: KernelLogLine[];
  nextTaskId: number;
}

export function newSim(seed: number, link: LinkState, tracing: boolean): Sim {
  return {
    now: 0,
    queue: new EventQueue(),
    rng: new Random(seed),
    hosts: new Map(),
    hostsByAddr: new Map(),
    link,
    tracing,
    events: [],
    stack: [],
    packets: [],
    syscalls: [],
    log: [],
    nextTaskId: 1,
  };
}

/**
 * Run `body` as a call of kernel function `fn` on `host`: it becomes a trace event at the current depth,
 * and effects recorded while it runs attach to it. `args` is lazy so that untraced runs pay nothing.
 */
export function traced<T>(
  sim: Sim,
  host: Host,
  fn: FnName,
  args: () => string,
  body: () => T,
  ret?: (value: T) => string | undefined,
): T {
  if (!sim.tracing) return body();
  const id = sim.events.length;
  const parent = sim.stack[sim.stack.length - 1];
  const ev: TraceEvent = {
    id,
    t: sim.now,
    host: host.name,
    fn,
    depth: sim.stack.length,
    args: args(),
    effects: [],
  };
  if (parent !== undefined) ev.parent = parent;
  sim.events.push(ev);
  sim.stack.push(id);
  try {
    const value = body();
    const r = ret?.(value);
    if (r !== undefined) ev.ret = r;
    return value;
  } finally {
    sim.stack.pop();
  }
}

/** Attach an effect to the innermost open call. */
export function effect(sim: Sim, e: Effect): void {
  if (!sim.tracing) return;
  const top = sim.stack[sim.stack.length - 1];
  if (top !== undefined) sim.events[top]!.effects.push(e);
}

/** NET_INC_STATS / TCP_INC_STATS on the host's netns. */
export function count(sim: Sim, host: Host, name: CounterName, delta = 1): void {
  const before = host.counters[name];
  host.counters[name] = before + delta;
  if (sim.tracing) effect(sim, { kind: "counter", name, value: [before, before + delta] });
}

/** Schedule `run` at absolute virtual time `t` (never in the past). */
export function at(sim: Sim, t: number, run: () => void): QueuedEvent {
  return sim.queue.push(Math.max(t, sim.now), run);
}

/** Cancel a pending timer (del_timer). */
export function cancel(timer: QueuedEvent | undefined): void {
  if (timer) timer.cancelled = true;
}

export function printk(sim: Sim, host: Host, message: string): void {
  sim.log.push({ t: sim.now, host: host.name, message });
  effect(sim, { kind: "log", message });
}

/** A kernel object id unique within the host ("sk3", "req7"). */
export function objectId(host: Host, prefix: string): string {
  return `${host.name}:${prefix}${host.nextObjectId++}`;
}

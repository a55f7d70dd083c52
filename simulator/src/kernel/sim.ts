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
  /** The trace's text, each string kept once (kept): a flood repeats the same call arguments thousands of
   * times, and each template literal would otherwise stay a rope of its pieces. */
  texts: Map<string, string>;
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
    texts: new Map(),
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
    args: kept(sim, args()),
    effects: [],
  };
  if (parent !== undefined) ev.parent = parent;
  sim.events.push(ev);
  sim.stack.push(id);
  try {
    const value = body();
    const r = ret?.(value);
    if (r !== undefined) ev.ret = kept(sim, r);
    return value;
  } finally {
    sim.stack.pop();
  }
}

/** Attach an effect to the innermost open call. */
export function effect(sim: Sim, e: Effect): void {
  if (!sim.tracing) return;
  const top = sim.stack[sim.stack.length - 1];
  if (top === undefined) return;
  // Most calls record one effect or two: an array of exactly those, not one grown to V8's 17 slots.
  const ev = sim.events[top]!;
  ev.effects = ev.effects.length === 0 ? [e] : [...ev.effects, e];
}

/**
 * `text` as the trace keeps it: the one equal string recorded before, or `text` itself, flattened. V8 keeps
 * a template literal as a rope of its pieces (32 bytes a node, eleven per traced call of a flood); hashing
 * one for the map leaves it a rope, reading a character flattens it in place. Shorter strings than V8's
 * ropes (13 characters) are returned as they are: looking them up would cost more than they take.
 */
export function kept(sim: Sim, text: string): string {
  // An untraced run keeps no text (effect() drops it), so the map must not hold it either.
  if (!sim.tracing || text.length < MIN_ROPE_LENGTH) return text;
  const known = sim.texts.get(text);
  if (known !== undefined) return known;
  // The read flattens the rope; the comparison uses it, so the optimiser cannot drop it.
  if (text.charCodeAt(0) < 0) throw new Error("a string with a negative character code");
  sim.texts.set(text, text);
  return text;
}

/** V8's ConsString::kMinLength: a shorter concatenation is copied into a flat string at once. */
const MIN_ROPE_LENGTH = 13;

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
  // join() makes one flat string; a template literal this long would be kept as a rope of its pieces.
  return [host.name, ":", prefix, host.nextObjectId++].join("");
}

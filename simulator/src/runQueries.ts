// Questions asked of a finished run: which calls a function made, what a call and its callees changed,
// and the state of listeners and sockets at any point. The editor's hovers, CodeLens and run view use
// these; they only read the RunResult value.
import type { Effect, RunResult, TcpStateName, TraceEvent } from "./runResult.js";

/** Index one past the last event of `id`'s call subtree (events are stored in call order). */
export function subtreeEnd(run: RunResult, id: number): number {
  const ev = run.events[id];
  if (!ev) return id;
  let j = id + 1;
  while (j < run.events.length && isDescendant(run, j, id)) j++;
  return j;
}

function isDescendant(run: RunResult, j: number, ancestor: number): boolean {
  let p = run.events[j]?.parent;
  while (p !== undefined) {
    if (p === ancestor) return true;
    if (p < ancestor) return false;
    p = run.events[p]?.parent;
  }
  return false;
}

/** Every effect of a call, its callees included, in order. */
export function subtreeEffects(run: RunResult, id: number): Effect[] {
  const out: Effect[] = [];
  const end = subtreeEnd(run, id);
  for (let i = id; i < end; i++) out.push(...run.events[i]!.effects);
  return out;
}

/** Calls of `fn` (optionally on one host), in order. */
export function callsOf(run: RunResult, fn: string): TraceEvent[] {
  return run.events.filter((e) => e.fn === fn);
}

/** The chain of callers of an event, outermost first, ending with the event's own function. */
export function callChain(run: RunResult, id: number): string[] {
  const chain: string[] = [];
  for (
    let e: TraceEvent | undefined = run.events[id];
    e;
    e = e.parent === undefined ? undefined : run.events[e.parent]
  )
    chain.unshift(e.fn);
  return chain;
}

export interface ListenerState {
  id: string;
  qlen: number;
  young: number;
  ackBacklog: number;
  /** sk_max_ack_backlog: the SYN queue limit; the accept queue holds max + 1. */
  max: number;
}

/** Listener queues after applying the effects of events [0, upto). */
export function listenersAt(run: RunResult, upto: number): Map<string, ListenerState> {
  const out = new Map<string, ListenerState>();
  const get = (id: string, max: number): ListenerState => {
    let s = out.get(id);
    if (!s) out.set(id, (s = { id, qlen: 0, young: 0, ackBacklog: 0, max }));
    s.max = max;
    return s;
  };
  const n = Math.min(upto, run.events.length);
  for (let i = 0; i < n; i++) {
    for (const e of run.events[i]!.effects) {
      if (e.kind === "synq") {
        const s = get(e.listener, e.max);
        s.qlen = e.qlen[1];
        s.young = e.young[1];
      } else if (e.kind === "acceptq") {
        get(e.listener, e.max).ackBacklog = e.len[1];
      } else if (e.kind === "field" && e.field === "sk_max_ack_backlog" && typeof e.value[1] === "number") {
        get(e.sock, e.value[1]);
      }
    }
  }
  return out;
}

/** Socket (and request sock) states after events [0, upto); freed objects are left out. */
export function socketStatesAt(run: RunResult, upto: number): Map<string, TcpStateName> {
  const out = new Map<string, TcpStateName>();
  const n = Math.min(upto, run.events.length);
  for (let i = 0; i < n; i++) {
    for (const e of run.events[i]!.effects) {
      if (e.kind !== "state") continue;
      if (e.to === "freed" || e.to === "unhashed") out.delete(e.sock);
      else out.set(e.sock, e.to);
    }
  }
  return out;
}

/** Counter values on each host after events [0, upto). */
export function countersAt(run: RunResult, upto: number): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const n = Math.min(upto, run.events.length);
  for (let i = 0; i < n; i++) {
    const ev = run.events[i]!;
    for (const e of ev.effects) {
      if (e.kind !== "counter") continue;
      let h = out.get(ev.host);
      if (!h) out.set(ev.host, (h = new Map()));
      h.set(e.name, e.value[1]);
    }
  }
  return out;
}

/** The last event at or before virtual time `t` (or -1 when none). */
export function eventAtTime(run: RunResult, t: number): number {
  let lo = 0;
  let hi = run.events.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (run.events[mid]!.t <= t) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

// Tallies over a modelled function's calls in a run: what they returned, when few distinct values (a
// predicate's answers, `inet_csk_reqsk_queue_is_full` 1 937 times and 0 64 times, say more than its last
// call alone), and which functions called it (sk_acceptq_is_full: tcp_conn_request and tcp_v4_syn_recv_sock).
import type { TraceEvent } from "@kernel-lens/simulator";

/** Beyond this many distinct values (ISNs, fds, pointers) a tally says nothing a reader can use. */
const MAX_DISTINCT = 4;

export interface ReturnCount {
  value: string;
  calls: number;
}

/** Each value the calls returned with how many did, most frequent first (equal counts: first returned
 * first); empty when a call returned nothing or they returned more than MAX_DISTINCT values. */
export function returnCounts(calls: readonly TraceEvent[]): ReturnCount[] {
  const counts = new Map<string, number>();
  for (const call of calls) {
    if (call.ret === undefined) return [];
    counts.set(call.ret, (counts.get(call.ret) ?? 0) + 1);
    if (counts.size > MAX_DISTINCT) return [];
  }
  return [...counts].map(([value, n]) => ({ value, calls: n })).sort((a, b) => b.calls - a.calls);
}

/** The immediate callers of the calls, by how many calls each made, most first. */
export function callerCounts(
  calls: readonly TraceEvent[],
  events: readonly TraceEvent[],
): { caller: string; calls: number }[] {
  const counts = new Map<string, number>();
  for (const call of calls) {
    // A call with no parent is where the run enters the kernel: a system call, a packet, a timer.
    const caller = call.parent === undefined ? "top level" : events[call.parent]!.fn;
    counts.set(caller, (counts.get(caller) ?? 0) + 1);
  }
  return [...counts].map(([caller, n]) => ({ caller, calls: n })).sort((a, b) => b.calls - a.calls);
}

/** The values the calls returned that their first call did not, each with the first call that did: where "Run
 * to first `1`" stops (inet_csk_reqsk_queue_is_full's first full SYN queue). Empty when returnCounts is. */
export function laterReturns(calls: readonly TraceEvent[]): { value: string; call: TraceEvent }[] {
  if (returnCounts(calls).length < 2) return [];
  const seen = new Set<string>([calls[0]!.ret!]);
  const later: { value: string; call: TraceEvent }[] = [];
  for (const call of calls) {
    if (seen.has(call.ret!)) continue;
    seen.add(call.ret!);
    later.push({ value: call.ret!, call });
  }
  return later;
}

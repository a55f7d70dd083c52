import { describe, expect, test } from "vitest";
import { loadBuiltin } from "../src/scenario/builtins.js";
import { runScenario } from "../src/run.js";
import {
  callChain,
  callsOf,
  eventAtTime,
  listenersAt,
  socketStatesAt,
  subtreeEffects,
  subtreeEnd,
} from "../src/runQueries.js";

const run = runScenario(loadBuiltin("backlog-overflow"));

describe("run queries", () => {
  test("a call's subtree holds the effects of its callees (tcp_conn_request → hash_add's qlen++)", () => {
    const cr = callsOf(run, "tcp_conn_request")[0]!;
    const kinds = subtreeEffects(run, cr.id).map((e) => e.kind);
    expect(kinds).toContain("synq");
    expect(kinds).toContain("send");
    expect(subtreeEnd(run, cr.id)).toBeGreaterThan(cr.id + 1);
    expect(callChain(run, cr.id)).toEqual([
      "tcp_v4_rcv",
      "tcp_v4_do_rcv",
      "tcp_rcv_state_process",
      "tcp_v4_conn_request",
      "tcp_conn_request",
    ]);
  });
  test("listener state replayed to the end equals the final snapshot", () => {
    const end = listenersAt(run, run.events.length);
    const l = run.final.listeners[0]!;
    expect(end.get(l.id)).toMatchObject({
      qlen: l.synQueue.len,
      young: l.synQueue.young,
      ackBacklog: l.acceptQueue.len,
      max: 4,
    });
  });
  test("socket states replayed to the end equal the final snapshot", () => {
    const states = socketStatesAt(run, run.events.length);
    for (const s of run.final.sockets) expect(states.get(s.id)).toBe(s.state);
    // Requests whose child waits in the accept queue are no longer sockets (tcp_v4_syn_recv_sock:
    // inet_ehash_nolisten put the child in their place), as in the final snapshot and in ss.
    expect(new Set(states.keys())).toEqual(new Set(run.final.sockets.map((s) => s.id)));
  });
  test("an accepted connection's request sock is freed (inet_csk_accept: reqsk_put), not left NEW_SYN_RECV", () => {
    const accepted = runScenario(loadBuiltin("blocking-accept"));
    const states = socketStatesAt(accepted, accepted.events.length);
    expect([...states.values()]).not.toContain("TCP_NEW_SYN_RECV");
    expect(new Set(states.keys())).toEqual(new Set(accepted.final.sockets.map((s) => s.id)));
  });
  test("eventAtTime finds the last event at or before t", () => {
    const i = eventAtTime(run, 1000);
    expect(run.events[i]!.t).toBeLessThanOrEqual(1000);
    expect(run.events[i + 1]!.t).toBeGreaterThan(1000);
    expect(eventAtTime(run, -1)).toBe(-1);
  });
});

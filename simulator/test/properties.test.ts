// Invariants over random scenarios (fast-check): the queue counters never go wrong, every request sock
// ends, and a seed replays a run exactly.
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import type { Scenario, Step } from "../src/scenario/types.js";
import { runScenario } from "../src/run.js";
import { effectsOf, twoHosts } from "./model.js";

const arbScenario: fc.Arbitrary<Scenario> = fc
  .record({
    backlog: fc.integer({ min: 0, max: 6 }),
    clients: fc.integer({ min: 1, max: 12 }),
    interval: fc.integer({ min: 0, max: 40 }),
    syncookies: fc.integer({ min: 0, max: 2 }),
    abort: fc.integer({ min: 0, max: 1 }),
    synackRetries: fc.integer({ min: 1, max: 5 }),
    dropAck: fc.option(fc.integer({ min: 1, max: 6 })),
    dropSynAck: fc.option(fc.integer({ min: 1, max: 6 })),
    acceptAt: fc.option(fc.integer({ min: 0, max: 5000 })),
    acceptCount: fc.integer({ min: 1, max: 8 }),
    flood: fc.integer({ min: 0, max: 30 }),
    deferAccept: fc.option(fc.integer({ min: 1, max: 4 })),
    closeAt: fc.option(fc.integer({ min: 5001, max: 20_000 })),
  })
  .map((p): Scenario => {
    const steps: Step[] = [
      p.deferAccept === null
        ? { kind: "listen", at: 0, host: "server", port: 80, backlog: p.backlog }
        : { kind: "listen", at: 0, host: "server", port: 80, backlog: p.backlog, deferAccept: p.deferAccept },
      {
        kind: "connect",
        at: 5,
        from: "client",
        to: "server",
        port: 80,
        count: p.clients,
        interval: p.interval,
        nonblocking: true,
        sndtimeo: 0,
        keepalive: false,
      },
      { kind: "send", at: 2000, from: "client", to: "server", port: 80, bytes: 10 },
    ];
    if (p.acceptAt !== null)
      steps.push({
        kind: "accept",
        at: p.acceptAt,
        host: "server",
        port: 80,
        tasks: 1,
        count: p.acceptCount,
        nonblocking: true,
        rcvtimeo: 0,
      });
    if (p.flood) steps.push({ kind: "flood", at: 1, to: "server", port: 80, syns: p.flood, interval: 1 });
    if (p.closeAt !== null)
      steps.push({ kind: "close", at: p.closeAt, host: "server", port: 80, what: "listener" });
    const rules = [];
    if (p.dropAck !== null)
      rules.push({ action: "drop" as const, flags: "ACK" as const, from: "client", nth: p.dropAck });
    if (p.dropSynAck !== null)
      rules.push({ action: "drop" as const, flags: "SYN-ACK" as const, count: p.dropSynAck });
    return {
      name: "random",
      description: "",
      params: [],
      hosts: twoHosts({
        "net.ipv4.tcp_syncookies": p.syncookies,
        "net.ipv4.tcp_abort_on_overflow": p.abort,
        "net.ipv4.tcp_synack_retries": p.synackRetries,
      }),
      link: { delay: 1, rules },
      steps,
      // Long enough for every request sock to expire: 2^(retries+1) - 1 s after its first SYN-ACK.
      until: 200_000,
    };
  });

describe("invariants over random scenarios", () => {
  test("qlen >= young >= 0 and sk_ack_backlog <= sk_max_ack_backlog + 1 after every change", () => {
    fc.assert(
      fc.property(arbScenario, fc.integer({ min: 1, max: 1000 }), (s, seed) => {
        const r = runScenario(s, { seed });
        for (const q of effectsOf(r, "synq")) {
          const [qlen, young] = [q.qlen[1], q.young[1]];
          expect(young).toBeGreaterThanOrEqual(0);
          expect(qlen).toBeGreaterThanOrEqual(young);
        }
        for (const a of effectsOf(r, "acceptq")) {
          expect(a.len[1]).toBeGreaterThanOrEqual(0);
          expect(a.len[1]).toBeLessThanOrEqual(a.max + 1);
        }
      }),
      { numRuns: 150 },
    );
  });

  test("every request sock ends: accepted onto the queue (child), dropped or expired", () => {
    fc.assert(
      fc.property(arbScenario, fc.integer({ min: 1, max: 1000 }), (s, seed) => {
        const r = runScenario(s, { seed });
        const created = new Set<string>();
        const ended = new Set<string>();
        for (const e of r.events) {
          for (const x of e.effects) {
            if (x.kind !== "state" || !x.sock.includes(":req")) continue;
            if (x.from === "none") created.add(x.sock);
            if (x.to === "freed") ended.add(x.sock);
          }
          // A request that became a child leaves through inet_csk_reqsk_queue_add.
          if (e.fn === "inet_csk_reqsk_queue_add" || e.fn === "inet_csk_complete_hashdance") {
            const m = /req=(\S+)/.exec(e.args);
            if (m) ended.add(m[1]!);
          }
          if (e.fn === "tcp_get_cookie_sock") {
            const m = /req=(\S+)/.exec(e.args);
            if (m) ended.add(m[1]!);
          }
        }
        for (const id of created) expect(ended.has(id), `${id} never ended`).toBe(true);
        expect(r.final.sockets.filter((x) => x.role === "request")).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  test("the same scenario and seed give the same run, byte for byte", () => {
    fc.assert(
      fc.property(arbScenario, fc.integer({ min: 1, max: 1000 }), (s, seed) => {
        expect(JSON.stringify(runScenario(s, { seed }))).toBe(JSON.stringify(runScenario(s, { seed })));
      }),
      { numRuns: 40 },
    );
  });

  test("tracing does not change the outcome", () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const on = runScenario(s, { seed: 3 });
        const off = runScenario(s, { seed: 3, trace: false });
        expect(off.final).toEqual(on.final);
        expect(off.syscalls).toEqual(on.syscalls);
      }),
      { numRuns: 40 },
    );
  });

  test("a runaway run stops at the event cap with a message", () => {
    const s: Scenario = {
      name: "runaway",
      description: "",
      params: [],
      hosts: twoHosts(),
      link: { delay: 1, rules: [] },
      steps: [{ kind: "flood", at: 0, to: "server", port: 80, syns: 1_000_000, interval: 1 }],
      until: 10_000_000,
    };
    const r = runScenario(s, { maxEvents: 1000, trace: false });
    expect(r.stop.reason).toBe("event-cap");
    expect(r.stop.message).toMatch(/event cap/);
    expect(r.processed).toBe(1000);
  });
});

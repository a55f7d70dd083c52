// The runs the real-kernel judge makes: built-in scenarios, with the documented adjustments that keep the
// file under ~4 minutes or make the scenario reproducible on a link without delay.
import { applyOverrides, loadBuiltin, type Scenario } from "../../simulator/src/index.js";

export interface KernelRun {
  /** Label in test names and docs/FIDELITY.md. */
  label: string;
  scenario: Scenario;
  /** End of both runs (virtual ms for the simulator, ms after t0 for the kernel). */
  until: number;
  /** What was changed from the built-in and why (empty: run as is). */
  adjusted: string[];
  /** Per-netns sysctls that do not exist in v4.11, written on both namespaces (see knownDifferences.ts). */
  extraSysctls: Record<string, number>;
}

/** v4.11 has no net.ipv4.tcp_syn_linear_timeouts; 0 gives its doubling SYN-retransmit schedule. */
export const V411_SYN_SCHEDULE = { "net.ipv4.tcp_syn_linear_timeouts": 0 };

function run(
  label: string,
  scenario: Scenario,
  until: number,
  adjusted: string[] = [],
  extraSysctls: Record<string, number> = V411_SYN_SCHEDULE,
): KernelRun {
  return { label, scenario, until, adjusted, extraSysctls };
}

function withCookies(s: Scenario, v: number): Scenario {
  return applyOverrides(s, [{ key: "net.ipv4.tcp_syncookies", value: v }]);
}

/** abort-on-overflow needs the second pair's handshakes to overlap; with no link delay each handshake
 *  finishes inside connect(), so both sides drop the client's pure ACKs sent in [50 ms, 600 ms): the
 *  SYN-ACK retransmits at ~1.1 s bring the two final ACKs together, as the 1 ms link does in the built-in. */
function abortOverlap(): Scenario {
  const s = loadBuiltin("abort-on-overflow");
  return {
    ...s,
    link: {
      ...s.link,
      rules: [...s.link.rules, { action: "drop", flags: "ACK", from: "client", after: 50, before: 600 }],
    },
  };
}

export function kernelRuns(): KernelRun[] {
  const timeout2 = applyOverrides(loadBuiltin("connect-timeout"), [
    { key: "net.ipv4.tcp_syn_retries", value: 2 },
  ]);
  return [
    run("handshake", loadBuiltin("handshake"), 1000, ["until 1 s (nothing happens after 13 ms)"]),
    run("backlog-overflow (backlog=4)", loadBuiltin("backlog-overflow", { backlog: 4 }), 10_000),
    run("backlog-overflow (backlog=1)", loadBuiltin("backlog-overflow", { backlog: 1 }), 10_000),
    ...[1, 0, 2].map((c) =>
      run(
        `syn-flood (syns=200, tcp_syncookies=${c})`,
        withCookies(loadBuiltin("syn-flood", { syns: 200 }), c),
        5000,
        [
          "syns=200 instead of 1000 (raw SYNs from 10.0.0.2, source ports 20000-20199, their RSTs dropped by iptables in the client namespace)",
        ],
      ),
    ),
    run("abort-on-overflow (overlap forced)", abortOverlap(), 3000, [
      "client pure ACKs sent in [50 ms, 600 ms) dropped on both sides, so the second pair's final ACKs arrive together (dup-ACKs to the 1.1 s SYN-ACK retransmits)",
      "until 3 s",
    ]),
    run("lost-final-ack", loadBuiltin("lost-final-ack"), 2000, ["until 2 s"]),
    run("connect-refused", loadBuiltin("connect-refused"), 500, ["until 0.5 s"]),
    run("connect-timeout (tcp_syn_retries=2)", timeout2, 8000, [
      "tcp_syn_retries=2 on both hosts: ETIMEDOUT at 7 s instead of 127 s",
      "until 8 s",
    ]),
    run(
      "connect-timeout (tcp_syn_retries=2, kernel's tcp_syn_linear_timeouts)",
      timeout2,
      8000,
      ["as above, but the namespace keeps tcp_syn_linear_timeouts at the kernel default (4)"],
      {},
    ),
    run("blocking-accept", loadBuiltin("blocking-accept"), 500, ["until 0.5 s"]),
    run("epoll-accept (level-triggered)", loadBuiltin("epoll-accept"), 500, ["until 0.5 s"]),
    run("port-exhaustion", loadBuiltin("port-exhaustion"), 500, ["until 0.5 s"]),
    run("listener-restart", loadBuiltin("listener-restart"), 500, ["until 0.5 s"]),
    run("listener-restart, reuseaddr=1", loadBuiltin("listener-restart", { reuseaddr: 1 }), 500, [
      "until 0.5 s",
    ]),
  ];
}

// `ss -tan`-like view of the final sockets, per host. Listeners show Recv-Q = accept queue length and
// Send-Q = backlog, as `ss -lnt` does; request socks (NEW_SYN_RECV) show as SYN-RECV like ss prints them.

import type { RunResult, SocketSnapshot, TcpStateName } from "../runResult.js";
import { columns } from "./format.js";

const SS_STATE: Record<TcpStateName, string> = {
  TCP_ESTABLISHED: "ESTAB",
  TCP_SYN_SENT: "SYN-SENT",
  TCP_SYN_RECV: "SYN-RECV",
  TCP_FIN_WAIT1: "FIN-WAIT-1",
  TCP_FIN_WAIT2: "FIN-WAIT-2",
  TCP_TIME_WAIT: "TIME-WAIT",
  TCP_CLOSE: "CLOSE",
  TCP_CLOSE_WAIT: "CLOSE-WAIT",
  TCP_LAST_ACK: "LAST-ACK",
  TCP_LISTEN: "LISTEN",
  TCP_CLOSING: "CLOSING",
  TCP_NEW_SYN_RECV: "SYN-RECV",
};

export function ssState(state: TcpStateName): string {
  return SS_STATE[state];
}

/** Hosts in scenario order: sysctls has every host; snapshots may add none-listed ones. */
export function hostsOf(result: RunResult): string[] {
  const hosts = Object.keys(result.sysctls);
  for (const s of result.final.sockets) if (!hosts.includes(s.host)) hosts.push(s.host);
  for (const h of Object.keys(result.final.counters)) if (!hosts.includes(h)) hosts.push(h);
  return hosts;
}

function details(s: SocketSnapshot): string {
  const parts = [s.id, s.role];
  if (s.numTimeout !== undefined) parts.push(`num_timeout=${s.numTimeout}`);
  if (s.acked) parts.push("acked");
  if (s.accepted !== undefined) parts.push(s.accepted ? "accepted" : "in accept queue");
  return parts.join(" ");
}

export function formatSsTable(result: RunResult, host: string): string {
  const rows: string[][] = [
    ["State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port", "Details"],
  ];
  for (const s of result.final.sockets.filter((x) => x.host === host)) {
    const listener = s.role === "listener" ? result.final.listeners.find((l) => l.id === s.id) : undefined;
    rows.push([
      ssState(s.state),
      String(listener?.acceptQueue.len ?? 0),
      String(listener?.backlog ?? 0),
      s.local,
      s.remote || "*:*",
      listener
        ? `${details(s)} synq qlen=${listener.synQueue.len} young=${listener.synQueue.young}`
        : details(s),
    ]);
  }
  return [`${host}$ ss -tan`, ...columns(rows)].join("\n");
}

/** One `ss -tan` table per host. */
export function formatSs(result: RunResult): string {
  return (
    hostsOf(result)
      .map((h) => formatSsTable(result, h))
      .join("\n\n") + "\n"
  );
}

// The observable state at the end of a run: what `ss -tan`, `ss -lnt` and `nstat` would show.
import type { ListenerSnapshot, Snapshot, SocketSnapshot } from "../runResult.js";
import type { Sim } from "./sim.js";

export function takeSnapshot(sim: Sim, t: number): Snapshot {
  const sockets: SocketSnapshot[] = [];
  const listeners: ListenerSnapshot[] = [];
  const counters: Snapshot["counters"] = {};
  for (const host of sim.hosts.values()) {
    for (const sk of host.socks) {
      if (sk.state === "TCP_CLOSE") continue;
      const role = sk.role === "unconnected" ? "client" : sk.role;
      const s: SocketSnapshot = {
        host: host.name,
        state: sk.state,
        local: `${sk.state === "TCP_LISTEN" ? "0.0.0.0" : sk.laddr}:${sk.lport}`,
        remote: sk.state === "TCP_LISTEN" ? "0.0.0.0:*" : `${sk.raddr}:${sk.rport}`,
        role,
        id: sk.id,
      };
      if (role === "child") s.accepted = sk.accepted;
      sockets.push(s);
      if (sk.state === "TCP_LISTEN") {
        listeners.push({
          host: host.name,
          port: sk.lport,
          id: sk.id,
          backlog: sk.maxAckBacklog,
          synQueue: { len: sk.qlen, young: sk.young },
          acceptQueue: { len: sk.ackBacklog },
        });
      }
    }
    for (const req of host.requests) {
      sockets.push({
        host: host.name,
        state: "TCP_NEW_SYN_RECV",
        local: `${req.laddr}:${req.lport}`,
        remote: `${req.raddr}:${req.rport}`,
        role: "request",
        id: req.id,
        numTimeout: req.numTimeout,
        acked: req.acked,
      });
    }
    const nonZero: Record<string, number> = {};
    for (const [name, value] of Object.entries(host.counters)) if (value !== 0) nonZero[name] = value;
    counters[host.name] = nonZero;
  }
  return { t, sockets, listeners, counters };
}

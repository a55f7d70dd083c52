// net/ipv4/tcp.c: tcp_set_state — the one place a full socket changes state, with its SNMP side effects.
import type { TcpStateName } from "../runResult.js";
import type { Sock } from "./sock.js";
import { ehashKey } from "./sock.js";
import { count, effect, type Sim } from "./sim.js";

export function tcpSetState(sim: Sim, sk: Sock, state: TcpStateName): void {
  const old = sk.state;
  const host = sk.host;
  if (state === "TCP_ESTABLISHED" && old !== "TCP_ESTABLISHED") count(sim, host, "TcpCurrEstab");
  if (state === "TCP_CLOSE") {
    if (old === "TCP_CLOSE_WAIT" || old === "TCP_ESTABLISHED") count(sim, host, "TcpEstabResets");
    unhash(sk);
  }
  if (old === "TCP_ESTABLISHED" && state !== "TCP_ESTABLISHED") count(sim, host, "TcpCurrEstab", -1);
  sk.state = state;
  effect(sim, { kind: "state", sock: sk.id, from: old, to: state });
}

/** sk->sk_prot->unhash (inet_unhash) and inet_put_port: leave every hash table of the netns. */
function unhash(sk: Sock): void {
  const host = sk.host;
  if (host.listeners.get(sk.lport) === sk) host.listeners.delete(sk.lport);
  const key = ehashKey(sk.laddr, sk.lport, sk.raddr, sk.rport);
  if (host.ehash.get(key) === sk) host.ehash.delete(key);
  if (host.bound.get(sk.lport) === sk) host.bound.delete(sk.lport);
  const owners = host.connectPorts.get(sk.lport);
  if (owners?.delete(sk) && owners.size === 0) host.connectPorts.delete(sk.lport);
}

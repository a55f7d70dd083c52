// net/ipv4/tcp.c: tcp_set_state — the one place a full socket changes state, with its SNMP side effects.
import type { TcpStateName } from "../runResult.js";
import type { Sock } from "./sock.js";
import { ehashKey } from "./sock.js";
import { count, effect, type Sim } from "./sim.js";
import { inetPutPort } from "./inetBindBucket.js";
import { inetUnhashListener } from "./inetHashtables.js";

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

/**
 * sk->sk_prot->unhash (inet_unhash): leave the listening and established hashes; then inet_put_port unless
 * bind() named the port (SOCK_BINDPORT_LOCK), which keeps it until the socket is destroyed (:1993–1995).
 */
function unhash(sk: Sock): void {
  const host = sk.host;
  inetUnhashListener(sk);
  const key = ehashKey(sk.laddr, sk.lport, sk.raddr, sk.rport);
  if (host.ehash.get(key) === sk) host.ehash.delete(key);
  if (!sk.bindPortLock) inetPutPort(sk);
}

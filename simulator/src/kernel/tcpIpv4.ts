// IPv4 entry points of TCP (net/ipv4/tcp_ipv4.c): receive, per-socket receive, connect, and the af_ops
// used on the passive side (conn_request, syn_recv_sock).
import { TCPHDR_SYN, describeSegment, type Segment } from "./segment.js";
import type { Host } from "./host.js";
import { count, effect, objectId, traced, type Sim } from "./sim.js";
import { inetInheritPort } from "./inetBindBucket.js";
import { describeSock, ehashKey, newSock, type RequestSock, type Sock } from "./sock.js";
import { skAcceptqIsFull } from "./requestSockQueue.js";
import { inetCskReqskQueueDrop, unhashRequest } from "./inetConnectionSock.js";
import { tcpCheckReq, tcpChildProcess, tcpCreateOpenreqChild } from "./tcpMinisocks.js";
import { tcpConnRequest, tcpRcvEstablished, tcpRcvStateProcess } from "./tcpInput.js";
import { tcpConnect, tcpV4SendReset } from "./tcpOutput.js";
import { tcpSetState } from "./tcpState.js";
import { inetHashConnect, inetLookupListener } from "./inetHashtables.js";
import { cookieV4Check } from "./syncookies.js";

/** Look-up order of __inet_lookup_skb: established hash (full socks and request socks), then listeners. */
function lookup(sim: Sim, host: Host, seg: Segment): Sock | RequestSock | undefined {
  return (
    host.ehash.get(ehashKey(seg.daddr, seg.dport, seg.saddr, seg.sport)) ??
    inetLookupListener(sim, host, seg.daddr, seg.dport, seg.saddr, seg.sport)
  );
}

/** net/ipv4/tcp_ipv4.c: tcp_v4_rcv — the softirq entry for every segment a host receives. */
export function tcpV4Rcv(sim: Sim, host: Host, seg: Segment): void {
  traced(
    sim,
    host,
    "tcp_v4_rcv",
    () => `skb=${describeSegment(seg)}`,
    () => {
      count(sim, host, "TcpInSegs");
      for (;;) {
        const found = lookup(sim, host, seg);
        if (!found) {
          // no_tcp_socket: answer with a RST (tcp_v4_send_reset ignores an incoming RST).
          tcpV4SendReset(sim, host, seg);
          return;
        }
        let sk: Sock;
        if (found.kind === "req") {
          const req = found;
          sk = req.listener;
          if (sk.state !== "TCP_LISTEN") {
            // The listener was closed: drop the request and look the segment up again (goto lookup).
            inetCskReqskQueueDrop(sim, sk, req);
            continue;
          }
          const nsk = tcpCheckReq(sim, sk, seg, req);
          if (!nsk) return;
          if (nsk !== sk) {
            if (tcpChildProcess(sim, sk, nsk, seg)) tcpV4SendReset(sim, host, seg);
            return;
          }
        } else {
          sk = found;
        }
        tcpV4DoRcv(sim, sk, seg);
        return;
      }
    },
  );
}

/** net/ipv4/tcp_ipv4.c: tcp_v4_do_rcv. */
export function tcpV4DoRcv(sim: Sim, sk: Sock, seg: Segment): void {
  traced(
    sim,
    sk.host,
    "tcp_v4_do_rcv",
    () => describeSock(sk),
    () => {
      if (sk.state === "TCP_ESTABLISHED") {
        tcpRcvEstablished(sim, sk, seg);
        return;
      }
      if (sk.state === "TCP_LISTEN") {
        const nsk = tcpV4CookieCheck(sim, sk, seg);
        if (!nsk) return;
        if (nsk !== sk) {
          if (tcpChildProcess(sim, sk, nsk, seg)) tcpV4SendReset(sim, sk.host, seg);
          return;
        }
      }
      if (tcpRcvStateProcess(sim, sk, seg)) tcpV4SendReset(sim, sk.host, seg);
    },
  );
}

/** net/ipv4/tcp_ipv4.c: tcp_v4_cookie_check — only non-SYN segments can carry a cookie's ACK. */
function tcpV4CookieCheck(sim: Sim, sk: Sock, seg: Segment): Sock | null {
  return traced(
    sim,
    sk.host,
    "tcp_v4_cookie_check",
    () => describeSock(sk),
    () => (seg.flags & TCPHDR_SYN ? sk : cookieV4Check(sim, sk, seg)),
    (r) => (r === sk ? "listener" : r ? r.id : "NULL"),
  );
}

/** net/ipv4/tcp_ipv4.c: tcp_v4_conn_request — no broadcast/multicast in the model, so on to tcp_conn_request. */
export function tcpV4ConnRequest(sim: Sim, sk: Sock, seg: Segment): number {
  return traced(
    sim,
    sk.host,
    "tcp_v4_conn_request",
    () => `${describeSock(sk)} skb=${describeSegment(seg)}`,
    () => tcpConnRequest(sim, sk, seg),
    (r) => String(r),
  );
}

/**
 * net/ipv4/tcp_ipv4.c: tcp_v4_syn_recv_sock — accept queue full: ListenOverflows, ListenDrops, NULL.
 * Else the child replaces the request in the established hash (inet_ehash_nolisten); `reqUnhash` is
 * absent on the syncookie path, where the request was never hashed.
 */
export function tcpV4SynRecvSock(
  sim: Sim,
  sk: Sock,
  seg: Segment,
  req: RequestSock,
  reqUnhash: RequestSock | undefined,
): Sock | null {
  return traced(
    sim,
    sk.host,
    "tcp_v4_syn_recv_sock",
    () => `${describeSock(sk)} ${describeSock(req)}`,
    (): Sock | null => {
      if (skAcceptqIsFull(sim, sk)) {
        count(sim, sk.host, "TcpExtListenOverflows");
        count(sim, sk.host, "TcpExtListenDrops");
        return null;
      }
      const child = tcpCreateOpenreqChild(sim, sk, req, seg);
      // :1356 __inet_inherit_port: the child holds the listener's port with it.
      inetInheritPort(sk, child);
      if (reqUnhash && unhashRequest(reqUnhash)) {
        // net/ipv4/tcp_ipv4.c:1358 inet_ehash_nolisten(newsk, req_unhash): the child takes the request's
        // place in the hash.
        effect(sim, { kind: "state", sock: reqUnhash.id, from: "TCP_NEW_SYN_RECV", to: "unhashed" });
      }
      sk.host.ehash.set(ehashKey(child.laddr, child.lport, child.raddr, child.rport), child);
      return child;
    },
    (c) => (c ? c.id : "NULL"),
  );
}

/**
 * net/ipv4/tcp_ipv4.c: tcp_v4_connect — SYN_SENT, a local port from inet_hash_connect, the ISN from
 * secure_tcp_sequence_number (seeded here), then tcp_connect sends the SYN.
 */
export function tcpV4Connect(sim: Sim, sk: Sock, daddr: string, dport: number): number {
  return traced(
    sim,
    sk.host,
    "tcp_v4_connect",
    () => `${describeSock(sk)} ${daddr}:${dport}`,
    () => {
      sk.raddr = daddr;
      sk.rport = dport;
      sk.role = "client";
      tcpSetState(sim, sk, "TCP_SYN_SENT");
      if (inetHashConnect(sim, sk) < 0) {
        tcpSetState(sim, sk, "TCP_CLOSE");
        return -1;
      }
      sk.iss = sim.rng.u32();
      tcpConnect(sim, sk);
      return 0;
    },
    (r) => (r ? "-EADDRNOTAVAIL" : "0"),
  );
}

/** A new full socket for socket(): sock_alloc + sk_alloc + tcp_v4_init_sock. */
export function allocSock(host: Host): Sock {
  const sk = newSock(host, objectId(host, "sk"));
  host.socks.push(sk);
  return sk;
}

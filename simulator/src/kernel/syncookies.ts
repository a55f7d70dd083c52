// SYN cookies (net/ipv4/syncookies.c): the SYN-ACK's ISN encodes a 60 s counter and an MSS index, so a
// listener under a SYN flood keeps no state until the final ACK proves the peer is real.
import { HZ, MAX_SYNCOOKIE_AGE, TCP_SYNCOOKIE_PERIOD, TCP_SYNCOOKIE_VALID } from "./constants.js";
import type { Host } from "./host.js";
import { inetCskReqskQueueAdd } from "./inetConnectionSock.js";
import { describeSegment, type Segment } from "./segment.js";
import { count, effect, traced, type Sim } from "./sim.js";
import { describeSock, type RequestSock, type Sock } from "./sock.js";
import { newRequestSock } from "./requestSock.js";
import { tcpV4SynRecvSock } from "./tcpIpv4.js";

const COOKIEBITS = 24;
const COOKIEMASK = (1 << COOKIEBITS) - 1;
/** net/ipv4/syncookies.c: msstab[] — the MSS values a cookie can encode. */
const MSSTAB = [536, 1300, 1440, 1460];
/** The model's peers all announce MSS 1460: index 3. */
const MSS_INDEX = 3;

/** include/net/tcp.h: tcp_cookie_time — the counter that advances every TCP_SYNCOOKIE_PERIOD. */
function tcpCookieTime(now: number): number {
  return Math.floor(now / TCP_SYNCOOKIE_PERIOD);
}

function addrValue(addr: string): number {
  const [a = 0, b = 0, c = 0, d = 0] = addr.split(".").map(Number);
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** Stand-in for cookie_hash (siphash of the 4-tuple keyed by syncookie_secret[c]). */
function cookieHash(host: Host, seg: Segment, count: number, c: 0 | 1): number {
  let h = host.cookieSecret[c] ^ Math.imul(count + 1, 0x9e3779b1);
  for (const v of [addrValue(seg.saddr), addrValue(seg.daddr), (seg.sport << 16) | seg.dport]) {
    h = Math.imul(h ^ v, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** net/ipv4/syncookies.c: secure_tcp_syn_cookie, for the SYN `seg` (sseq = its seq). */
function secureTcpSynCookie(host: Host, seg: Segment, now: number, data: number): number {
  const cnt = tcpCookieTime(now);
  return (
    (cookieHash(host, seg, 0, 0) +
      seg.seq +
      ((cnt << COOKIEBITS) >>> 0) +
      ((cookieHash(host, seg, cnt, 1) + data) & COOKIEMASK)) >>>
    0
  );
}

/**
 * net/ipv4/syncookies.c: check_tcp_syn_cookie — the encoded data, or -1 if the cookie is older than
 * MAX_SYNCOOKIE_AGE periods. `seg` is the final ACK: its seq - 1 is the peer's ISN.
 */
function checkTcpSynCookie(host: Host, ack: Segment, cookie: number, now: number): number {
  const cnt = tcpCookieTime(now);
  // Hash over the 4-tuple as the SYN carried it (client → server), which is the ACK's own direction.
  const sseq = (ack.seq - 1) >>> 0;
  const rest = (cookie - cookieHash(host, ack, 0, 0) - sseq) >>> 0;
  const diff = (cnt - (rest >>> COOKIEBITS)) & (0xffffffff >>> COOKIEBITS);
  if (diff >= MAX_SYNCOOKIE_AGE) return -1;
  return (rest - cookieHash(host, ack, cnt - diff, 1)) & COOKIEMASK;
}

/**
 * include/net/tcp.h: cookie_init_sequence (tcp_synq_overflow + SyncookiesSent) → cookie_v4_init_sequence.
 * tcp_synq_overflow stamps the listener at most once per HZ; "never" stands for the kernel's initial
 * stamp of 0, which is far in the past of a booted machine's jiffies.
 */
export function cookieV4InitSequence(sim: Sim, sk: Sock, syn: Segment): number {
  return traced(
    sim,
    sk.host,
    "cookie_v4_init_sequence",
    () => `skb=${describeSegment(syn)}`,
    () => {
      if (sk.lastOverflow === undefined || sim.now > sk.lastOverflow + HZ) {
        effect(sim, {
          kind: "field",
          sock: sk.id,
          field: "ts_recent_stamp",
          value: [sk.lastOverflow ?? "never", sim.now],
        });
        sk.lastOverflow = sim.now;
      }
      count(sim, sk.host, "TcpExtSyncookiesSent");
      return secureTcpSynCookie(sk.host, syn, sim.now, MSS_INDEX);
    },
    (isn) => String(isn),
  );
}

/** include/net/tcp.h: tcp_synq_no_recent_overflow — no cookie sent in the last TCP_SYNCOOKIE_VALID. */
function tcpSynqNoRecentOverflow(sim: Sim, sk: Sock): boolean {
  const last = sk.lastOverflow;
  return traced(
    sim,
    sk.host,
    "tcp_synq_no_recent_overflow",
    () => `${describeSock(sk)} ts_recent_stamp=${last ?? "never"}`,
    () => last === undefined || sim.now > last + TCP_SYNCOOKIE_VALID,
    String,
  );
}

/**
 * net/ipv4/syncookies.c: cookie_v4_check — returns the listener when the segment is not a cookie ACK
 * (the caller then answers with a RST), NULL when it was consumed or dropped, or the new child.
 */
export function cookieV4Check(sim: Sim, sk: Sock, seg: Segment): Sock | null {
  return traced(
    sim,
    sk.host,
    "cookie_v4_check",
    () => `${describeSock(sk)} skb=${describeSegment(seg)}`,
    (): Sock | null => {
      const syncookies = sk.host.sysctls["net.ipv4.tcp_syncookies"];
      if (!syncookies || !(seg.flags & 0x10) || seg.flags & 0x04) return sk;
      if (tcpSynqNoRecentOverflow(sim, sk)) return sk;
      const cookie = (seg.ack - 1) >>> 0;
      const mssind = checkTcpSynCookie(sk.host, seg, cookie, sim.now);
      const mss = mssind >= 0 && mssind < MSSTAB.length ? MSSTAB[mssind] : 0;
      if (!mss) {
        count(sim, sk.host, "TcpExtSyncookiesFailed");
        return sk;
      }
      count(sim, sk.host, "TcpExtSyncookiesRecv");
      const req = newRequestSock(sim, sk, seg);
      req.rcvIsn = (seg.seq - 1) >>> 0;
      req.sntIsn = cookie;
      return tcpGetCookieSock(sim, sk, seg, req);
    },
    (r) => (r === null ? "NULL" : r === sk ? "listener" : r.id),
  );
}

/** net/ipv4/syncookies.c: tcp_get_cookie_sock — syn_recv_sock, then straight onto the accept queue. */
function tcpGetCookieSock(sim: Sim, sk: Sock, seg: Segment, req: RequestSock): Sock | null {
  return traced(
    sim,
    sk.host,
    "tcp_get_cookie_sock",
    () => describeSock(req),
    () => {
      const child = tcpV4SynRecvSock(sim, sk, seg, req, undefined);
      if (child) inetCskReqskQueueAdd(sim, sk, req, child);
      else effect(sim, { kind: "state", sock: req.id, from: "TCP_NEW_SYN_RECV", to: "freed" });
      return child;
    },
    (c) => (c ? c.id : "NULL"),
  );
}

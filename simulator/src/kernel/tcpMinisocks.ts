// Request socks and children (net/ipv4/tcp_minisocks.c): what a segment does to a half-open connection,
// creating the child socket, and handing the final ACK to the child.
import { TCP_RTO_MAX, TCP_TIMEOUT_INIT } from "./constants.js";
import {
  inetCskCompleteHashdance,
  inetCskReqskQueueDrop,
  inetRtxSynAck,
  modReqskTimerPending,
} from "./inetConnectionSock.js";
import {
  TCPHDR_ACK,
  TCPHDR_RST,
  TCPHDR_SYN,
  after,
  before,
  describeSegment,
  endSeq,
  segmentFrom,
  type Segment,
} from "./segment.js";
import { count, effect, kept, objectId, traced, type Sim } from "./sim.js";
import { describeSock, newSock, type RequestSock, type Sock } from "./sock.js";
import { RCV_WND, oowRateLimited, tcpRcvStateProcess } from "./tcpInput.js";
import { tcpV4SynRecvSock } from "./tcpIpv4.js";
import { tcpV4SendReset } from "./tcpOutput.js";
import { transmit } from "./link.js";
import { sockDefReadable } from "./wakeups.js";

/** include/net/tcp.h: tcp_in_window(seq, end_seq, s_win, e_win). */
function tcpInWindow(seq: number, end: number, sWin: number, eWin: number): boolean {
  if (seq === sWin) return true;
  if (after(end, sWin) && before(seq, eWin)) return true;
  return seq === eWin && seq === end;
}

/**
 * net/ipv4/tcp_minisocks.c: tcp_check_req. Returns NULL (consumed or dropped), the listener (the caller
 * answers with a RST), or the child. Timestamps (PAWS) are not modelled: paws_reject is always false.
 */
export function tcpCheckReq(sim: Sim, sk: Sock, seg: Segment, req: RequestSock): Sock | null {
  return traced(
    sim,
    sk.host,
    "tcp_check_req",
    () =>
      `${describeSock(req)} skb=${describeSegment(seg)} num_timeout=${req.numTimeout} acked=${req.acked ? 1 : 0}`,
    (): Sock | null => {
      let flg = seg.flags & (TCPHDR_RST | TCPHDR_SYN | TCPHDR_ACK);
      // A pure retransmitted SYN: resend the SYN-ACK and push the timer out (mod_timer_pending).
      if (seg.seq === req.rcvIsn && flg === TCPHDR_SYN) {
        if (!oowRateLimited(sim, req, "TcpExtTCPACKSkippedSynRecv")) {
          inetRtxSynAck(sim, sk, req);
          modReqskTimerPending(sim, req, Math.min(TCP_TIMEOUT_INIT << req.numTimeout, TCP_RTO_MAX));
        }
        return null;
      }
      // RFC 793 p.36: an ACK that does not acknowledge our SYN-ACK → the listener sends a RST.
      if (flg & TCPHDR_ACK && seg.ack !== (req.sntIsn + 1) >>> 0) {
        effect(sim, {
          kind: "drop",
          reason: `ack_seq ${seg.ack} != snt_isn + 1 (${(req.sntIsn + 1) >>> 0})`,
        });
        return sk;
      }
      const rcvNxt = (req.rcvIsn + 1) >>> 0;
      if (!tcpInWindow(seg.seq, endSeq(seg), rcvNxt, (rcvNxt + RCV_WND) >>> 0)) {
        if (!(flg & TCPHDR_RST) && !oowRateLimited(sim, req, "TcpExtTCPACKSkippedSynRecv"))
          tcpV4ReqskSendAck(sim, sk, req);
        return null;
      }
      if (seg.seq === req.rcvIsn) flg &= ~TCPHDR_SYN;
      if (flg & (TCPHDR_RST | TCPHDR_SYN)) {
        count(sim, sk.host, "TcpAttemptFails");
        return embryonicReset(sim, sk, seg, req, flg);
      }
      if (!(flg & TCPHDR_ACK)) return null;
      // While TCP_DEFER_ACCEPT is active, a bare ACK only marks the request acked.
      if (req.numTimeout < sk.deferAccept && endSeq(seg) === rcvNxt) {
        setAcked(sim, req);
        count(sim, sk.host, "TcpExtTCPDeferAcceptDrop");
        return null;
      }
      const child = tcpV4SynRecvSock(sim, sk, seg, req, req);
      if (!child) {
        // listen_overflow
        if (!sk.host.sysctls["net.ipv4.tcp_abort_on_overflow"]) {
          setAcked(sim, req);
          return null;
        }
        return embryonicReset(sim, sk, seg, req, flg);
      }
      return inetCskCompleteHashdance(sim, sk, child, req) ?? null;
    },
    (r) => (r === null ? "NULL" : r === sk ? "listener" : r.id),
  );
}

function setAcked(sim: Sim, req: RequestSock): void {
  if (!req.acked) effect(sim, { kind: "field", sock: req.id, field: "acked", value: [0, 1] });
  req.acked = true;
}

/** tcp_check_req's embryonic_reset: RST unless the segment was one, drop the request, EmbryonicRsts++. */
function embryonicReset(sim: Sim, sk: Sock, seg: Segment, req: RequestSock, flg: number): null {
  if (!(flg & TCPHDR_RST)) tcpV4SendReset(sim, sk.host, seg);
  inetCskReqskQueueDrop(sim, sk, req);
  count(sim, sk.host, "TcpExtEmbryonicRsts");
  return null;
}

/** net/ipv4/tcp_ipv4.c: tcp_v4_reqsk_send_ack — ACK rcv_nxt from a request sock. */
function tcpV4ReqskSendAck(sim: Sim, sk: Sock, req: RequestSock): void {
  traced(
    sim,
    sk.host,
    "tcp_v4_reqsk_send_ack",
    () => describeSock(req),
    () => {
      const id = transmit(
        sim,
        sk.host,
        segmentFrom(req, {
          seq: (req.sntIsn + 1) >>> 0,
          ack: (req.rcvIsn + 1) >>> 0,
          flags: TCPHDR_ACK,
          len: 0,
        }),
        { by: "tcp_v4_reqsk_send_ack" },
      );
      effect(sim, {
        kind: "send",
        packet: id,
        summary: kept(sim, `ACK ${req.laddr}:${req.lport}→${req.raddr}:${req.rport}`),
      });
    },
  );
}

/**
 * net/ipv4/tcp_minisocks.c: tcp_create_openreq_child → inet_csk_clone_lock: the child starts in SYN_RECV
 * with snd_una = snd_nxt = snt_isn + 1 and rcv_nxt = rcv_isn + 1; TcpPassiveOpens++.
 */
export function tcpCreateOpenreqChild(sim: Sim, sk: Sock, req: RequestSock, seg: Segment): Sock {
  return traced(
    sim,
    sk.host,
    "tcp_create_openreq_child",
    () => `${describeSock(sk)} ${describeSock(req)} skb=${describeSegment(seg)}`,
    () => {
      const child = newSock(sk.host, objectId(sk.host, "sk"));
      sk.host.socks.push(child);
      child.role = "child";
      // sk_clone_lock copies the listener's struct sock: SO_REUSEADDR and the bind() port lock come along.
      child.reuse = sk.reuse;
      child.bindPortLock = sk.bindPortLock;
      child.laddr = req.laddr;
      child.lport = req.lport;
      child.raddr = req.raddr;
      child.rport = req.rport;
      child.iss = req.sntIsn;
      child.sndUna = child.sndNxt = (req.sntIsn + 1) >>> 0;
      child.irs = req.rcvIsn;
      child.rcvNxt = (req.rcvIsn + 1) >>> 0;
      child.state = "TCP_SYN_RECV";
      effect(sim, { kind: "state", sock: child.id, from: "none", to: "TCP_SYN_RECV" });
      count(sim, sk.host, "TcpPassiveOpens");
      return child;
    },
    (c) => c.id,
  );
}

/**
 * net/ipv4/tcp_minisocks.c: tcp_child_process — the segment goes through the child's state machine; if
 * that moved it out of SYN_RECV, parent->sk_data_ready wakes the listener's waiters.
 */
export function tcpChildProcess(sim: Sim, parent: Sock, child: Sock, seg: Segment): boolean {
  return traced(
    sim,
    parent.host,
    "tcp_child_process",
    () => `parent=${parent.id} child=${child.id}`,
    () => {
      const state = child.state;
      const ret = tcpRcvStateProcess(sim, child, seg);
      if (state === "TCP_SYN_RECV" && child.state !== state) sockDefReadable(sim, parent);
      return ret;
    },
    (r) => (r ? "1" : "0"),
  );
}

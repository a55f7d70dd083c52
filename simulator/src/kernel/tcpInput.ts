// The receive-side state machine (net/ipv4/tcp_input.c): the listener's SYN handling (tcp_conn_request),
// the client's SYN_SENT processing, the child's SYN_RECV → ESTABLISHED step, and ESTABLISHED input.
import { TCP_INVALID_RATELIMIT, TCP_TIMEOUT_INIT } from "./constants.js";
import { inetCskReqskQueueHashAdd } from "./inetConnectionSock.js";
import { inetCskReqskQueueIsFull, skAcceptqIsFull } from "./requestSockQueue.js";
import { newRequestSock } from "./requestSock.js";
import {
  TCPHDR_ACK,
  TCPHDR_FIN,
  TCPHDR_RST,
  TCPHDR_SYN,
  after,
  before,
  describeSegment,
  endSeq,
  type Segment,
} from "./segment.js";
import { count, effect, printk, traced, type Sim } from "./sim.js";
import { describeSock, type Sock } from "./sock.js";
import { cookieV4InitSequence } from "./syncookies.js";
import { NotModelledError, clearXmitTimers, tcpDone } from "./tcpClose.js";
import { tcpV4ConnRequest } from "./tcpIpv4.js";
import { scheduleDelayedAck, tcpSendAck, tcpSendSynack, tcpV4SendSynack } from "./tcpOutput.js";
import { tcpSetState } from "./tcpState.js";
import { sockDefWakeup } from "./wakeups.js";

/** Receive window the model advertises (tcp_select_initial_window for MSS 1460: 29200). */
export const RCV_WND = 29200;

/**
 * net/ipv4/tcp_input.c: tcp_conn_request, in the source's order: SYN queue full (or syncookies=2) →
 * tcp_syn_flood_action; accept queue full → ListenOverflows and drop; allocate the request; without
 * syncookies keep the last quarter of tcp_max_syn_backlog for proven peers; then either a cookie SYN-ACK
 * (request freed at once) or queue the request (rsk_timer, qlen++, young++) and send the SYN-ACK.
 * Every drop ends in tcp_listendrop (ListenDrops++).
 */
export function tcpConnRequest(sim: Sim, sk: Sock, seg: Segment): number {
  return traced(
    sim,
    sk.host,
    "tcp_conn_request",
    () =>
      `${describeSock(sk)} qlen=${sk.qlen} young=${sk.young} ack_backlog=${sk.ackBacklog} max=${sk.maxAckBacklog}`,
    () => {
      const sysctls = sk.host.sysctls;
      const syncookies = sysctls["net.ipv4.tcp_syncookies"];
      let wantCookie = false;
      // tcp_tw_isn is always 0: TIME_WAIT recycling is not modelled.
      if (syncookies === 2 || inetCskReqskQueueIsFull(sim, sk)) {
        wantCookie = tcpSynFloodAction(sim, sk, seg);
        if (!wantCookie) return drop(sim, sk, "SYN queue full (qlen >= sk_max_ack_backlog), no syncookies");
      }
      if (skAcceptqIsFull(sim, sk)) {
        count(sim, sk.host, "TcpExtListenOverflows");
        return drop(sim, sk, "accept queue full (sk_ack_backlog > sk_max_ack_backlog)");
      }
      const req = newRequestSock(sim, sk, seg);
      let isn: number;
      if (!wantCookie) {
        const maxSynBacklog = sysctls["net.ipv4.tcp_max_syn_backlog"];
        // tcp_peer_is_proven() is false here: dst is still NULL when tw_recycle is off.
        if (!syncookies && maxSynBacklog - sk.qlen < maxSynBacklog >> 2) {
          effect(sim, { kind: "state", sock: req.id, from: "TCP_NEW_SYN_RECV", to: "freed" });
          return drop(sim, sk, "last quarter of tcp_max_syn_backlog is kept for proven peers (pr_drop_req)");
        }
        isn = sim.rng.u32();
      } else {
        isn = cookieV4InitSequence(sim, sk, seg);
      }
      req.sntIsn = isn;
      if (!wantCookie) inetCskReqskQueueHashAdd(sim, sk, req, TCP_TIMEOUT_INIT);
      tcpV4SendSynack(sim, sk, req, wantCookie ? "cookie" : "normal", false);
      if (wantCookie) effect(sim, { kind: "state", sock: req.id, from: "TCP_NEW_SYN_RECV", to: "freed" });
      return 0;
    },
    (r) => String(r),
  );
}

function drop(sim: Sim, sk: Sock, reason: string): number {
  effect(sim, { kind: "drop", reason });
  // tcp_listendrop
  count(sim, sk.host, "TcpExtListenDrops");
  return 0;
}

/** net/ipv4/tcp_input.c: tcp_syn_flood_action — cookies if enabled, else drop; warn once per listener. */
function tcpSynFloodAction(sim: Sim, sk: Sock, seg: Segment): boolean {
  return traced(
    sim,
    sk.host,
    "tcp_syn_flood_action",
    () => describeSock(sk),
    () => {
      const syncookies = sk.host.sysctls["net.ipv4.tcp_syncookies"];
      const wantCookie = syncookies !== 0;
      count(sim, sk.host, wantCookie ? "TcpExtTCPReqQFullDoCookies" : "TcpExtTCPReqQFullDrop");
      if (!sk.synfloodWarned && syncookies !== 2) {
        sk.synfloodWarned = true;
        const msg = wantCookie ? "Sending cookies" : "Dropping request";
        printk(
          sim,
          sk.host,
          `TCP: request_sock_TCP: Possible SYN flooding on port ${seg.dport}. ${msg}.  Check SNMP counters.`,
        );
      }
      return wantCookie;
    },
    (w) => (w ? "true (want_cookie)" : "false"),
  );
}

/**
 * net/ipv4/tcp_input.c: tcp_rcv_state_process. Returns true when the caller must send a RST. Only the
 * states the handshake visits are modelled: CLOSE, LISTEN, SYN_SENT and SYN_RECV.
 */
export function tcpRcvStateProcess(sim: Sim, sk: Sock, seg: Segment): boolean {
  return traced(
    sim,
    sk.host,
    "tcp_rcv_state_process",
    () => `${describeSock(sk)} skb=${describeSegment(seg)}`,
    () => {
      switch (sk.state) {
        case "TCP_CLOSE":
          return false;
        case "TCP_LISTEN":
          if (seg.flags & TCPHDR_ACK) return true;
          if (seg.flags & TCPHDR_RST) return false;
          if (seg.flags & TCPHDR_SYN) {
            if (seg.flags & TCPHDR_FIN) return false;
            return tcpV4ConnRequest(sim, sk, seg) < 0;
          }
          return false;
        case "TCP_SYN_SENT": {
          const queued = tcpRcvSynsentStateProcess(sim, sk, seg);
          return queued > 0;
        }
        case "TCP_SYN_RECV":
          return synRecv(sim, sk, seg);
        default:
          throw new NotModelledError(
            `a segment for a ${sk.state} socket (${sk.id}): connection teardown is not modelled`,
          );
      }
    },
    (reset) => (reset ? "1 (send RST)" : "0"),
  );
}

/**
 * tcp_rcv_state_process in SYN_RECV — a child, or a connecting socket after crossed SYNs: a valid ACK moves it
 * to ESTABLISHED (net/ipv4/tcp_input.c:5946–5970).
 */
function synRecv(sim: Sim, sk: Sock, seg: Segment): boolean {
  if (!(seg.flags & (TCPHDR_ACK | TCPHDR_RST | TCPHDR_SYN))) return false;
  if (!tcpValidateIncoming(sim, sk, seg, false)) return false;
  // tcp_ack: acceptable when snd_una <= ack_seq <= snd_nxt.
  const acceptable = !before(seg.ack, sk.sndUna) && !after(seg.ack, sk.sndNxt);
  if (!acceptable) return true;
  const acksSyn = after(seg.ack, sk.sndUna);
  tcpSetState(sim, sk, "TCP_ESTABLISHED");
  sk.sndUna = seg.ack;
  if (sk.role === "client") {
    // The ACK covers the SYN: tcp_ack → tcp_rearm_rto stops the retransmit timer (nothing left in flight).
    if (acksSyn) clearXmitTimers(sim, sk);
    // :5970 sk_state_change wakes connect(); a passively opened child has no struct socket to wake.
    if (!sk.dead) sockDefWakeup(sim, sk);
  }
  queueData(sim, sk, seg);
  return false;
}

/**
 * net/ipv4/tcp_input.c: tcp_rcv_synsent_state_process. Returns 1 (caller sends RST), 0 (consumed or
 * discarded) or -1 (the SYN-ACK was processed; continue).
 */
function tcpRcvSynsentStateProcess(sim: Sim, sk: Sock, seg: Segment): number {
  return traced(
    sim,
    sk.host,
    "tcp_rcv_synsent_state_process",
    () => `${describeSock(sk)} skb=${describeSegment(seg)}`,
    () => {
      if (seg.flags & TCPHDR_ACK) {
        if (!after(seg.ack, sk.sndUna) || after(seg.ack, sk.sndNxt)) return 1; // reset_and_undo
        if (seg.flags & TCPHDR_RST) {
          tcpReset(sim, sk);
          return 0;
        }
        if (!(seg.flags & TCPHDR_SYN)) return 0; // discard_and_undo
        // tcp_ack: the SYN is acknowledged, so the retransmit timer stops (tcp_rearm_rto, packets_out 0).
        sk.sndUna = seg.ack;
        clearXmitTimers(sim, sk);
        sk.irs = seg.seq;
        sk.rcvNxt = (seg.seq + 1) >>> 0;
        tcpFinishConnect(sim, sk);
        // :5761–5778: TCP_DEFER_ACCEPT set on the connecting socket holds the ACK back for data to carry
        // it (the model's sends never wait for the connection, so sk_write_pending is 0; no pingpong yet).
        if (sk.deferAccept) {
          scheduleDelayedAck(sim, sk);
          return 0;
        }
        tcpSendAck(sim, sk);
        return -1;
      }
      if (seg.flags & TCPHDR_RST) return 0;
      if (seg.flags & TCPHDR_SYN) {
        // :5802–5834 crossed SYNs (or a connect to self): SYN_RECV, rcv_nxt past the peer's SYN, and our SYN
        // again with the ACK (tcp_send_synack); the segment is then discarded.
        tcpSetState(sim, sk, "TCP_SYN_RECV");
        sk.irs = seg.seq;
        sk.rcvNxt = (seg.seq + 1) >>> 0;
        tcpSendSynack(sim, sk);
      }
      return 0;
    },
    (r) => String(r),
  );
}

/** net/ipv4/tcp_input.c: tcp_finish_connect — ESTABLISHED, keepalive timer, wake the connect() waiter. */
function tcpFinishConnect(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "tcp_finish_connect",
    () => describeSock(sk),
    () => {
      tcpSetState(sim, sk, "TCP_ESTABLISHED");
      if (sk.keepalive) {
        // Armed at keepalive_time_when(tp) = 2 h; probes are not modelled.
        effect(sim, {
          kind: "timer",
          sock: sk.id,
          timer: "keepalive",
          action: "armed",
          expires: sim.now + 7_200_000,
        });
      }
      if (!sk.dead) sockDefWakeup(sim, sk);
    },
  );
}

/** net/ipv4/tcp_input.c: tcp_reset — the errno a RST leaves depends on the state, then tcp_done. */
export function tcpReset(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "tcp_reset",
    () => describeSock(sk),
    () => {
      let errno: string;
      switch (sk.state) {
        case "TCP_SYN_SENT":
          errno = "ECONNREFUSED";
          break;
        case "TCP_CLOSE_WAIT":
          errno = "EPIPE";
          break;
        case "TCP_CLOSE":
          return;
        default:
          errno = "ECONNRESET";
      }
      sk.err = errno;
      effect(sim, { kind: "error", sock: sk.id, errno });
      tcpDone(sim, sk);
    },
  );
}

/**
 * net/ipv4/tcp_input.c: tcp_rcv_established, slow path: validate, take the ACK, queue in-order data and
 * ACK it at once (a new connection is in quick-ack mode).
 */
export function tcpRcvEstablished(sim: Sim, sk: Sock, seg: Segment): void {
  traced(
    sim,
    sk.host,
    "tcp_rcv_established",
    () => `${describeSock(sk)} skb=${describeSegment(seg)}`,
    () => {
      if (!(seg.flags & (TCPHDR_ACK | TCPHDR_RST | TCPHDR_SYN))) return;
      if (!tcpValidateIncoming(sim, sk, seg, true)) return;
      if (after(seg.ack, sk.sndUna) && !after(seg.ack, sk.sndNxt)) sk.sndUna = seg.ack;
      queueData(sim, sk, seg);
    },
  );
}

function queueData(sim: Sim, sk: Sock, seg: Segment): void {
  if (seg.len === 0 || seg.seq !== sk.rcvNxt) return;
  const before = sk.rcvNxt;
  sk.rcvNxt = (sk.rcvNxt + seg.len) >>> 0;
  sk.bytesReceived += seg.len;
  effect(sim, { kind: "field", sock: sk.id, field: "rcv_nxt", value: [before, sk.rcvNxt] });
  tcpSendAck(sim, sk);
}

/**
 * net/ipv4/tcp_input.c: tcp_validate_incoming — sequence check (tcp_sequence), RST check (exact
 * rcv_nxt resets, else challenge ACK), and RFC 5961 4.2: any SYN here gets a challenge ACK.
 */
function tcpValidateIncoming(sim: Sim, sk: Sock, seg: Segment, synInerr: boolean): boolean {
  return traced(
    sim,
    sk.host,
    "tcp_validate_incoming",
    () => describeSock(sk),
    () => {
      // tcp_sequence: !before(end_seq, rcv_wup) && !after(seq, rcv_nxt + window); rcv_wup = rcv_nxt as
      // every segment is ACKed at once in the model.
      const inWindow = !before(endSeq(seg), sk.rcvNxt) && !after(seg.seq, (sk.rcvNxt + RCV_WND) >>> 0);
      if (!inWindow) {
        if (!(seg.flags & TCPHDR_RST)) {
          if (seg.flags & TCPHDR_SYN) return synChallenge(sim, sk, synInerr);
          if (!oowRateLimited(sim, sk, "TcpExtTCPACKSkippedSeq")) tcpSendAck(sim, sk);
        }
        return false;
      }
      if (seg.flags & TCPHDR_RST) {
        if (seg.seq === sk.rcvNxt) tcpReset(sim, sk);
        else tcpSendChallengeAck(sim, sk);
        return false;
      }
      if (seg.flags & TCPHDR_SYN) return synChallenge(sim, sk, synInerr);
      return true;
    },
    (ok) => (ok ? "true" : "false"),
  );
}

function synChallenge(sim: Sim, sk: Sock, synInerr: boolean): false {
  if (synInerr) count(sim, sk.host, "TcpInErrs");
  count(sim, sk.host, "TcpExtTCPSYNChallenge");
  tcpSendChallengeAck(sim, sk);
  return false;
}

/** net/ipv4/tcp_input.c: __tcp_oow_rate_limited — at most one such ACK per tcp_invalid_ratelimit. */
export function oowRateLimited(
  sim: Sim,
  sk: { lastOowAckTime: number; host: Sock["host"] },
  mib: "TcpExtTCPACKSkippedSeq" | "TcpExtTCPACKSkippedChallenge" | "TcpExtTCPACKSkippedSynRecv",
): boolean {
  const elapsed = sim.now - sk.lastOowAckTime;
  if (elapsed >= 0 && elapsed < TCP_INVALID_RATELIMIT) {
    count(sim, sk.host, mib);
    return true;
  }
  sk.lastOowAckTime = sim.now;
  return false;
}

/**
 * net/ipv4/tcp_input.c: tcp_send_challenge_ack — per-socket rate limit, then the host-wide RFC 5961
 * limit (sysctl_tcp_challenge_ack_limit, about 1000/s: never reached by the model's scenarios).
 */
function tcpSendChallengeAck(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "tcp_send_challenge_ack",
    () => describeSock(sk),
    () => {
      if (oowRateLimited(sim, sk, "TcpExtTCPACKSkippedChallenge")) return;
      count(sim, sk.host, "TcpExtTCPChallengeACK");
      tcpSendAck(sim, sk);
    },
  );
}

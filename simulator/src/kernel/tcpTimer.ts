// The client's SYN retransmit timer (net/ipv4/tcp_timer.c). Only SYN_SENT sockets have something to
// retransmit in this model: data is not retransmitted.
import { TCP_RTO_MAX, TCP_TIMEOUT_INIT } from "./constants.js";
import { count, traced, type Sim } from "./sim.js";
import { describeSock, type RequestSock, type Sock } from "./sock.js";
import { tcpDone } from "./tcpClose.js";
import { resetRetransTimer, sendSyn, tcpSendAck } from "./tcpOutput.js";
import { effect } from "./sim.js";

/** net/ipv4/tcp_timer.c: tcp_retransmit_timer, for a connecting socket: SYN_SENT, or SYN_RECV after crossed
 * SYNs, where the head of its write queue is the SYN-ACK. */
export function tcpRetransmitTimer(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "tcp_retransmit_timer",
    () => describeSock(sk),
    () => {
      if (sk.state !== "TCP_SYN_SENT" && sk.state !== "TCP_SYN_RECV") return;
      if (tcpWriteTimeout(sim, sk)) return;
      // icsk_retransmits == 0: first timeout of this episode, counted as TCPTimeouts (ca_state Open).
      if (sk.retransmits === 0) count(sim, sk.host, "TcpExtTCPTimeouts");
      sendSyn(sim, sk, "tcp_retransmit_timer");
      const before = sk.retransmits;
      sk.retransmits++;
      effect(sim, { kind: "field", sock: sk.id, field: "icsk_retransmits", value: [before, sk.retransmits] });
      // out_reset_timer: exponential backoff, icsk_rto = min(icsk_rto << 1, TCP_RTO_MAX).
      sk.rto = Math.min(sk.rto * 2, TCP_RTO_MAX);
      resetRetransTimer(sim, sk, sk.rto);
    },
  );
}

/**
 * net/ipv4/tcp_timer.c: tcp_delack_timer → tcp_delack_timer_handler — the held-back ACK goes out now
 * (tcp_send_ack, :284), unless the socket is CLOSE or LISTEN by then (:252). TcpExtDelayedACKs, which v4.11
 * counts here, is not among the model's counters.
 */
export function tcpDelackTimer(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "tcp_delack_timer",
    () => describeSock(sk),
    () => {
      if (sk.state === "TCP_CLOSE" || sk.state === "TCP_LISTEN") return;
      tcpSendAck(sim, sk);
    },
  );
}

/**
 * net/ipv4/tcp_timer.c: retransmits_timed_out — with timeout 0 the limit is the time the exponential
 * schedule takes: ((2 << boundary) - 1) * rto_base up to the linear threshold, then TCP_RTO_MAX steps. A pure
 * decision, traced where tcp_write_timeout calls it.
 */
export function retransmitsTimedOut(sk: Sock, boundary: number, now: number): boolean {
  if (!sk.retransmits) return false;
  const rtoBase = TCP_TIMEOUT_INIT;
  const linearBackoffThresh = Math.floor(Math.log2(TCP_RTO_MAX / rtoBase));
  const timeout =
    boundary <= linearBackoffThresh
      ? ((2 << boundary) - 1) * rtoBase
      : ((2 << linearBackoffThresh) - 1) * rtoBase + (boundary - linearBackoffThresh) * TCP_RTO_MAX;
  return now - sk.retransStamp >= timeout;
}

/** net/ipv4/tcp_timer.c: tcp_write_timeout — in SYN_SENT and SYN_RECV, retry_until = tcp_syn_retries (:187–199). */
function tcpWriteTimeout(sim: Sim, sk: Sock): boolean {
  return traced(
    sim,
    sk.host,
    "tcp_write_timeout",
    () => `${describeSock(sk)} retransmits=${sk.retransmits}`,
    () => {
      const retryUntil = sk.host.sysctls["net.ipv4.tcp_syn_retries"];
      const timedOut = traced(
        sim,
        sk.host,
        "retransmits_timed_out",
        () =>
          `${describeSock(sk)} boundary=${retryUntil} icsk_retransmits=${sk.retransmits} retrans_stamp=${sk.retransStamp}`,
        () => retransmitsTimedOut(sk, retryUntil, sim.now),
        String,
      );
      if (!timedOut) return false;
      // tcp_write_err: sk_err = ETIMEDOUT, sk_error_report, tcp_done, TCPAbortOnTimeout.
      sk.err = "ETIMEDOUT";
      effect(sim, { kind: "error", sock: sk.id, errno: "ETIMEDOUT" });
      tcpDone(sim, sk);
      count(sim, sk.host, "TcpExtTCPAbortOnTimeout");
      return true;
    },
    (gaveUp) => (gaveUp ? "1" : "0"),
  );
}

/** net/ipv4/tcp_timer.c: tcp_syn_ack_timeout — a request sock's SYN-ACK timer fired: TCPTimeouts. */
export function tcpSynAckTimeout(sim: Sim, req: RequestSock): void {
  traced(
    sim,
    req.host,
    "tcp_syn_ack_timeout",
    () => describeSock(req),
    () => count(sim, req.host, "TcpExtTCPTimeouts"),
  );
}

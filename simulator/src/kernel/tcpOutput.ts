// Segments the model sends (net/ipv4/tcp_output.c, tcp_ipv4.c): SYN, SYN-ACK, ACK and RST.
import { TCP_DELACK_MAX, TCP_TIMEOUT_INIT } from "./constants.js";
import type { Host } from "./host.js";
import { transmit, type SendMeta } from "./link.js";
import {
  TCPHDR_ACK,
  TCPHDR_PSH,
  TCPHDR_RST,
  TCPHDR_SYN,
  describeSegment,
  endSeq,
  segmentFrom,
  type Segment,
} from "./segment.js";
import { at, cancel, count, effect, kept, traced, type Sim } from "./sim.js";
import { describeSock, type RequestSock, type Sock } from "./sock.js";
import { tcpDelackTimer, tcpRetransmitTimer } from "./tcpTimer.js";

function send(sim: Sim, host: Host | undefined, fields: Omit<Segment, "packet">, meta: SendMeta): void {
  const id = transmit(sim, host, fields, meta);
  if (sim.tracing)
    effect(sim, { kind: "send", packet: id, summary: kept(sim, describeSegment({ ...fields, packet: id })) });
}

/** The connection timers the model keeps on a socket (ICSK_TIME_RETRANS, ICSK_TIME_DACK) and their fields. */
type XmitTimer = "retransmit" | "delack";
const XMIT_TIMER_FIELD = { retransmit: "retransTimer", delack: "delackTimer" } as const;

/** include/net/inet_connection_sock.h: inet_csk_reset_xmit_timer — (re)arm one timer to run `expire`. */
function resetXmitTimer(sim: Sim, sk: Sock, timer: XmitTimer, when: number, expire: () => void): void {
  const field = XMIT_TIMER_FIELD[timer];
  cancel(sk[field]);
  const expires = sim.now + when;
  sk[field] = at(sim, expires, () => {
    sk[field] = undefined;
    expire();
  });
  effect(sim, { kind: "timer", sock: sk.id, timer, action: "armed", expires });
}

/** include/net/inet_connection_sock.h: inet_csk_clear_xmit_timer — stop one timer if it is armed. */
export function clearXmitTimer(sim: Sim, sk: Sock, timer: XmitTimer): void {
  const field = XMIT_TIMER_FIELD[timer];
  if (!sk[field]) return;
  cancel(sk[field]);
  sk[field] = undefined;
  effect(sim, { kind: "timer", sock: sk.id, timer, action: "cancelled" });
}

/** Arm ICSK_TIME_RETRANS to run tcp_retransmit_timer. */
export function resetRetransTimer(sim: Sim, sk: Sock, when: number): void {
  resetXmitTimer(sim, sk, "retransmit", when, () => tcpRetransmitTimer(sim, sk));
}

/**
 * inet_csk_reset_xmit_timer(sk, ICSK_TIME_DACK, TCP_DELACK_MAX, …) after inet_csk_schedule_ack: the ACK waits
 * for data to carry it, or for tcp_delack_timer (net/ipv4/tcp_input.c:5771–5774).
 */
export function scheduleDelayedAck(sim: Sim, sk: Sock): void {
  resetXmitTimer(sim, sk, "delack", TCP_DELACK_MAX, () => tcpDelackTimer(sim, sk));
}

/** net/ipv4/tcp_output.c: tcp_connect — send the SYN (seq = ISN), TcpActiveOpens, arm the retransmit timer. */
export function tcpConnect(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "tcp_connect",
    () => describeSock(sk),
    () => {
      sk.sndUna = sk.iss;
      sk.sndNxt = (sk.iss + 1) >>> 0;
      sk.retransStamp = sim.now;
      sk.rto = TCP_TIMEOUT_INIT;
      sk.retransmits = 0;
      sendSyn(sim, sk, "tcp_connect");
      count(sim, sk.host, "TcpActiveOpens");
      resetRetransTimer(sim, sk, sk.rto);
    },
  );
}

/** The connecting socket's SYN, from its write queue; after a crossed SYN (SYN_RECV) it carries the ACK
 * tcp_send_synack added to it. `by` is who sends it: tcp_connect first, then a retransmission or that. */
export function sendSyn(
  sim: Sim,
  sk: Sock,
  by: "tcp_connect" | "tcp_retransmit_timer" | "tcp_send_synack",
): void {
  const retransmit = by === "tcp_retransmit_timer";
  const synAck = sk.state === "TCP_SYN_RECV";
  send(
    sim,
    sk.host,
    segmentFrom(sk, {
      seq: sk.iss,
      ack: synAck ? sk.rcvNxt : 0,
      flags: synAck ? TCPHDR_SYN | TCPHDR_ACK : TCPHDR_SYN,
      len: 0,
    }),
    // net/ipv4/tcp_output.c: tcp_transmit_skb counts OUTSEGS only when end_seq is after snd_nxt (or
    // the segment has no sequence space): only tcp_connect's first SYN is (snd_nxt is isn + 1 after it).
    { by, retransmit, outSegs: by === "tcp_connect" },
  );
}

/**
 * net/ipv4/tcp_output.c: tcp_send_synack — a simultaneous open: the SYN at the head of the write queue gets
 * the ACK flag (:3055) and goes out again with tcp_transmit_skb (:3058), which neither counts it as a
 * retransmission nor, its end_seq being snd_nxt already, in TcpOutSegs.
 */
export function tcpSendSynack(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "tcp_send_synack",
    () => describeSock(sk),
    () => sendSyn(sim, sk, "tcp_send_synack"),
  );
}

/** net/ipv4/tcp_ipv4.c: tcp_v4_send_synack — SYN-ACK with seq = snt_isn, ack = rcv_isn + 1. */
export function tcpV4SendSynack(
  sim: Sim,
  sk: Sock,
  req: RequestSock,
  kind: "normal" | "cookie",
  retransmit: boolean,
): void {
  traced(
    sim,
    sk.host,
    "tcp_v4_send_synack",
    () => `${describeSock(req)} ${kind === "cookie" ? "TCP_SYNACK_COOKIE" : "TCP_SYNACK_NORMAL"}`,
    () => {
      send(
        sim,
        sk.host,
        segmentFrom(req, {
          seq: req.sntIsn,
          ack: (req.rcvIsn + 1) >>> 0,
          flags: TCPHDR_SYN | TCPHDR_ACK,
          len: 0,
        }),
        { by: "tcp_v4_send_synack", cookie: kind === "cookie", retransmit },
      );
    },
  );
}

/** net/ipv4/tcp_output.c: tcp_rtx_synack — resend the SYN-ACK, TcpRetransSegs on success. */
export function tcpRtxSynack(sim: Sim, sk: Sock, req: RequestSock): void {
  traced(
    sim,
    sk.host,
    "tcp_rtx_synack",
    () => describeSock(req),
    () => tcpV4SendSynack(sim, sk, req, "normal", true),
  );
}

/** net/ipv4/tcp_output.c: tcp_send_ack — a pure ACK of rcv_nxt. */
export function tcpSendAck(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "tcp_send_ack",
    () => describeSock(sk),
    () => {
      send(
        sim,
        sk.host,
        segmentFrom(sk, {
          seq: sk.sndNxt,
          ack: sk.rcvNxt,
          flags: TCPHDR_ACK,
          len: 0,
        }),
        { by: "tcp_send_ack" },
      );
      // tcp_event_ack_sent → inet_csk_clear_xmit_timer(sk, ICSK_TIME_DACK): the ACK went out.
      clearXmitTimer(sim, sk, "delack");
    },
  );
}

/** Data from tcp_sendmsg: one PSH-ACK segment (no segmentation, no retransmission of data). */
export function sendData(sim: Sim, sk: Sock, bytes: number): void {
  send(
    sim,
    sk.host,
    segmentFrom(sk, {
      seq: sk.sndNxt,
      ack: sk.rcvNxt,
      flags: TCPHDR_ACK | TCPHDR_PSH,
      len: bytes,
    }),
    { by: "tcp_sendmsg" },
  );
  sk.sndNxt = (sk.sndNxt + bytes) >>> 0;
  clearXmitTimer(sim, sk, "delack");
}

/**
 * net/ipv4/tcp_ipv4.c: tcp_v4_send_reset — never answer a RST; with ACK set, seq = its ack_seq, else
 * ACK its seq + SYN + FIN + payload.
 */
export function tcpV4SendReset(sim: Sim, host: Host, seg: Segment): void {
  traced(
    sim,
    host,
    "tcp_v4_send_reset",
    () => `skb=${describeSegment(seg)}`,
    () => {
      if (seg.flags & TCPHDR_RST) return;
      const hasAck = (seg.flags & TCPHDR_ACK) !== 0;
      send(
        sim,
        host,
        {
          saddr: seg.daddr,
          sport: seg.dport,
          daddr: seg.saddr,
          dport: seg.sport,
          seq: hasAck ? seg.ack : 0,
          ack: hasAck ? 0 : endSeq(seg),
          flags: hasAck ? TCPHDR_RST : TCPHDR_RST | TCPHDR_ACK,
          len: 0,
        },
        { by: "tcp_v4_send_reset" },
      );
      count(sim, host, "TcpOutRsts");
    },
  );
}

/** net/ipv4/tcp_output.c: tcp_send_active_reset — RST-ACK from an aborted socket. */
export function tcpSendActiveReset(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "tcp_send_active_reset",
    () => describeSock(sk),
    () => {
      count(sim, sk.host, "TcpOutRsts");
      send(
        sim,
        sk.host,
        segmentFrom(sk, {
          seq: sk.sndNxt,
          ack: sk.rcvNxt,
          flags: TCPHDR_RST | TCPHDR_ACK,
          len: 0,
        }),
        { by: "tcp_send_active_reset" },
      );
    },
  );
}

// The window field of a segment the simulated host sends, for the segments where v4.11 fixes it from the
// defaults alone (the model's segments carry no window): SYN, SYN-ACK and the RST of tcp_v4_send_reset.
// Other segments use tcp_select_window, which depends on window scaling (not modelled): undefined.
import type { PacketRecord } from "../runResult.js";

/** Route MSS of a 1500-byte MTU (dst_metric_advmss) and TCPOLEN_TSTAMP_ALIGNED. */
const ADVMSS = 1460;
const TCPOLEN_TSTAMP_ALIGNED = 12;

/**
 * net/ipv4/tcp_output.c: tcp_default_init_rwnd — TCP_INIT_CWND * 2 segments, fewer for mss > 1460 — as
 * used by tcp_select_initial_window, which takes min(space rounded to mss, init_rwnd * mss); the default
 * tcp_rmem[1] (87380) gives tcp_full_space 43690, larger than 20 * 1460, so the init_rwnd term wins.
 */
function initialWindow(mss: number): number {
  const initRwnd = mss > 1460 ? Math.max(Math.floor((1460 * 20) / mss), 2) : 20;
  const space = Math.floor(43690 / mss) * mss;
  return Math.min(space, initRwnd * mss);
}

/**
 * The window the model's segment would carry, or undefined when v4.11 computes it from state the model
 * does not keep. `peerTimestamps`: the SYN being answered carried a TS option (tstamp_ok, as
 * net.ipv4.tcp_timestamps defaults to 1).
 */
export function advertisedWindow(pkt: PacketRecord, peerTimestamps: boolean): number | undefined {
  const syn = pkt.flags.includes("SYN");
  const ack = pkt.flags.includes("ACK");
  // net/ipv4/tcp_ipv4.c: tcp_v4_send_reset zeroes the reply header and never sets th->window.
  if (pkt.by === "tcp_v4_send_reset") return 0;
  // net/ipv4/tcp_output.c: tcp_transmit_skb — a SYN carries min(tp->rcv_wnd, 65535) unscaled; rcv_wnd
  // comes from tcp_connect_init → tcp_select_initial_window(tcp_full_space(sk), advmss, …) (no
  // timestamp allowance yet: ts_recent_stamp is 0 on a new socket).
  if (syn && !ack) return Math.min(initialWindow(ADVMSS), 65535);
  // net/ipv4/tcp_output.c: tcp_make_synack — min(req->rsk_rcv_wnd, 65535), rsk_rcv_wnd from
  // net/ipv4/tcp_minisocks.c: tcp_openreq_init_rwin with mss - TCPOLEN_TSTAMP_ALIGNED if tstamp_ok.
  if (syn && ack)
    return Math.min(initialWindow(ADVMSS - (peerTimestamps ? TCPOLEN_TSTAMP_ALIGNED : 0)), 65535);
  return undefined;
}

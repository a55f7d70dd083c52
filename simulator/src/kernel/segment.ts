// A TCP segment on the simulated wire. Flags are a bitmask like tcp_flag_byte(th); sequence numbers are u32.

export const TCPHDR_FIN = 0x01;
export const TCPHDR_SYN = 0x02;
export const TCPHDR_RST = 0x04;
export const TCPHDR_PSH = 0x08;
export const TCPHDR_ACK = 0x10;

export interface Segment {
  saddr: string;
  sport: number;
  daddr: string;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  /** Payload bytes. */
  len: number;
  /** Index of the PacketRecord describing this segment. */
  packet: number;
}

/** A connection's four-tuple as a socket or request sock holds it: its own address and port first. */
export interface Endpoints {
  laddr: string;
  lport: number;
  raddr: string;
  rport: number;
}

/** A segment `from` sends: from its own address and port to its peer's. */
export function segmentFrom(
  from: Endpoints,
  header: Pick<Segment, "seq" | "ack" | "flags" | "len">,
): Omit<Segment, "packet"> {
  return { saddr: from.laddr, sport: from.lport, daddr: from.raddr, dport: from.rport, ...header };
}

/** TCP_SKB_CB(skb)->end_seq: SYN and FIN take one sequence number each. */
export function endSeq(seg: Segment): number {
  return (seg.seq + seg.len + (seg.flags & TCPHDR_SYN ? 1 : 0) + (seg.flags & TCPHDR_FIN ? 1 : 0)) >>> 0;
}

/** include/net/tcp.h: before(seq1, seq2), modulo 2^32. */
export function before(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

export function after(a: number, b: number): boolean {
  return before(b, a);
}

export function flagNames(flags: number): ("SYN" | "ACK" | "RST" | "FIN" | "PSH")[] {
  const names: ("SYN" | "ACK" | "RST" | "FIN" | "PSH")[] = [];
  if (flags & TCPHDR_SYN) names.push("SYN");
  if (flags & TCPHDR_RST) names.push("RST");
  if (flags & TCPHDR_FIN) names.push("FIN");
  if (flags & TCPHDR_PSH) names.push("PSH");
  if (flags & TCPHDR_ACK) names.push("ACK");
  return names;
}

/** tcpdump-like name: SYN, SYN-ACK, ACK, RST, RST-ACK, PSH-ACK. */
export function flagLabel(flags: number): string {
  return flagNames(flags).join("-") || "none";
}

export function describeSegment(seg: Segment): string {
  const data = seg.len ? ` len=${seg.len}` : "";
  const ack = seg.flags & TCPHDR_ACK ? ` ack=${seg.ack}` : "";
  return `${flagLabel(seg.flags)} ${seg.saddr}:${seg.sport}→${seg.daddr}:${seg.dport} seq=${seg.seq}${ack}${data}`;
}

// The wire between hosts: a fixed one-way delay plus scenario rules that drop or delay chosen segments
// ("drop the client's first pure ACK", "drop all SYN-ACKs for 2 s"). Addresses no host owns are unroutable.
import type { FlagMatch, LinkRule, LinkSpec } from "../scenario/types.js";
import type { PacketRecord } from "../runResult.js";
import type { Host } from "./host.js";
import { TCPHDR_ACK, TCPHDR_FIN, TCPHDR_RST, TCPHDR_SYN, flagNames, type Segment } from "./segment.js";
import { at, count, kept, type Sim } from "./sim.js";

export interface LinkState {
  delay: number;
  rules: { rule: LinkRule; matched: number }[];
  /** Packets sent so far (ids are assigned even when records are not kept). */
  sent: number;
  /** tcp_v4_rcv of the receiving host; set by the run so the wire does not import the TCP layer. */
  receive: (sim: Sim, host: Host, seg: Segment) => void;
}

export function newLink(spec: LinkSpec, receive: LinkState["receive"]): LinkState {
  return { delay: spec.delay, rules: spec.rules.map((rule) => ({ rule, matched: 0 })), sent: 0, receive };
}

export interface SendMeta {
  /** Traced function that sent it. */
  by: string;
  cookie?: boolean;
  retransmit?: boolean;
  /** False for a segment TCP_MIB_OUTSEGS does not count. */
  outSegs?: boolean;
}

/** ip_queue_xmit / ip_build_and_send_pkt, then the wire. Returns the packet id. */
export function transmit(
  sim: Sim,
  from: Host | undefined,
  fields: Omit<Segment, "packet">,
  meta: SendMeta,
): number {
  const link = sim.link;
  const id = link.sent++;
  const seg: Segment = { ...fields, packet: id };
  const dest = sim.hostsByAddr.get(seg.daddr);
  if (from && meta.outSegs !== false) count(sim, from, "TcpOutSegs");
  if (meta.retransmit && from) count(sim, from, "TcpRetransSegs");

  let fate: PacketRecord["fate"] = dest ? "in-flight" : "unroutable";
  let extra = 0;
  let ruleIndex: number | undefined;
  const fromName = from?.name ?? "(spoofed)";
  const toName = dest?.name ?? seg.daddr;
  for (let i = 0; i < link.rules.length; i++) {
    const r = link.rules[i]!;
    if (!ruleMatches(r.rule, fromName, toName, seg, sim.now)) continue;
    r.matched++;
    if (r.rule.nth !== undefined && r.matched !== r.rule.nth) continue;
    if (r.rule.count !== undefined && r.matched > r.rule.count) continue;
    ruleIndex = i;
    if (r.rule.action === "drop") fate = "dropped";
    else extra = r.rule.by ?? 0;
    break;
  }

  let record: PacketRecord | undefined;
  if (sim.tracing) {
    record = {
      id,
      sent: sim.now,
      from: fromName,
      to: toName,
      src: kept(sim, `${seg.saddr}:${seg.sport}`),
      dst: kept(sim, `${seg.daddr}:${seg.dport}`),
      flags: flagNames(seg.flags),
      seq: seg.seq,
      ack: seg.ack,
      len: seg.len,
      fate,
      by: meta.by,
    };
    if (ruleIndex !== undefined) record.rule = ruleIndex;
    if (meta.cookie) record.cookie = true;
    if (meta.retransmit) record.retransmit = true;
    sim.packets.push(record);
  }
  if (dest && fate === "in-flight") {
    at(sim, sim.now + link.delay + extra, () => {
      if (record) {
        record.fate = "delivered";
        record.arrived = sim.now;
      }
      link.receive(sim, dest, seg);
    });
  }
  return id;
}

function ruleMatches(rule: LinkRule, from: string, to: string, seg: Segment, now: number): boolean {
  if (rule.from !== undefined && rule.from !== from) return false;
  if (rule.to !== undefined && rule.to !== to) return false;
  if (rule.after !== undefined && now < rule.after) return false;
  if (rule.before !== undefined && now >= rule.before) return false;
  return flagsMatch(rule.flags, seg);
}

function flagsMatch(match: FlagMatch, seg: Segment): boolean {
  const f = seg.flags & (TCPHDR_SYN | TCPHDR_ACK | TCPHDR_RST | TCPHDR_FIN);
  switch (match) {
    case "ANY":
      return true;
    case "SYN":
      return f === TCPHDR_SYN;
    case "SYN-ACK":
      return f === (TCPHDR_SYN | TCPHDR_ACK);
    case "ACK":
      return f === TCPHDR_ACK && seg.len === 0;
    case "RST":
      return f === TCPHDR_RST;
    case "RST-ACK":
      return f === (TCPHDR_RST | TCPHDR_ACK);
    case "DATA":
      return seg.len > 0;
  }
}

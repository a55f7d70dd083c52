// The run view's content as HTML/SVG strings, from a run and a selected trace event. Pure: no DOM, no VS Code,
// so the webview script, the extension and the tests all use the same code. Every string taken from the run
// goes through escapeHtml (scenario files come from the workspace and may hold markup).
//
// The simulator's pure helpers are imported from its sources, not from the package entry: the entry also
// exports the YAML/ajv scenario loader and node:fs, which must not end up in the browser bundle.
import type { PacketRecord, RunResult, TcpStateName, TraceEvent } from "../../../simulator/src/runResult.js";
import {
  countersAt,
  listenersAt,
  socketStatesAt,
  subtreeEffects,
} from "../../../simulator/src/runQueries.js";
import { formatEffect } from "../../../simulator/src/report/traceText.js";
import { formatMs, kernelState } from "../../../simulator/src/report/format.js";
import type { TraceDetail } from "./messages.js";

export interface RenderOptions {
  detail?: TraceDetail;
  /** The sequence diagram shows at most this many packets, around the selected time. */
  maxPackets?: number;
  /** The socket table shows at most this many rows. */
  maxSockets?: number;
}

export interface RunViewParts {
  header: string;
  diagram: string;
  gauges: string;
  sockets: string;
  events: string;
}

const DEFAULT_MAX_PACKETS = 300;
const DEFAULT_MAX_SOCKETS = 64;
/** Deeper calls are indented as this depth (the style sheet has one rule per depth). */
export const MAX_INDENT_DEPTH = 24;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;",
  );
}

/** The selected event as an index into run.events: -1 (the server's "the end") and out-of-range clamp. */
export function clampSelection(run: RunResult, selected: number): number {
  const last = run.events.length - 1;
  if (last < 0) return -1;
  if (selected < 0 || selected > last) return last;
  return Math.floor(selected);
}

/** Everything the view shows for one selected event. */
export function renderRunView(run: RunResult, selected: number, options: RenderOptions = {}): RunViewParts {
  const sel = clampSelection(run, selected);
  return {
    header: renderHeader(run, sel),
    diagram: renderSequenceDiagram(run, sel, options),
    gauges: renderGauges(run, sel),
    sockets: renderSocketTable(run, sel, options),
    events: renderEventList(run, sel, 0, run.events.length, options),
  };
}

/** Virtual time of the selected event (0 before any event). */
function selectedTime(run: RunResult, sel: number): number {
  return run.events[sel]?.t ?? 0;
}

export function renderHeader(run: RunResult, sel: number): string {
  const ev = run.events[sel];
  const params = Object.entries(run.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  const stop =
    run.stop.reason === "event-cap"
      ? `stopped by the event cap at ${formatMs(run.stop.t)} ms`
      : run.stop.reason === "stop-condition"
        ? `stopped at ${formatMs(run.stop.t)} ms (run to here)`
        : `ran to ${formatMs(run.stop.t)} ms`;
  const where = ev
    ? `<span class="pos">event <b data-testid="event-index">${sel + 1}</b>/${run.events.length}</span>` +
      ` <span class="time">t = <b data-testid="event-time">${formatMs(ev.t)}</b> ms</span>` +
      ` <span class="host">${escapeHtml(ev.host)}</span> <code class="fn">${escapeHtml(ev.fn)}()</code>`
    : `<span class="pos">no trace events</span>`;
  return (
    `<h1><span class="scenario">${escapeHtml(run.scenario)}</span>` +
    (params ? ` <span class="params">${escapeHtml(params)}</span>` : "") +
    `</h1>` +
    `<p class="meta">Linux v${escapeHtml(run.kernel)} model · seed ${run.seed} · ${escapeHtml(stop)}` +
    (run.stop.message ? ` · ${escapeHtml(run.stop.message)}` : "") +
    `</p><p class="where">${where}</p>`
  );
}

// ---------------------------------------------------------------------------------------------------------
// Queue gauges

const GAUGE_WIDTH = 220;
const GAUGE_HEIGHT = 14;

function gaugeBar(kind: string, value: number, limit: number, extra = ""): string {
  const w = (n: number) => (limit > 0 ? Math.round((Math.min(n, limit) / limit) * GAUGE_WIDTH) : 0);
  // One tick per slot while they are few enough to tell apart.
  const ticks =
    limit > 1 && limit <= 64
      ? Array.from({ length: limit - 1 }, (_, i) => {
          const x = Math.round(((i + 1) / limit) * GAUGE_WIDTH);
          return `<line class="tick" x1="${x}" x2="${x}" y1="0" y2="${GAUGE_HEIGHT}"/>`;
        }).join("")
      : "";
  return (
    `<svg class="bar" width="${GAUGE_WIDTH}" height="${GAUGE_HEIGHT}" viewBox="0 0 ${GAUGE_WIDTH} ${GAUGE_HEIGHT}" ` +
    `preserveAspectRatio="none" role="meter" aria-label="${kind}" aria-valuemin="0" aria-valuemax="${limit}" aria-valuenow="${value}">` +
    `<rect class="track" x="0" y="0" width="${GAUGE_WIDTH}" height="${GAUGE_HEIGHT}"/>` +
    `<rect class="fill" x="0" y="0" width="${w(value)}" height="${GAUGE_HEIGHT}"/>` +
    extra.replace(/\{w:(\d+)\}/g, (_, n: string) => String(w(Number(n)))) +
    ticks +
    `<rect class="frame" x="0.5" y="0.5" width="${GAUGE_WIDTH - 1}" height="${GAUGE_HEIGHT - 1}"/>` +
    `</svg>`
  );
}

export function renderGauges(run: RunResult, sel: number): string {
  const listeners = listenersAt(run, sel + 1);
  if (listeners.size === 0) return `<p class="empty">No listening socket at this point of the run.</p>`;
  const parts: string[] = [];
  for (const l of listeners.values()) {
    const info = run.final.listeners.find((f) => f.id === l.id);
    const acceptLimit = l.max + 1;
    const synFull = l.qlen >= l.max && l.max > 0;
    const acceptFull = l.ackBacklog > l.max;
    const title = info ? `${info.host}:${info.port}` : l.id;
    parts.push(
      `<section class="listener" data-listener="${escapeHtml(l.id)}">` +
        `<h3>${escapeHtml(title)} <span class="sockid">${escapeHtml(l.id)}</span> ` +
        `<span class="backlog">sk_max_ack_backlog ${l.max}</span></h3>` +
        `<div class="gauge${synFull ? " full" : ""}" data-gauge="synq">` +
        `<span class="label">SYN queue</span>` +
        gaugeBar(
          "SYN queue",
          l.qlen,
          l.max,
          `<rect class="young" x="0" y="${GAUGE_HEIGHT - 4}" width="{w:${l.young}}" height="4"/>`,
        ) +
        `<span class="value" data-testid="synq-value">${l.qlen}/${l.max}</span>` +
        `<span class="note">young ${l.young} · qlen ≥ backlog drops SYNs</span></div>` +
        `<div class="gauge${acceptFull ? " full" : ""}" data-gauge="acceptq">` +
        `<span class="label">Accept queue</span>` +
        gaugeBar("Accept queue", l.ackBacklog, acceptLimit) +
        `<span class="value" data-testid="acceptq-value">${l.ackBacklog}/${acceptLimit}</span>` +
        `<span class="note">${acceptFull ? "full: " : ""}holds backlog + 1 (ack_backlog &gt; backlog is full)</span>` +
        `</div></section>`,
    );
  }
  return parts.join("") + renderCounters(run, sel);
}

/** The counters that tell what happened to connection requests (TcpExt*), not the segment tallies. */
const COUNTER_PATTERN = /^TcpExt|^Tcp(AttemptFails|EstabResets|OutRsts|RetransSegs)$/;

function renderCounters(run: RunResult, sel: number): string {
  const counters = countersAt(run, sel + 1);
  const changed = new Set<string>();
  const ev = run.events[sel];
  for (const e of ev?.effects ?? []) if (e.kind === "counter") changed.add(`${ev!.host}/${e.name}`);
  const rows: string[] = [];
  for (const [host, values] of counters) {
    for (const [name, value] of values) {
      if (value === 0 || !COUNTER_PATTERN.test(name)) continue;
      rows.push(
        `<tr class="${changed.has(`${host}/${name}`) ? "changed" : ""}"><td>${escapeHtml(host)}</td>` +
          `<td class="counter">${escapeHtml(name)}</td><td class="num">${value}</td></tr>`,
      );
    }
  }
  if (rows.length === 0) return "";
  return (
    `<table class="counters"><caption>Counters (nstat)</caption>` +
    `<thead><tr><th>host</th><th>counter</th><th class="num">value</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
  );
}

// ---------------------------------------------------------------------------------------------------------
// Socket table

export function renderSocketTable(run: RunResult, sel: number, options: RenderOptions = {}): string {
  const states = socketStatesAt(run, sel + 1);
  if (states.size === 0) return `<p class="empty">No sockets yet.</p>`;
  const changed = new Set<string>();
  for (const e of run.events[sel]?.effects ?? []) if (e.kind === "state") changed.add(e.sock);
  const known = new Map(run.final.sockets.map((s) => [s.id, s]));
  const max = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  const rows: string[] = [];
  for (const [id, state] of states) {
    if (rows.length >= max) break;
    const snap = known.get(id);
    const host = snap?.host ?? id.split(":")[0] ?? "";
    rows.push(
      `<tr class="${changed.has(id) ? "changed" : ""}" data-sock="${escapeHtml(id)}">` +
        `<td>${escapeHtml(host)}</td><td class="sockid">${escapeHtml(id)}</td>` +
        `<td class="state state-${stateClass(state)}">${escapeHtml(state)}</td>` +
        `<td>${escapeHtml(snap?.local ?? "")}</td><td>${escapeHtml(snap?.remote ?? "")}</td>` +
        `<td>${escapeHtml(snap?.role ?? (id.includes(":req") ? "request" : ""))}</td></tr>`,
    );
  }
  const more = states.size > rows.length ? `<p class="more">… ${states.size - rows.length} more</p>` : "";
  return (
    `<table class="sockets"><thead><tr><th>host</th><th>sock</th><th>state</th><th>local</th><th>remote</th>` +
    `<th>role</th></tr></thead><tbody>${rows.join("")}</tbody></table>${more}`
  );
}

function stateClass(s: TcpStateName): string {
  return kernelState(s).toLowerCase().replace(/_/g, "-");
}

// ---------------------------------------------------------------------------------------------------------
// Event list (the call tree)

/** Events [from, to) as list items; the selected one is marked, later ones are "future". */
export function renderEventList(
  run: RunResult,
  sel: number,
  from: number,
  to: number,
  options: RenderOptions = {},
): string {
  const detail = options.detail ?? "effects";
  const items: string[] = [];
  const start = Math.max(0, from);
  const end = Math.min(run.events.length, to);
  for (let i = start; i < end; i++) items.push(renderEvent(run.events[i]!, sel, detail));
  return items.join("");
}

export function eventClass(id: number, sel: number): string {
  return id === sel ? "ev selected" : id > sel ? "ev future" : "ev";
}

function renderEvent(ev: TraceEvent, sel: number, detail: TraceDetail): string {
  const depth = Math.min(ev.depth, MAX_INDENT_DEPTH);
  const effects =
    detail === "effects" && ev.effects.length
      ? `<span class="effects">⇒ ${ev.effects
          .map((e) => `<span class="eff eff-${e.kind}">${escapeHtml(formatEffect(e))}</span>`)
          .join(", ")}</span>`
      : "";
  return (
    `<li id="ev-${ev.id}" class="${eventClass(ev.id, sel)}" role="option" aria-selected="${ev.id === sel}" ` +
    `data-event="${ev.id}">` +
    `<span class="t">${formatMs(ev.t)}</span><span class="h">${escapeHtml(ev.host)}</span>` +
    `<span class="call d${depth}"><span class="fn">${escapeHtml(ev.fn)}</span>` +
    `<span class="args">(${escapeHtml(ev.args)})</span>` +
    (ev.ret !== undefined ? `<span class="ret"> = ${escapeHtml(ev.ret)}</span>` : "") +
    `</span>${effects}</li>`
  );
}

// ---------------------------------------------------------------------------------------------------------
// Sequence diagram

const ROW = 22;
const TOP = 44;
/** Horizontal positions are percentages of the diagram's width, so it fills the pane. */
const AXIS_X = 13;
const FIRST_LANE_X = 22;
const LAST_LANE_X = 82;
const KINDS = ["syn", "synack", "ack", "rst", "data", "fin"] as const;

/** Host order: as the scenario declares them (the sysctls table keeps that order), then any others. */
function hostsOf(run: RunResult): string[] {
  const hosts = Object.keys(run.sysctls);
  for (const p of run.packets) {
    if (!hosts.includes(p.from)) hosts.push(p.from);
    if (!hosts.includes(p.to)) hosts.push(p.to);
  }
  return hosts;
}

/** tcpdump's flag order: SYN-ACK, RST-ACK, PSH-ACK. */
export function segmentName(p: PacketRecord): string {
  const order = ["SYN", "FIN", "RST", "PSH", "ACK"];
  const flags = [...p.flags].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join("-") || "none";
  return p.len > 0 ? `${flags} len=${p.len}` : flags;
}

function segmentKind(p: PacketRecord): string {
  if (p.flags.includes("RST")) return "rst";
  if (p.flags.includes("SYN")) return p.flags.includes("ACK") ? "synack" : "syn";
  if (p.len > 0) return "data";
  if (p.flags.includes("FIN")) return "fin";
  return "ack";
}

const dropsCache = new WeakMap<RunResult, Map<number, string>>();

/**
 * Segments the receiving kernel dropped (a "drop" effect in the call tree that received them, e.g. a SYN
 * meeting a full accept queue), with the reason. Receive calls are matched by host, time and addresses.
 */
export function kernelDrops(run: RunResult): Map<number, string> {
  const cached = dropsCache.get(run);
  if (cached) return cached;
  const receivers = new Map<string, number[]>();
  for (const ev of run.events) {
    if (ev.depth !== 0) continue;
    const m = /(\S+:\d+)→(\S+:\d+)/.exec(ev.args);
    if (!m) continue;
    const key = `${ev.host}|${ev.t}|${m[1]}>${m[2]}`;
    receivers.set(key, [...(receivers.get(key) ?? []), ev.id]);
  }
  const drops = new Map<number, string>();
  for (const p of run.packets) {
    if (p.arrived === undefined) continue;
    const ids = receivers.get(`${p.to}|${p.arrived}|${p.src}>${p.dst}`);
    const id = ids?.shift();
    if (id === undefined) continue;
    const drop = subtreeEffects(run, id).find((e) => e.kind === "drop");
    if (drop && drop.kind === "drop") drops.set(p.id, drop.reason);
  }
  dropsCache.set(run, drops);
  return drops;
}

/** Packets to draw: all of them, or a window of `max` around the selected time. */
function packetWindow(run: RunResult, t: number, max: number): { packets: PacketRecord[]; first: number } {
  if (run.packets.length <= max) return { packets: run.packets, first: 0 };
  let i = run.packets.findIndex((p) => p.sent > t);
  if (i < 0) i = run.packets.length;
  const first = Math.max(0, Math.min(run.packets.length - max, i - Math.floor(max / 2)));
  return { packets: run.packets.slice(first, first + max), first };
}

export function renderSequenceDiagram(run: RunResult, sel: number, options: RenderOptions = {}): string {
  const hosts = hostsOf(run);
  if (run.packets.length === 0 || hosts.length === 0) return `<p class="empty">No packets in this run.</p>`;
  const now = selectedTime(run, sel);
  const { packets, first } = packetWindow(run, now, options.maxPackets ?? DEFAULT_MAX_PACKETS);
  // Packets this event sent are highlighted.
  const sentNow = new Set<number>();
  for (const e of run.events[sel]?.effects ?? []) if (e.kind === "send") sentNow.add(e.packet);

  // Time runs down in rows, one per distinct send/arrival time, so 1 ms and 7 s gaps both stay readable.
  const times = [
    ...new Set(packets.flatMap((p) => (p.arrived !== undefined ? [p.sent, p.arrived] : [p.sent]))),
  ];
  times.sort((a, b) => a - b);
  const rowOf = new Map(times.map((t, i) => [t, i]));
  const y = (t: number) => TOP + (rowOf.get(t) ?? 0) * ROW;
  const lanes = hosts.length;
  const x = (host: string) => {
    const i = Math.max(0, hosts.indexOf(host));
    return lanes === 1 ? 50 : FIRST_LANE_X + (i * (LAST_LANE_X - FIRST_LANE_X)) / (lanes - 1);
  };
  const height = TOP + times.length * ROW + ROW;

  const out: string[] = [];
  out.push(
    `<svg class="seq" xmlns="http://www.w3.org/2000/svg" width="100%" height="${height}" ` +
      `role="img" aria-labelledby="seq-title">` +
      `<title id="seq-title">Sequence diagram: ${run.packets.length} segments between ${escapeHtml(hosts.join(", "))}</title>` +
      `<defs>${KINDS.map(
        (k) =>
          `<marker id="head-${k}" class="head ${k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" ` +
          `markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z"/></marker>`,
      ).join("")}</defs>`,
  );
  // Lifelines with each host's address (from the first segment it sent or received).
  for (const h of hosts) {
    const addr =
      run.packets.find((p) => p.from === h)?.src.split(":")[0] ??
      run.packets.find((p) => p.to === h)?.dst.split(":")[0] ??
      "";
    out.push(
      `<g class="host"><text class="host-name" x="${x(h)}%" y="16" text-anchor="middle">${escapeHtml(h)}</text>` +
        `<text class="host-addr" x="${x(h)}%" y="30" text-anchor="middle">${escapeHtml(addr)}</text>` +
        `<line class="lifeline" x1="${x(h)}%" x2="${x(h)}%" y1="${TOP - 8}" y2="${height - 4}"/></g>`,
    );
  }
  // Time axis: one label per row; a dotted line where virtual time jumps by 100 ms or more.
  times.forEach((t, i) => {
    const gap = i > 0 && t - times[i - 1]! >= 100;
    if (gap) {
      const gy = y(t) - ROW / 2;
      out.push(`<line class="gap-line" x1="1%" x2="99%" y1="${gy}" y2="${gy}"/>`);
    }
    out.push(
      `<text class="tick-label${gap ? " gap" : ""}" x="${AXIS_X}%" y="${y(t) + 4}" text-anchor="end">${formatMs(t)}</text>`,
    );
  });
  // The selected time: on a row if a packet was sent or arrived then, else between rows.
  let nowRow = -1;
  for (let i = 0; i < times.length && times[i]! <= now; i++) nowRow = i;
  const nowY =
    nowRow < 0 ? TOP - ROW / 2 : times[nowRow] === now ? TOP + nowRow * ROW : TOP + nowRow * ROW + ROW / 2;
  out.push(
    `<g class="now"><line x1="${AXIS_X + 1}%" x2="99%" y1="${nowY}" y2="${nowY}"/>` +
      `<text x="99%" y="${nowY - 4}" text-anchor="end">t = ${formatMs(now)}</text></g>`,
  );

  const drops = kernelDrops(run);
  for (const p of packets) out.push(renderPacket(p, x, y, now, sentNow.has(p.id), drops.get(p.id)));
  out.push(`</svg>`);
  const note =
    packets.length < run.packets.length
      ? `<p class="more">Showing segments #${first}–#${first + packets.length - 1} of ${run.packets.length} (around the selected time).</p>`
      : "";
  return note + out.join("");
}

function renderPacket(
  p: PacketRecord,
  x: (host: string) => number,
  y: (t: number) => number,
  now: number,
  current: boolean,
  dropReason: string | undefined,
): string {
  const kind = segmentKind(p);
  const x1 = x(p.from);
  const y1 = y(p.sent);
  const lost = p.arrived === undefined;
  // A segment that never arrived stops 60% of the way, half a row down, under a cross.
  const x2 = lost ? x1 + (x(p.to) - x1) * 0.6 : x(p.to);
  const y2 = lost ? y1 + ROW * 0.6 : y(p.arrived!);
  const classes = [
    "pkt",
    kind,
    p.fate !== "delivered" ? `fate-${p.fate}` : "",
    lost ? "lost" : "",
    p.retransmit ? "retransmit" : "",
    p.cookie ? "cookie" : "",
    dropReason !== undefined ? "kernel-drop" : "",
    p.sent > now ? "future" : "",
    current ? "current" : "",
  ].filter(Boolean);
  const name = segmentName(p);
  const notes = [
    p.retransmit ? "retransmit" : "",
    p.cookie ? "syncookie" : "",
    lost ? p.fate : "",
    dropReason !== undefined ? `dropped by the receiver: ${dropReason}` : "",
  ].filter(Boolean);
  const label = `${name}${p.retransmit ? " ↻" : ""}${p.cookie ? " cookie" : ""}`;
  const title =
    `#${p.id} ${p.from}→${p.to} ${name} ${p.src} > ${p.dst} seq ${p.seq}` +
    (p.flags.includes("ACK") ? ` ack ${p.ack}` : "") +
    ` · sent ${formatMs(p.sent)}` +
    (p.arrived !== undefined ? ` · arrived ${formatMs(p.arrived)}` : "") +
    (notes.length ? ` · ${notes.join(", ")}` : "") +
    (p.by ? ` · by ${p.by}` : "") +
    (p.rule !== undefined ? ` · link rule ${p.rule}` : "");
  // Lost on the link: a cross where the arrow stops. Dropped by the receiving kernel: a cross on arrival.
  const end = lost
    ? `<text class="cross" x="${r(x2)}%" y="${r(y2 + 4)}" text-anchor="middle">✕</text>`
    : dropReason !== undefined
      ? `<text class="cross" x="${r(x2 + (x2 > x1 ? 1.6 : -1.6))}%" y="${r(y2 + 5)}" text-anchor="middle">✕</text>`
      : "";
  const marker = lost ? "" : ` marker-end="url(#head-${kind})"`;
  return (
    `<g class="${classes.join(" ")}" data-packet="${p.id}"><title>${escapeHtml(title)}</title>` +
    `<line class="seg" x1="${r(x1)}%" y1="${y1}" x2="${r(x2)}%" y2="${r(y2)}"${marker}/>${end}` +
    `<text class="seg-label" x="${r((x1 + x2) / 2)}%" y="${r((y1 + y2) / 2 - 5)}" text-anchor="middle">${escapeHtml(label)}</text></g>`
  );
}

function r(n: number): string {
  return String(Math.round(n * 100) / 100);
}

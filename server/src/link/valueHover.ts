// Hovers on the fields, constants, sysctls, SNMP counters and TCP states the model tracks: their value at the selected point of the
// current run, so `sk->sk_ack_backlog` in the source shows the accept queue it stands for.
import {
  COUNTERS,
  countersAt,
  listenersAt,
  socketStatesAt,
  type RunResult,
  type TcpStateName,
} from "@kernel-lens/simulator";
import type { HoverContext } from "./functionHover.js";

interface TrackedValue {
  what: string;
  describe: (run: RunResult, upto: number) => string[];
  /** A constant: the same in every run, so no point of the run is named. */
  isConstant?: true;
}

function listenerLines(
  run: RunResult,
  upto: number,
  pick: (l: ReturnType<typeof listenersAt> extends Map<string, infer L> ? L : never) => string,
): string[] {
  const ls = [...listenersAt(run, upto).values()];
  return ls.length ? ls.map((l) => `- ${l.id}: ${pick(l)}`) : ["- no listening socket at this point"];
}

/** A field the model records as it changes (`field` effects): its last value on each socket up to `upto`. */
const recordedField = (field: string, what: string): TrackedValue => ({
  what,
  describe: (run, upto) => {
    const last = new Map<string, number | string>();
    for (const event of run.events.slice(0, upto)) {
      for (const e of event.effects)
        if (e.kind === "field" && e.field === field) last.set(e.sock, e.value[1]);
    }
    return last.size
      ? [...last].map(([sock, value]) => `- ${sock}: ${value}`)
      : ["- not set yet in this run"];
  },
});

const sysctl = (name: string, what: string): TrackedValue => ({
  what,
  describe: (run) => Object.entries(run.sysctls).map(([host, v]) => `- ${host}: \`${name}\` = ${v[name]}`),
});

const constant = (value: string): TrackedValue => ({ what: value, describe: () => [], isConstant: true });

const TRACKED: Record<string, TrackedValue> = {
  sk_ack_backlog: {
    what: "accept queue length of a listener (struct sock)",
    describe: (run, upto) =>
      listenerLines(run, upto, (l) => `${l.ackBacklog} (full when > sk_max_ack_backlog = ${l.max})`),
  },
  sk_max_ack_backlog: {
    what: "listen() backlog after the somaxconn clamp (struct sock)",
    describe: (run, upto) => listenerLines(run, upto, (l) => `${l.max}`),
  },
  qlen: {
    what: "SYN queue: request socks of a listener (struct request_sock_queue)",
    describe: (run, upto) => listenerLines(run, upto, (l) => `qlen ${l.qlen} (full when ≥ ${l.max})`),
  },
  young: {
    what: "SYN queue: request socks whose SYN-ACK has not timed out yet",
    describe: (run, upto) => listenerLines(run, upto, (l) => `young ${l.young} of qlen ${l.qlen}`),
  },
  sk_state: {
    what: "TCP state of each socket (include/net/tcp_states.h)",
    describe: (run, upto) => {
      const states = socketStatesAt(run, upto);
      return states.size ? [...states].map(([id, s]) => `- ${id}: ${s}`) : ["- no socket yet"];
    },
  },
  num_timeout: {
    what: "SYN-ACK timeouts of a request sock (struct request_sock)",
    describe: (run) =>
      run.final.sockets
        .filter((s) => s.role === "request")
        .map((s) => `- ${s.id} (end of run): ${s.numTimeout}`),
  },
  acked: {
    what: "a request sock saw the final ACK but could not complete (inet_request_sock)",
    describe: (run) =>
      run.final.sockets
        .filter((s) => s.role === "request")
        .map((s) => `- ${s.id} (end of run): ${s.acked ? 1 : 0}`),
  },
  ts_recent_stamp: recordedField(
    "ts_recent_stamp",
    "on a listener, when its SYN queue last overflowed (tcp_synq_overflow, at most once a second), in ms of the run: cookie_v4_check reads an ACK as a cookie only within TCP_SYNCOOKIE_VALID (2 min) of it. On a connected socket it is PAWS's timestamp, not modelled",
  ),
  icsk_retransmits: recordedField(
    "icsk_retransmits",
    "retransmissions of a connecting socket's SYN so far (struct inet_connection_sock): tcp_write_timeout gives up when retransmits_timed_out",
  ),
  rskq_defer_accept: recordedField(
    "rskq_defer_accept",
    "TCP_DEFER_ACCEPT of a listener, in SYN-ACK retransmits (secs_to_retrans of the seconds set): a bare final ACK waits for data until then",
  ),
  inet_num: recordedField(
    "inet_num",
    "the local port a socket holds in its bind bucket (struct inet_sock), from bind() or listen() (inet_csk_get_port)",
  ),
  sk_reuse: recordedField(
    "sk_reuse",
    "SO_REUSEADDR (struct sock): inet_csk_bind_conflict lets two sockets that set it share a port while neither listens",
  ),
  sk_reuseport: recordedField(
    "sk_reuseport",
    "SO_REUSEPORT (struct sock): listeners that set it share a port, each SYN going to one by its 4-tuple's hash",
  ),
  sk_reuseport_cb: recordedField(
    "sk_reuseport_cb",
    "the SO_REUSEPORT group a listener joined when inet_hash hashed it (struct sock_reuseport): its first listener and how many it held then",
  ),
  // net/ipv4/inet_connection_sock.c: inet_get_local_port_range reads net->ipv4.ip_local_ports.range.
  ip_local_ports: {
    what: "net.ipv4.ip_local_port_range of the netns (struct netns_ipv4): the ephemeral ports connect() searches",
    describe: (run) =>
      Object.entries(run.localPortRanges).map(([host, [low, high]]) => `- ${host}: ${low}–${high}`),
  },
  TCP_TIMEOUT_INIT: constant("1000 ms (1*HZ): first SYN / SYN-ACK retransmission timeout"),
  TCP_RTO_MAX: constant("120000 ms (120*HZ): retransmission backoff cap"),
  TCP_RTO_MIN: constant("200 ms (HZ/5)"),
  TCP_DELACK_MAX: constant(
    "200 ms (HZ/5): how long a connecting socket with TCP_DEFER_ACCEPT holds back the handshake's ACK",
  ),
  TCP_SYNCOOKIE_VALID: constant(
    "120000 ms: a cookie ACK is checked only within 2 minutes of the last overflow",
  ),
  SOMAXCONN: constant("128: default of net.core.somaxconn"),
  // The model takes the branches under `#ifdef CONFIG_SYN_COOKIES`: net/ipv4/tcp_input.c: tcp_syn_flood_action
  // may want a cookie (simulator kernel/tcpInput.ts), net/ipv4/tcp_ipv4.c: tcp_v4_cookie_check calls
  // cookie_v4_check (kernel/tcpIpv4.ts), and tcp_request_sock_ipv4_ops has cookie_init_seq.
  CONFIG_SYN_COOKIES: {
    what: "y in the model: tcp_syn_flood_action may send a cookie and tcp_v4_cookie_check checks one; net.ipv4.tcp_syncookies decides",
    describe: sysctl("net.ipv4.tcp_syncookies", "").describe,
  },
  sysctl_somaxconn: sysctl("net.core.somaxconn", "listen() backlog clamp"),
  sysctl_tcp_syncookies: sysctl("net.ipv4.tcp_syncookies", "0 off, 1 when the SYN queue is full, 2 always"),
  sysctl_tcp_synack_retries: sysctl(
    "net.ipv4.tcp_synack_retries",
    "SYN-ACK retransmissions before a request expires",
  ),
  sysctl_tcp_syn_retries: sysctl("net.ipv4.tcp_syn_retries", "SYN retransmissions before connect() gives up"),
  sysctl_tcp_abort_on_overflow: sysctl(
    "net.ipv4.tcp_abort_on_overflow",
    "RST instead of a silent drop on accept queue overflow",
  ),
  sysctl_max_syn_backlog: sysctl(
    "net.ipv4.tcp_max_syn_backlog",
    "without syncookies, its last quarter is kept for proven peers",
  ),
};

/**
 * The SNMP counters the model keeps, by the enumerator the kernel increments: net/ipv4/proc.c:
 * snmp4_net_list names LINUX_MIB_LISTENOVERFLOWS "ListenOverflows", which nstat prints as
 * TcpExtListenOverflows; TCP_MIB_ACTIVEOPENS is TcpActiveOpens (snmp4_tcp_list).
 */
const COUNTER_OF_MIB = new Map<string, string>(
  COUNTERS.map((counter) =>
    counter.startsWith("TcpExt")
      ? [`LINUX_MIB_${counter.slice("TcpExt".length).toUpperCase()}`, counter]
      : [`TCP_MIB_${counter.slice("Tcp".length).toUpperCase()}`, counter],
  ),
);

/** include/net/tcp_states.h: the states a socket of the run may be in, by their enumerators. */
const TCP_STATES: ReadonlySet<string> = new Set([
  "TCP_ESTABLISHED",
  "TCP_SYN_SENT",
  "TCP_SYN_RECV",
  "TCP_FIN_WAIT1",
  "TCP_FIN_WAIT2",
  "TCP_TIME_WAIT",
  "TCP_CLOSE",
  "TCP_CLOSE_WAIT",
  "TCP_LAST_ACK",
  "TCP_LISTEN",
  "TCP_CLOSING",
  "TCP_NEW_SYN_RECV",
] satisfies TcpStateName[]);

export function mibCounterName(enumerator: string): string | undefined {
  return COUNTER_OF_MIB.get(enumerator);
}

export function isTrackedValue(name: string): boolean {
  return Object.hasOwn(TRACKED, name) || COUNTER_OF_MIB.has(name) || TCP_STATES.has(name);
}

export function valueHoverMarkdown(name: string, ctx: HoverContext): string | undefined {
  const { run } = ctx;
  const upto = ctx.selected + 1;
  const at = `${(run.events[ctx.selected]?.t ?? 0).toFixed(3)} ms`;
  const counter = COUNTER_OF_MIB.get(name);
  if (counter) {
    const hosts = [...countersAt(run, upto)].map(
      ([host, values]) => `- ${host}: ${values.get(counter) ?? 0}`,
    );
    return [
      `**Kernel Lens** · \`${name}\` is the counter nstat prints as \`${counter}\``,
      "",
      `In the run \`${run.scenario}\` at ${at}:`,
      ...(hosts.length > 0 ? hosts : ["- no host has counted yet"]),
    ].join("\n");
  }
  if (TCP_STATES.has(name)) {
    const sockets = [...socketStatesAt(run, upto)].filter(([, state]) => state === name).map(([id]) => id);
    const listed = sockets.length > 0 ? sockets.join(", ") : "none";
    return `**Kernel Lens** · sockets in \`${name}\` in the run \`${run.scenario}\` at ${at}: ${listed}`;
  }
  const t = TRACKED[name];
  if (!t) return undefined;
  if (t.isConstant) return `**Kernel Lens** · \`${name}\` in the model: ${t.what}`;
  return [
    `**Kernel Lens** · \`${name}\`: ${t.what}`,
    "",
    `In the run \`${run.scenario}\` at ${at}:`,
    ...t.describe(run, upto),
    ...countersLine(run, upto, name),
  ].join("\n");
}

function countersLine(run: RunResult, upto: number, name: string): string[] {
  if (name !== "sk_ack_backlog") return [];
  const overflow = [...countersAt(run, upto)].map(([h, c]) => `${h}: ${c.get("TcpExtListenOverflows") ?? 0}`);
  return overflow.length ? [`- TcpExtListenOverflows so far: ${overflow.join(", ")}`] : [];
}

// The scenario a run executes, after YAML parsing, schema validation and parameter substitution.
// Times are virtual milliseconds (HZ=1000, so 1 ms = 1 jiffy).

export type SysctlName =
  | "net.core.somaxconn"
  | "net.ipv4.tcp_syncookies"
  | "net.ipv4.tcp_synack_retries"
  | "net.ipv4.tcp_syn_retries"
  | "net.ipv4.tcp_abort_on_overflow"
  | "net.ipv4.tcp_max_syn_backlog";

export type Sysctls = Partial<Record<SysctlName, number>>;

export interface HostSpec {
  name: string;
  /** IPv4 address, dotted quad. */
  addr: string;
  sysctls: Sysctls;
  /** net.ipv4.ip_local_port_range, when the scenario sets it: the lowest and highest ephemeral port. A pair,
   * where every other sysctl the model reads is one integer, so it is kept apart from `sysctls`. */
  localPortRange?: readonly [number, number];
}

/** One `--set KEY=VALUE`: a parameter, or a sysctl on every host ("HOST:name" for one). A number, but for
 * net.ipv4.ip_local_port_range, which takes "LOW HIGH". */
export interface Override {
  key: string;
  value: number | string;
}

/** Segment flag sets a link rule can match, as tcpdump would name them. */
export type FlagMatch = "SYN" | "SYN-ACK" | "ACK" | "RST" | "RST-ACK" | "DATA" | "ANY";

export interface LinkRule {
  action: "drop" | "delay";
  /** Extra one-way delay in ms, for action "delay". */
  by?: number;
  from?: string;
  to?: string;
  /** "ACK" matches pure ACKs only (no data, no SYN/RST); "DATA" matches segments with payload. */
  flags: FlagMatch;
  /** Apply only to the nth matching segment (1-based). */
  nth?: number;
  /** Apply only to the first `count` matching segments. */
  count?: number;
  /** Apply only to segments sent in [after, before) virtual ms. */
  after?: number;
  before?: number;
}

export interface LinkSpec {
  /** One-way delay in ms for every segment. */
  delay: number;
  rules: LinkRule[];
}

export interface ListenStep {
  kind: "listen";
  at: number;
  host: string;
  port: number;
  backlog: number;
  /** TCP_DEFER_ACCEPT in seconds (setsockopt before listen). */
  deferAccept?: number;
  /** This many listeners on the port, each with SO_REUSEPORT (setsockopt before bind); absent: one without. */
  reuseport?: number;
  /** SO_REUSEADDR before bind(): the port may be shared with sockets that hold it without listening. */
  reuseaddr?: boolean;
}

export interface ConnectStep {
  kind: "connect";
  at: number;
  from: string;
  to: string;
  port: number;
  count: number;
  /** ms between successive clients. */
  interval: number;
  nonblocking: boolean;
  /** SO_SNDTIMEO in ms; 0 = wait forever (blocking connect only). */
  sndtimeo: number;
  keepalive: boolean;
}

export interface AcceptStep {
  kind: "accept";
  at: number;
  host: string;
  port: number;
  /** How many concurrent tasks call accept(). */
  tasks: number;
  /** How many accept() calls each task makes, one after another. */
  count: number;
  nonblocking: boolean;
  /** SO_RCVTIMEO in ms; 0 = wait forever. */
  rcvtimeo: number;
}

export interface SendStep {
  kind: "send";
  at: number;
  from: string;
  to: string;
  port: number;
  bytes: number;
}

export interface CloseStep {
  kind: "close";
  at: number;
  host: string;
  port: number;
  /** "listener" closes the listening socket on `port`; "clients" closes every client socket of `host` connected to `port`. */
  what: "listener" | "clients";
  /** With "listener": only the port's Nth listener still open (0-based, in the order they listened), as one
   * SO_REUSEPORT worker exiting would; absent: every listener of the port. */
  listener?: number;
}

export interface EpollStep {
  kind: "epoll";
  at: number;
  host: string;
  port: number;
  /** How many epoll instances watch the listener (one task each). */
  instances: number;
  edgeTriggered: boolean;
  /** EPOLLEXCLUSIVE: each instance waits on the listener as an exclusive waiter. */
  exclusive: boolean;
  /** After each epoll_wait() that reports the listener readable, call accept() this many times ("all" drains the queue). */
  acceptPerWakeup: number | "all";
  /** How many epoll_wait() calls each task makes. */
  waits: number;
  /** epoll_wait timeout in ms; -1 blocks until an event. */
  timeout: number;
}

export interface FloodStep {
  kind: "flood";
  at: number;
  /** Spoofed SYNs: their sources do not exist, so SYN-ACKs are never answered. */
  to: string;
  port: number;
  syns: number;
  interval: number;
}

/** A sysctl written during the run: an integer one, or the port range as its two ends. */
export type SysctlStep = { kind: "sysctl"; at: number; host: string } & (
  | { name: SysctlName; value: number }
  | { name: "net.ipv4.ip_local_port_range"; value: readonly [number, number] }
);

export type Step =
  ListenStep | ConnectStep | AcceptStep | SendStep | CloseStep | EpollStep | FloodStep | SysctlStep;

export interface ParamSpec {
  name: string;
  default: number;
  description: string;
  /** Value used by this run: the default, or the --set override (parseScenario fills it). */
  value?: number;
}

export interface Scenario {
  name: string;
  description: string;
  params: ParamSpec[];
  hosts: HostSpec[];
  link: LinkSpec;
  steps: Step[];
  /** The run ends at this virtual time (ms). */
  until: number;
  /** What the spec (§9) says a correct model shows; printed with the run. */
  expect?: string;
}

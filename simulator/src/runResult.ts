// The value a run produces: the trace the editor shows on hover, the packets, the system calls and the
// final state. It is plain data (JSON-serialisable) so a run can be stored, sent over LSP and replayed.

export type TcpStateName =
  | "TCP_ESTABLISHED"
  | "TCP_SYN_SENT"
  | "TCP_SYN_RECV"
  | "TCP_FIN_WAIT1"
  | "TCP_FIN_WAIT2"
  | "TCP_TIME_WAIT"
  | "TCP_CLOSE"
  | "TCP_CLOSE_WAIT"
  | "TCP_LAST_ACK"
  | "TCP_LISTEN"
  | "TCP_CLOSING"
  | "TCP_NEW_SYN_RECV";

/** A change a traced kernel function made. Values are [before, after] where both matter. */
export type Effect =
  // "unhashed": a request sock the child replaced in the established hash (it waits in the accept queue,
  // no longer a socket of its own); "freed": its memory is released (reqsk_put, or never queued).
  | { kind: "state"; sock: string; from: TcpStateName | "none"; to: TcpStateName | "freed" | "unhashed" }
  | { kind: "synq"; listener: string; qlen: [number, number]; young: [number, number]; max: number }
  | { kind: "acceptq"; listener: string; len: [number, number]; max: number }
  | { kind: "counter"; name: string; value: [number, number] }
  | { kind: "timer"; sock: string; timer: TimerName; action: "armed" | "cancelled"; expires?: number }
  | { kind: "send"; packet: number; summary: string }
  | { kind: "wake"; waiter: string }
  | { kind: "field"; sock: string; field: string; value: [number | string, number | string] }
  | { kind: "error"; sock: string; errno: string }
  | { kind: "drop"; reason: string }
  | { kind: "log"; message: string };

export type TimerName = "rsk_timer" | "retransmit" | "delack" | "keepalive" | "syscall_timeout";

export interface TraceEvent {
  /** Index in RunResult.events. */
  id: number;
  /** Virtual time in ms. */
  t: number;
  host: string;
  /** Kernel function name as in v4.11 (a key of the catalog). */
  fn: string;
  /** Call depth: 0 for an entry point (syscall, softirq receive, timer). */
  depth: number;
  /** Index of the calling event, if any. */
  parent?: number;
  /** Arguments that matter, already formatted ("sk=server:80 LISTEN", "skb=SYN 10.0.0.2:40000→…"). */
  args: string;
  effects: Effect[];
  /** Return value where it matters ("NULL", "child", "listener", "-EAGAIN", "1"). */
  ret?: string;
}

export type SegmentFlag = "SYN" | "ACK" | "RST" | "FIN" | "PSH";

export interface PacketRecord {
  id: number;
  /** Time the sender transmitted it. */
  sent: number;
  /** Time it reached the receiver (absent if it never did). */
  arrived?: number;
  from: string;
  to: string;
  src: string;
  dst: string;
  flags: SegmentFlag[];
  seq: number;
  ack: number;
  len: number;
  /** delivered | dropped by a link rule | unroutable (no such host) */
  fate: "delivered" | "dropped" | "unroutable" | "in-flight";
  /** Which link rule dropped or delayed it. */
  rule?: number;
  /** A SYN-ACK whose ISN is a syncookie. */
  cookie?: boolean;
  /** A retransmission (SYN, SYN-ACK). */
  retransmit?: boolean;
  /** The traced function that sent it. */
  by?: string;
}

export interface SyscallRecord {
  /** Time the call returned. */
  t: number;
  /** Time the call was made (differs from t for calls that blocked). */
  start: number;
  host: string;
  /** e.g. "accept(3)", "connect(3, 10.0.0.1:80)". */
  call: string;
  ret: number;
  errno?: string;
  /** Task (user-space thread) that made the call. */
  task: string;
}

export interface SocketSnapshot {
  host: string;
  state: TcpStateName;
  local: string;
  remote: string;
  role: "listener" | "request" | "child" | "client";
  /** Kernel object id used in effects ("server:sk3", "server:req7"). */
  id: string;
  /** For request socks: SYN-ACK timeouts so far and whether the final ACK was seen. */
  numTimeout?: number;
  acked?: boolean;
  /** For children: whether accept() returned it already. */
  accepted?: boolean;
}

export interface ListenerSnapshot {
  host: string;
  port: number;
  id: string;
  backlog: number;
  synQueue: { len: number; young: number };
  acceptQueue: { len: number };
}

export interface Snapshot {
  t: number;
  sockets: SocketSnapshot[];
  listeners: ListenerSnapshot[];
  /** host → nstat name → value (only counters that are non-zero). */
  counters: Record<string, Record<string, number>>;
}

export interface KernelLogLine {
  t: number;
  host: string;
  message: string;
}

export interface RunResult {
  kernel: "4.11";
  scenario: string;
  seed: number;
  params: Record<string, number>;
  /** Effective sysctls per host. */
  sysctls: Record<string, Record<string, number>>;
  /** net.ipv4.ip_local_port_range per host, [low, high]: the ephemeral ports its connect()s search. */
  localPortRanges: Record<string, readonly [number, number]>;
  events: TraceEvent[];
  packets: PacketRecord[];
  syscalls: SyscallRecord[];
  log: KernelLogLine[];
  final: Snapshot;
  /** Why the run stopped. */
  stop: { reason: "until" | "idle" | "event-cap" | "stop-condition"; t: number; message?: string };
  /** Number of events processed by the discrete-event loop (timers, deliveries, steps). */
  processed: number;
}

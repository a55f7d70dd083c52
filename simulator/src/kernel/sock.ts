// The kernel objects of a connection (spec §1–3): a full socket (struct sock seen as tcp_sock, with the
// listener's request_sock_queue) and the small request sock of a half-open connection.
import type { TcpStateName } from "../runResult.js";
import type { QueuedEvent } from "./eventQueue.js";
import type { Host } from "./host.js";
import type { InetBindBucket } from "./inetBindBucket.js";
import type { SockReuseport } from "./sockReuseport.js";
import { WaitQueue } from "./waitQueue.js";

export type SocketState = "SS_UNCONNECTED" | "SS_CONNECTING" | "SS_CONNECTED";

export interface Sock {
  kind: "sock";
  id: string;
  host: Host;
  state: TcpStateName;
  role: "listener" | "child" | "client" | "unconnected";
  /** inet_sport: 0 until bound or connected; kept after the port is released, for the run's record. */
  lport: number;
  /** icsk_bind_hash: the bind bucket of the port the socket holds (inet_num ≠ 0), if any. */
  bindHash: InetBindBucket | undefined;
  /** sk_userlocks & SOCK_BINDPORT_LOCK: bind() named the port, so only destroying the socket releases it. */
  bindPortLock: boolean;
  laddr: string;
  raddr: string;
  rport: number;
  /** struct socket side: absent for children not yet accepted and for orphans. */
  socketState: SocketState;
  fd: number | undefined;
  /** SOCK_DEAD: no user reference left. */
  dead: boolean;
  /** References held by system calls sleeping on this socket (fdget): close() defers the release. */
  fileRefs: number;
  /** close() removed the fd while a call still held the file; release when fileRefs drops to 0. */
  closePending: boolean;
  /** sk_sleep(sk): who waits on this socket. */
  wq: WaitQueue;
  // socket options
  nonblock: boolean;
  rcvtimeo: number;
  sndtimeo: number;
  keepalive: boolean;
  /** SO_REUSEADDR (sk_reuse): inet_csk_bind_conflict lets two such sockets share a port neither listens on. */
  reuse: boolean;
  /** SO_REUSEPORT (sk_reuseport): such listeners share a port, each with its own queues. */
  reuseport: boolean;
  /** sk_reuseport_cb: the SO_REUSEPORT group of a hashed listener. */
  reuseportCb: SockReuseport | undefined;
  // listener: struct request_sock_queue and the backlog fields of struct sock
  maxAckBacklog: number;
  ackBacklog: number;
  qlen: number;
  young: number;
  acceptQueue: RequestSock[];
  /** icsk_accept_queue.rskq_defer_accept, in SYN-ACK retransmits (secs_to_retrans). */
  deferAccept: number;
  synfloodWarned: boolean;
  /** tp->rx_opt.ts_recent_stamp of a listener: last syncookie overflow; undefined = long ago. */
  lastOverflow: number | undefined;
  // tcp_sock sequence state
  iss: number;
  sndUna: number;
  sndNxt: number;
  irs: number;
  rcvNxt: number;
  /** sk_err as an errno name. */
  err: string | undefined;
  /** sk_shutdown: RCV_SHUTDOWN (1) | SEND_SHUTDOWN (2); tcp_done sets SHUTDOWN_MASK (3). */
  shutdown: number;
  /** icsk retransmit timer (ICSK_TIME_RETRANS) for the SYN. */
  retransTimer: QueuedEvent | undefined;
  /** icsk_delack_timer (ICSK_TIME_DACK), armed when the ACK of a SYN-ACK is held back. */
  delackTimer: QueuedEvent | undefined;
  retransmits: number;
  rto: number;
  retransStamp: number;
  /** Sent but unacknowledged data bytes (only for the data the model sends). */
  lastOowAckTime: number;
  bytesReceived: number;
  /** For children: accept() returned it. */
  accepted: boolean;
}

export interface RequestSock {
  kind: "req";
  id: string;
  host: Host;
  listener: Sock;
  state: "TCP_NEW_SYN_RECV";
  laddr: string;
  lport: number;
  raddr: string;
  rport: number;
  /** tcp_rsk(req)->rcv_isn: the peer's ISN; rcv_nxt = rcv_isn + 1. */
  rcvIsn: number;
  /** tcp_rsk(req)->snt_isn: our ISN (the cookie for a syncookie request). */
  sntIsn: number;
  numTimeout: number;
  numRetrans: number;
  /** inet_rsk(req)->acked: a final ACK was seen but could not complete the connection. */
  acked: boolean;
  timer: QueuedEvent | undefined;
  /** In the established hash (sk_hashed). */
  hashed: boolean;
  /** req->sk once the child exists. */
  child: Sock | undefined;
  lastOowAckTime: number;
}

export function newSock(host: Host, id: string): Sock {
  return {
    kind: "sock",
    id,
    host,
    state: "TCP_CLOSE",
    role: "unconnected",
    lport: 0,
    bindHash: undefined,
    bindPortLock: false,
    laddr: host.addr,
    raddr: "0.0.0.0",
    rport: 0,
    socketState: "SS_UNCONNECTED",
    fd: undefined,
    dead: false,
    fileRefs: 0,
    closePending: false,
    wq: new WaitQueue(),
    nonblock: false,
    rcvtimeo: 0,
    sndtimeo: 0,
    keepalive: false,
    reuse: false,
    reuseport: false,
    reuseportCb: undefined,
    maxAckBacklog: 0,
    ackBacklog: 0,
    qlen: 0,
    young: 0,
    acceptQueue: [],
    deferAccept: 0,
    synfloodWarned: false,
    lastOverflow: undefined,
    iss: 0,
    sndUna: 0,
    sndNxt: 0,
    irs: 0,
    rcvNxt: 0,
    err: undefined,
    shutdown: 0,
    retransTimer: undefined,
    delackTimer: undefined,
    retransmits: 0,
    rto: 0,
    retransStamp: 0,
    lastOowAckTime: Number.NEGATIVE_INFINITY,
    bytesReceived: 0,
    accepted: false,
  };
}

/** Established-hash key of a 4-tuple as seen from the local host. */
export function ehashKey(laddr: string, lport: number, raddr: string, rport: number): string {
  return `${laddr}:${lport}|${raddr}:${rport}`;
}

export function describeSock(sk: Sock | RequestSock): string {
  if (sk.kind === "req") return `req=${sk.id} ${sk.raddr}:${sk.rport}→:${sk.lport}`;
  const peer = sk.rport ? ` ${sk.raddr}:${sk.rport}` : "";
  return `sk=${sk.id} ${sk.state.replace("TCP_", "")} :${sk.lport}${peer}`;
}

// Connection-oriented socket helpers shared by TCP (net/ipv4/inet_connection_sock.c): listening, the
// request-sock timer, moving a child onto the accept queue, accept() itself, and closing a listener.
import { TCP_RTO_MAX, TCP_TIMEOUT_INIT } from "./constants.js";
import {
  reqskQueueAdded,
  reqskQueueAged,
  reqskQueueRemove,
  reqskQueueRemoved,
  skAcceptqAdded,
} from "./requestSockQueue.js";
import { at, cancel, effect, traced, type Sim } from "./sim.js";
import { describeSock, ehashKey, type RequestSock, type Sock } from "./sock.js";
import { tcpDisconnect } from "./tcpClose.js";
import { inetBindBucketCreate, inetBindHash, inetPutPort, type InetBindBucket } from "./inetBindBucket.js";
import { tcpRtxSynack } from "./tcpOutput.js";
import { tcpSetState } from "./tcpState.js";
import { inetHash } from "./inetHashtables.js";
import { tcpSynAckTimeout } from "./tcpTimer.js";

/**
 * net/ipv4/inet_connection_sock.c: inet_csk_get_port — 0, or 1 (inet_bind's -EADDRINUSE) when the port is
 * taken. Port 0 searches the range (inet_csk_find_open_port). A bucket with owners lets the socket in on
 * the fast path (fastreuse > 0 and SO_REUSEADDR outside LISTEN, :316) or when inet_csk_bind_conflict finds
 * no conflict (:319); on success fastreuse is set as :322–362 does and the socket joins the bucket (:365).
 */
export function inetCskGetPort(sim: Sim, sk: Sock, snum: number): number {
  return traced(
    sim,
    sk.host,
    "inet_csk_get_port",
    () => `${describeSock(sk)} snum=${snum}`,
    () => {
      const host = sk.host;
      const reuse = sk.reuse && sk.state !== "TCP_LISTEN";
      let port = snum;
      let tb: InetBindBucket | undefined;
      if (port === 0) {
        const open = inetCskFindOpenPort(sim, sk);
        if (!open) return 1;
        ({ port, tb } = open);
      } else {
        tb = host.bhash.get(port);
        if (
          tb &&
          tb.owners.size > 0 &&
          !((tb.fastreuse > 0 && reuse) || skReuseportMatch(tb, sk)) &&
          inetCskBindConflict(sim, sk, tb, true, true)
        )
          return 1;
      }
      tb ??= inetBindBucketCreate(host, port);
      // :322–362, as v4.11 writes it: the first branch for a bucket that already had owners.
      if (tb.owners.size > 0) {
        tb.fastreuse = reuse ? 1 : 0;
        tb.fastreuseport = sk.reuseport ? FASTREUSEPORT_ANY : 0;
      } else {
        if (!reuse) tb.fastreuse = 0;
        if (!sk.reuseport) tb.fastreuseport = 0;
        else if (!skReuseportMatch(tb, sk)) tb.fastreuseport = FASTREUSEPORT_STRICT;
      }
      if (!sk.bindHash) {
        inetBindHash(sk, tb, port);
        effect(sim, { kind: "field", sock: sk.id, field: "inet_num", value: [0, port] });
      }
      return 0;
    },
    (r) => (r ? "1" : "0"),
  );
}

/** include/net/inet_hashtables.h: tb->fastreuseport when every owner set SO_REUSEPORT (ANY), or when it was
 * reset for one that did (STRICT: the address is compared too). */
const FASTREUSEPORT_ANY = 1;
const FASTREUSEPORT_STRICT = 2;

/**
 * net/ipv4/inet_connection_sock.c: sk_reuseport_match — the SO_REUSEPORT fast path (:245–276): the bucket's
 * owners all set it, as the socket does, and it is in no group yet. One uid and the wildcard address in the
 * model, so the uid and address checks always pass.
 */
function skReuseportMatch(tb: InetBindBucket, sk: Sock): boolean {
  return tb.fastreuseport > 0 && sk.reuseport && !sk.reuseportCb;
}

/**
 * net/ipv4/inet_connection_sock.c: inet_csk_bind_conflict — the first other owner of the bucket the socket
 * cannot share it with (:148–154): unless both set SO_REUSEADDR and the owner is not listening, or both set
 * SO_REUSEPORT (with `reuseportOk`, the socket in no group yet); with `relax` false (a port search) also two
 * SO_REUSEADDR sockets neither listening (:157–160). Every socket the model binds has the wildcard address and
 * one uid, so inet_rcv_saddr_equal always matches and the uids agree; bound devices are not modelled.
 */
function inetCskBindConflict(
  sim: Sim,
  sk: Sock,
  tb: InetBindBucket,
  relax: boolean,
  reuseportOk: boolean,
): boolean {
  return (
    traced(
      sim,
      sk.host,
      "inet_csk_bind_conflict",
      () => `${describeSock(sk)} port=${tb.port} owners=${tb.owners.size}${relax ? " relax" : ""}`,
      () => {
        const reuseport = sk.reuseport && reuseportOk;
        for (const sk2 of tb.owners) {
          if (sk2 === sk) continue;
          const reuseaddrShares = sk.reuse && sk2.reuse && sk2.state !== "TCP_LISTEN";
          const reuseportShares = reuseport && sk2.reuseport && !sk.reuseportCb;
          if (!reuseaddrShares && !reuseportShares) return sk2;
          if (!relax && reuseaddrShares) return sk2;
        }
        return undefined;
      },
      (sk2) => (sk2 ? `1 (${describeSock(sk2)})` : "0"),
    ) !== undefined
  );
}

/**
 * net/ipv4/inet_connection_sock.c: inet_csk_find_open_port — port 0 (listen() before bind()): a random odd
 * offset into the range (:200–204), the ports of that parity then the other (:206–231), a free port or one
 * whose bucket has no conflict; with SO_REUSEADDR the lower half of the range first, then the upper
 * (:182–197, :233–236). Not modelled: ip_local_reserved_ports (empty by default).
 */
function inetCskFindOpenPort(
  sim: Sim,
  sk: Sock,
): { port: number; tb: InetBindBucket | undefined } | undefined {
  const host = sk.host;
  let attemptHalf = sk.reuse ? 1 : 0;
  for (;;) {
    let low = host.localPortRange[0];
    let high = host.localPortRange[1] + 1;
    if (high - low < 4) attemptHalf = 0;
    if (attemptHalf) {
      const half = low + (((high - low) >> 2) << 1);
      if (attemptHalf === 1) high = half;
      else low = half;
    }
    let remaining = high - low;
    if (remaining > 1) remaining &= ~1;
    let offset = (sim.rng.u32() % remaining) | 1;
    for (;;) {
      let port = low + offset;
      for (let i = 0; i < remaining; i += 2, port += 2) {
        if (port >= high) port -= remaining;
        const tb = host.bhash.get(port);
        if (!tb || !inetCskBindConflict(sim, sk, tb, false, false)) return { port, tb };
      }
      offset--;
      if (offset & 1) break;
    }
    if (attemptHalf !== 1) return undefined;
    attemptHalf = 2;
  }
}

/**
 * net/ipv4/inet_connection_sock.c: inet_csk_destroy_sock — the last of a closed socket: its protocol's
 * destroy (tcp_v4_destroy_sock) gives its port back (net/ipv4/tcp_ipv4.c:1890–1891).
 */
export function inetCskDestroySock(sk: Sock): void {
  inetPutPort(sk);
}

/** net/ipv4/inet_connection_sock.c: inet_csk_listen_start. */
export function inetCskListenStart(sim: Sim, sk: Sock, backlog: number): number {
  return traced(
    sim,
    sk.host,
    "inet_csk_listen_start",
    () => `${describeSock(sk)} backlog=${backlog}`,
    () => {
      sk.maxAckBacklog = backlog;
      sk.ackBacklog = 0;
      effect(sim, { kind: "field", sock: sk.id, field: "sk_max_ack_backlog", value: [0, backlog] });
      tcpSetState(sim, sk, "TCP_LISTEN");
      if (inetCskGetPort(sim, sk, sk.bindHash ? sk.lport : 0) === 0) {
        sk.role = "listener";
        inetHash(sim, sk);
        return 0;
      }
      // :891 `sk->sk_state = TCP_CLOSE`, not tcp_set_state: nothing was hashed and the port stays bound.
      effect(sim, { kind: "state", sock: sk.id, from: sk.state, to: "TCP_CLOSE" });
      sk.state = "TCP_CLOSE";
      return -1;
    },
    (r) => (r ? "-EADDRINUSE" : "0"),
  );
}

/**
 * net/ipv4/inet_connection_sock.c: inet_csk_reqsk_queue_hash_add → reqsk_queue_hash_req: arm rsk_timer,
 * insert into the established hash, then inet_csk_reqsk_queue_added (qlen++, young++).
 */
export function inetCskReqskQueueHashAdd(sim: Sim, sk: Sock, req: RequestSock, timeout: number): void {
  traced(
    sim,
    sk.host,
    "inet_csk_reqsk_queue_hash_add",
    () => `${describeSock(req)} timeout=${timeout}`,
    () => {
      req.numRetrans = 0;
      req.numTimeout = 0;
      armReqskTimer(sim, req, timeout);
      sk.host.ehash.set(ehashKey(req.laddr, req.lport, req.raddr, req.rport), req);
      req.hashed = true;
      sk.host.requests.add(req);
      reqskQueueAdded(sim, sk);
    },
  );
}

function armReqskTimer(sim: Sim, req: RequestSock, timeout: number): void {
  cancel(req.timer);
  const expires = sim.now + timeout;
  req.timer = at(sim, expires, () => {
    req.timer = undefined;
    reqskTimerHandler(sim, req);
  });
  effect(sim, { kind: "timer", sock: req.id, timer: "rsk_timer", action: "armed", expires });
}

/** mod_timer_pending: push out a timer only if it is still pending (tcp_check_req on a retransmitted SYN). */
export function modReqskTimerPending(sim: Sim, req: RequestSock, timeout: number): void {
  if (req.timer) armReqskTimer(sim, req, timeout);
}

/** net/ipv4/inet_connection_sock.c: syn_ack_recalc — decide expire and resend (TCP_DEFER_ACCEPT aware); a
 * pure decision, traced where reqsk_timer_handler calls it. */
export function synAckRecalc(
  req: RequestSock,
  thresh: number,
  maxRetries: number,
  deferAccept: number,
): { expire: boolean; resend: boolean } {
  if (!deferAccept) return { expire: req.numTimeout >= thresh, resend: true };
  return {
    expire: req.numTimeout >= thresh && (!req.acked || req.numTimeout >= maxRetries),
    resend: !req.acked || req.numTimeout >= deferAccept - 1,
  };
}

/**
 * net/ipv4/inet_connection_sock.c: reqsk_timer_handler. The pruning loop lowers thresh from max_retries
 * towards 2 when 2*qlen > max(8, backlog) and few requests are still young.
 */
export function reqskTimerHandler(sim: Sim, req: RequestSock): void {
  const sk = req.listener;
  traced(
    sim,
    sk.host,
    "reqsk_timer_handler",
    () => `${describeSock(req)} num_timeout=${req.numTimeout}`,
    () => {
      if (sk.state !== "TCP_LISTEN") {
        inetCskReqskQueueDrop(sim, sk, req);
        return;
      }
      let maxRetries = sk.host.sysctls["net.ipv4.tcp_synack_retries"];
      let thresh = maxRetries;
      const qlen = sk.qlen;
      if (qlen << 1 > Math.max(8, sk.maxAckBacklog)) {
        let young = sk.young << 1;
        while (thresh > 2) {
          if (qlen < young) break;
          thresh--;
          young <<= 1;
        }
      }
      const deferAccept = sk.deferAccept;
      if (deferAccept) maxRetries = deferAccept;
      const { expire, resend } = traced(
        sim,
        sk.host,
        "syn_ack_recalc",
        () =>
          `${describeSock(req)} num_timeout=${req.numTimeout} thresh=${thresh} max_retries=${maxRetries}` +
          (deferAccept ? ` defer_accept=${deferAccept} acked=${req.acked ? 1 : 0}` : ""),
        () => synAckRecalc(req, thresh, maxRetries, deferAccept),
        (r) => `expire=${r.expire ? 1 : 0} resend=${r.resend ? 1 : 0}`,
      );
      // req->rsk_ops->syn_ack_timeout(req) runs on every expiry, before the decision is acted on.
      tcpSynAckTimeout(sim, req);
      if (!expire) {
        if (resend) inetRtxSynAck(sim, sk, req);
        const before = req.numTimeout;
        if (req.numTimeout++ === 0) reqskQueueAged(sim, sk);
        effect(sim, { kind: "field", sock: req.id, field: "num_timeout", value: [before, req.numTimeout] });
        armReqskTimer(sim, req, Math.min(TCP_TIMEOUT_INIT << req.numTimeout, TCP_RTO_MAX));
        return;
      }
      inetCskReqskQueueDrop(sim, sk, req);
    },
  );
}

/** net/ipv4/inet_connection_sock.c: inet_rtx_syn_ack — rsk_ops->rtx_syn_ack, num_retrans++. */
export function inetRtxSynAck(sim: Sim, sk: Sock, req: RequestSock): void {
  traced(
    sim,
    sk.host,
    "inet_rtx_syn_ack",
    () => describeSock(req),
    () => {
      tcpRtxSynack(sim, sk, req);
      req.numRetrans++;
    },
  );
}

/**
 * net/ipv4/inet_connection_sock.c: inet_csk_reqsk_queue_drop — reqsk_queue_unlink (leave the established
 * hash, stop the timer) and, only if it was still hashed, reqsk_queue_removed.
 */
export function inetCskReqskQueueDrop(sim: Sim, sk: Sock, req: RequestSock): void {
  traced(
    sim,
    sk.host,
    "inet_csk_reqsk_queue_drop",
    () => describeSock(req),
    () => {
      const found = reqskQueueUnlink(sim, req);
      if (found) {
        reqskQueueRemoved(sim, sk, req);
        effect(sim, { kind: "state", sock: req.id, from: "TCP_NEW_SYN_RECV", to: "freed" });
      }
    },
  );
}

/** net/ipv4/inet_connection_sock.c: reqsk_queue_unlink — true if the request was in the established hash. */
function reqskQueueUnlink(sim: Sim, req: RequestSock): boolean {
  const found = unhashRequest(req);
  if (req.timer) {
    cancel(req.timer);
    req.timer = undefined;
    effect(sim, { kind: "timer", sock: req.id, timer: "rsk_timer", action: "cancelled" });
  }
  return found;
}

/** Remove a request from the established hash (also what inet_ehash_nolisten does when the child replaces it). */
export function unhashRequest(req: RequestSock): boolean {
  if (!req.hashed) return false;
  req.hashed = false;
  const key = ehashKey(req.laddr, req.lport, req.raddr, req.rport);
  if (req.host.ehash.get(key) === req) req.host.ehash.delete(key);
  req.host.requests.delete(req);
  return true;
}

/**
 * net/ipv4/inet_connection_sock.c: inet_csk_complete_hashdance — the child took the request's place in the
 * hash, so inet_csk_reqsk_queue_drop only stops the timer; reqsk_queue_removed then does qlen-- (young--
 * if it never timed out), and the child goes on the accept queue.
 */
export function inetCskCompleteHashdance(
  sim: Sim,
  sk: Sock,
  child: Sock,
  req: RequestSock,
): Sock | undefined {
  return traced(
    sim,
    sk.host,
    "inet_csk_complete_hashdance",
    () => `sk=${sk.id} child=${child.id} ${describeSock(req)}`,
    () => {
      inetCskReqskQueueDrop(sim, sk, req);
      reqskQueueRemoved(sim, sk, req);
      return inetCskReqskQueueAdd(sim, sk, req, child) ? child : undefined;
    },
    (c) => (c ? c.id : "NULL"),
  );
}

/**
 * net/ipv4/inet_connection_sock.c: inet_csk_reqsk_queue_add — append to rskq_accept_tail and
 * sk_acceptq_added; a listener that stopped listening forgets the child instead (:928 inet_child_forget).
 */
export function inetCskReqskQueueAdd(sim: Sim, sk: Sock, req: RequestSock, child: Sock): boolean {
  return traced(
    sim,
    sk.host,
    "inet_csk_reqsk_queue_add",
    () => `sk=${sk.id} child=${child.id}`,
    () => {
      if (sk.state !== "TCP_LISTEN") {
        inetChildForget(sim, child);
        return false;
      }
      req.child = child;
      sk.acceptQueue.push(req);
      skAcceptqAdded(sim, sk);
      return true;
    },
    (ok) => (ok ? "child" : "NULL (listener closed)"),
  );
}

/** net/ipv4/inet_connection_sock.c: inet_child_forget — disconnect and destroy an unaccepted child. */
export function inetChildForget(sim: Sim, child: Sock): void {
  tcpDisconnect(sim, child);
  child.dead = true;
  inetCskDestroySock(child);
}

export type AcceptOutcome = { child: Sock } | { errno: "EINVAL" | "EAGAIN" } | { wait: true };

/**
 * net/ipv4/inet_connection_sock.c: inet_csk_accept up to the sleep: -EINVAL unless LISTEN; an empty queue
 * gives -EAGAIN without a timeout (O_NONBLOCK), else the caller sleeps in inet_csk_wait_for_connect.
 */
export function inetCskAccept(sim: Sim, sk: Sock, nonblock: boolean): AcceptOutcome {
  return traced(
    sim,
    sk.host,
    "inet_csk_accept",
    () => `${describeSock(sk)}${nonblock ? " O_NONBLOCK" : ""}`,
    (): AcceptOutcome => {
      if (sk.state !== "TCP_LISTEN") return { errno: "EINVAL" };
      if (sk.acceptQueue.length === 0) {
        if (nonblock) return { errno: "EAGAIN" };
        return { wait: true };
      }
      return takeChild(sim, sk);
    },
    acceptRet,
  );
}

/**
 * The rest of inet_csk_wait_for_connect's loop after a wakeup or timeout, then inet_csk_accept's tail:
 * queue non-empty → take it; not listening → -EINVAL; timeout used up → -EAGAIN; else sleep again.
 */
export function inetCskWaitForConnect(sim: Sim, sk: Sock, timedOut: boolean, task: string): AcceptOutcome {
  return traced(
    sim,
    sk.host,
    "inet_csk_wait_for_connect",
    () => `${describeSock(sk)} ${task} ${timedOut ? "timeout" : "woken"}`,
    (): AcceptOutcome => {
      if (sk.acceptQueue.length > 0) return takeChild(sim, sk);
      if (sk.state !== "TCP_LISTEN") return { errno: "EINVAL" };
      if (timedOut) return { errno: "EAGAIN" };
      return { wait: true };
    },
    acceptRet,
  );
}

function takeChild(sim: Sim, sk: Sock): AcceptOutcome {
  const req = reqskQueueRemove(sim, sk)!;
  const child = req.child!;
  child.accepted = true;
  // net/ipv4/inet_connection_sock.c:478 inet_csk_accept: reqsk_put(req), the request sock's life ends.
  effect(sim, { kind: "state", sock: req.id, from: "TCP_NEW_SYN_RECV", to: "freed" });
  return { child };
}

function acceptRet(o: AcceptOutcome): string {
  if ("child" in o) return o.child.id;
  if ("errno" in o) return `-${o.errno}`;
  return "sleep";
}

/** net/ipv4/inet_connection_sock.c: inet_csk_listen_stop — every queued child is disconnected (RST). */
export function inetCskListenStop(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "inet_csk_listen_stop",
    () => `sk=${sk.id}`,
    () => {
      let req: RequestSock | undefined;
      while ((req = reqskQueueRemove(sim, sk)) !== undefined) {
        if (req.child) inetChildForget(sim, req.child);
        // net/ipv4/inet_connection_sock.c:987 inet_csk_listen_stop → inet_child_forget: reqsk_put(req) (:917).
        effect(sim, { kind: "state", sock: req.id, from: "TCP_NEW_SYN_RECV", to: "freed" });
      }
    },
  );
}

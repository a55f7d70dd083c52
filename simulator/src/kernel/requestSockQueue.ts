// The listener's two queues (spec §3): the SYN queue is only the counters qlen/young (request socks live in
// the established hash), the accept queue is a list whose length is sk_ack_backlog.
import { describeSock, type RequestSock, type Sock } from "./sock.js";
import { effect, traced, type Sim } from "./sim.js";

/** include/net/inet_connection_sock.h: inet_csk_reqsk_queue_is_full — qlen >= sk_max_ack_backlog (an int). */
export function inetCskReqskQueueIsFull(sim: Sim, sk: Sock): boolean {
  return traced(
    sim,
    sk.host,
    "inet_csk_reqsk_queue_is_full",
    () => `${describeSock(sk)} qlen=${sk.qlen} max=${sk.maxAckBacklog}`,
    () => sk.qlen >= sk.maxAckBacklog,
    (full) => (full ? "1" : "0"),
  );
}

/** include/net/sock.h: sk_acceptq_is_full — sk_ack_backlog > sk_max_ack_backlog, so backlog + 1 fit. */
export function skAcceptqIsFull(sim: Sim, sk: Sock): boolean {
  return traced(
    sim,
    sk.host,
    "sk_acceptq_is_full",
    () => `${describeSock(sk)} ack_backlog=${sk.ackBacklog} max=${sk.maxAckBacklog}`,
    () => sk.ackBacklog > sk.maxAckBacklog,
    String,
  );
}

function synqChange(sim: Sim, sk: Sock, qlen: number, young: number): void {
  const before = { qlen: sk.qlen, young: sk.young };
  sk.qlen += qlen;
  sk.young += young;
  if (sim.tracing)
    effect(sim, {
      kind: "synq",
      listener: sk.id,
      qlen: [before.qlen, sk.qlen],
      young: [before.young, sk.young],
      max: sk.maxAckBacklog,
    });
}

/** include/net/request_sock.h: reqsk_queue_added — qlen++, young++. */
export function reqskQueueAdded(sim: Sim, sk: Sock): void {
  synqChange(sim, sk, 1, 1);
}

/** include/net/request_sock.h: reqsk_queue_removed — young-- if the request never timed out, qlen--. */
export function reqskQueueRemoved(sim: Sim, sk: Sock, req: RequestSock): void {
  synqChange(sim, sk, -1, req.numTimeout === 0 ? -1 : 0);
}

/** net/ipv4/inet_connection_sock.c: reqsk_timer_handler — `if (req->num_timeout++ == 0) atomic_dec(&queue->young)`. */
export function reqskQueueAged(sim: Sim, sk: Sock): void {
  synqChange(sim, sk, 0, -1);
}

function acceptqChange(sim: Sim, sk: Sock, delta: number): void {
  const before = sk.ackBacklog;
  sk.ackBacklog += delta;
  if (sim.tracing)
    effect(sim, { kind: "acceptq", listener: sk.id, len: [before, sk.ackBacklog], max: sk.maxAckBacklog });
}

/** include/net/sock.h: sk_acceptq_added — sk_ack_backlog++ (inet_csk_reqsk_queue_add queued a child). */
export function skAcceptqAdded(sim: Sim, sk: Sock): void {
  acceptqChange(sim, sk, 1);
}

/** include/net/request_sock.h: reqsk_queue_remove — take the head, sk_acceptq_removed. */
export function reqskQueueRemove(sim: Sim, sk: Sock): RequestSock | undefined {
  return traced(
    sim,
    sk.host,
    "reqsk_queue_remove",
    () => `sk=${sk.id}`,
    () => {
      const req = sk.acceptQueue.shift();
      // sk_acceptq_removed
      if (req) acceptqChange(sim, sk, -1);
      return req;
    },
    (req) => (req?.child ? req.child.id : "NULL"),
  );
}

// epoll on a listening socket (fs/eventpoll.c): an item's wait entry on the listener (ep_poll_callback)
// queues it on the ready list and wakes one epoll_wait() caller; ep_send_events re-polls each ready item
// and puts level-triggered ones back on the list.
import type { Host } from "./host.js";
import { effect, objectId, traced, type Sim } from "./sim.js";
import { sleepOn, type Task } from "./sleep.js";
import type { Sock } from "./sock.js";
import {
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLOUT,
  POLLRDHUP,
  POLLRDNORM,
  POLLWRNORM,
  WaitQueue,
  type WaitEntry,
} from "./waitQueue.js";

/** include/uapi/linux/eventpoll.h: EPOLLET */
export const EPOLLET = 1 << 31;
/** include/uapi/linux/eventpoll.h: EPOLLEXCLUSIVE (1 << 28) */
export const EPOLLEXCLUSIVE = 1 << 28;

export interface EpItem {
  ep: Epoll;
  sk: Sock;
  events: number;
  /** On ep->rdllist. */
  ready: boolean;
  entry: WaitEntry;
}

export interface Epoll {
  kind: "epoll";
  id: string;
  host: Host;
  items: EpItem[];
  rdllist: EpItem[];
  /** ep->wq: tasks blocked in epoll_wait (exclusive waiters). */
  wq: WaitQueue;
}

export function newEpoll(host: Host): Epoll {
  return { kind: "epoll", id: objectId(host, "ep"), host, items: [], rdllist: [], wq: new WaitQueue() };
}

/**
 * net/ipv4/tcp.c: tcp_poll. A listener: inet_csk_listen_poll, POLLIN when the accept queue is not empty.
 * Other sockets: POLLHUP when fully shut down or CLOSE; RCV_SHUTDOWN adds POLLIN|POLLRDNORM|POLLRDHUP;
 * outside SYN_SENT/SYN_RECV, unread data gives POLLIN|POLLRDNORM and the socket is writeable (the model
 * has no send-buffer limit: sk_stream_is_writeable is true) or SEND_SHUTDOWN, so POLLOUT|POLLWRNORM;
 * sk_err adds POLLERR.
 */
export function tcpPoll(sim: Sim, sk: Sock): number {
  return traced(
    sim,
    sk.host,
    "tcp_poll",
    () => `sk=${sk.id}`,
    () => {
      if (sk.state === "TCP_LISTEN") return sk.acceptQueue.length > 0 ? POLLIN | POLLRDNORM : 0;
      let mask = 0;
      if (sk.shutdown === SHUTDOWN_MASK || sk.state === "TCP_CLOSE") mask |= POLLHUP;
      if (sk.shutdown & RCV_SHUTDOWN) mask |= POLLIN | POLLRDNORM | POLLRDHUP;
      if (sk.state !== "TCP_SYN_SENT" && sk.state !== "TCP_SYN_RECV") {
        // rcv_nxt - copied_seq >= target (1): the model never reads, so any byte received counts.
        if (sk.bytesReceived > 0) mask |= POLLIN | POLLRDNORM;
        mask |= POLLOUT | POLLWRNORM;
      }
      if (sk.err) mask |= POLLERR;
      return mask;
    },
    (mask) => pollMaskName(mask),
  );
}

const RCV_SHUTDOWN = 1;
const SHUTDOWN_MASK = 3;

/** "POLLIN|POLLRDNORM", or "0". */
export function pollMaskName(mask: number): string {
  const names: string[] = [];
  for (const [bit, name] of POLL_BITS) if (mask & bit) names.push(name);
  return names.join("|") || "0";
}

const POLL_BITS: readonly [number, string][] = [
  [POLLIN, "POLLIN"],
  [POLLOUT, "POLLOUT"],
  [POLLERR, "POLLERR"],
  [POLLHUP, "POLLHUP"],
  [POLLRDNORM, "POLLRDNORM"],
  [POLLWRNORM, "POLLWRNORM"],
  [POLLRDHUP, "POLLRDHUP"],
];

/** fs/eventpoll.c: ep_insert (EPOLL_CTL_ADD) — register the callback, queue the item if already ready. */
export function epInsert(sim: Sim, ep: Epoll, sk: Sock, events: number): void {
  const item: EpItem = {
    ep,
    sk,
    events,
    ready: false,
    entry: {
      exclusive: (events & EPOLLEXCLUSIVE) !== 0,
      label: `epoll ${ep.id}`,
      wake: (key) => epPollCallback(sim, item, key),
    },
  };
  ep.items.push(item);
  // ep_ptable_queue_proc (fs/eventpoll.c:1124–1127): EPOLLEXCLUSIVE joins the tail with the exclusive waiters.
  if (item.entry.exclusive) sk.wq.addExclusive(item.entry);
  else sk.wq.add(item.entry);
  if (tcpPoll(sim, sk) & events) queueReady(sim, item);
}

function queueReady(sim: Sim, item: EpItem): void {
  const ep = item.ep;
  if (!item.ready) {
    item.ready = true;
    ep.rdllist.push(item);
    effect(sim, {
      kind: "field",
      sock: ep.id,
      field: "rdllist",
      value: [ep.rdllist.length - 1, ep.rdllist.length],
    });
  }
  // wake_up_locked(&ep->wq): one exclusive epoll_wait() caller.
  for (const entry of [...ep.wq.entries]) {
    if (entry.wake(POLLIN)) {
      effect(sim, { kind: "wake", waiter: entry.label });
      if (entry.exclusive) break;
    }
  }
}

/**
 * fs/eventpoll.c: ep_poll_callback — ignore events the item does not ask for, else queue and wake. Its
 * answer counts for __wake_up_common only for an EPOLLEXCLUSIVE item: 1 when a task was blocked in this
 * instance's epoll_wait() for an event the item asks for (:1075–1091, :1104–1105), so a wakeup passes over
 * an instance nobody waits on to the next exclusive waiter.
 */
function epPollCallback(sim: Sim, item: EpItem, key: number): boolean {
  return traced(
    sim,
    item.ep.host,
    "ep_poll_callback",
    () => `${item.ep.id} sk=${item.sk.id}${item.entry.exclusive ? " EPOLLEXCLUSIVE" : ""}`,
    () => {
      if (key && !(key & item.events)) return false;
      const waiting = item.ep.wq.active;
      queueReady(sim, item);
      if (!item.entry.exclusive) return true;
      const inout = key & (POLLIN | POLLOUT);
      return waiting && (inout === 0 || (inout === POLLIN && (item.events & POLLIN) !== 0));
    },
    (woke) => (item.entry.exclusive ? (woke ? "1" : "0") : undefined),
  );
}

/**
 * fs/eventpoll.c: ep_poll + ep_send_events_proc. Calls `done(n)` with the number of ready events once
 * there are some, or 0 when `timeout` (ms; -1 = none) runs out.
 */
export function epPoll(
  sim: Sim,
  ep: Epoll,
  task: Task,
  maxevents: number,
  timeout: number,
  done: (n: number) => void,
): void {
  const deadline = timeout < 0 ? undefined : sim.now + timeout;
  const attempt = (timedOut: boolean): void => {
    const n = traced(
      sim,
      ep.host,
      "sys_epoll_wait",
      () => `${ep.id} ${task.label}${timedOut ? " timeout" : ""}`,
      () => (ep.rdllist.length ? sendEvents(sim, ep, maxevents) : 0),
      (r) => String(r),
    );
    if (n > 0 || timedOut || timeout === 0) {
      done(n);
      return;
    }
    sleepOn(sim, task, ep.wq, true, deadline, attempt);
  };
  attempt(false);
}

function sendEvents(sim: Sim, ep: Epoll, maxevents: number): number {
  const list = ep.rdllist;
  ep.rdllist = [];
  let reported = 0;
  for (const item of list) {
    item.ready = false;
    if (reported >= maxevents) {
      item.ready = true;
      ep.rdllist.push(item);
      continue;
    }
    if (tcpPoll(sim, item.sk) & item.events) {
      reported++;
      // Level-triggered: back on the ready list so the next epoll_wait polls it again.
      if (!(item.events & EPOLLET)) {
        item.ready = true;
        ep.rdllist.push(item);
      }
    }
  }
  return reported;
}

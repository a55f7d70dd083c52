// Socket callbacks that wake sleepers (net/core/sock.c) and the wait-queue walk behind them
// (kernel/sched/wait.c: __wake_up_common).
import { traced, effect, type Sim } from "./sim.js";
import type { Sock } from "./sock.js";
import { POLLIN, POLLRDNORM, type WaitQueue } from "./waitQueue.js";

/**
 * kernel/sched/wait.c: __wake_up_common — call each entry's wake function in queue order; an exclusive
 * entry that woke someone counts against nr_exclusive, and the walk stops when that reaches 0.
 */
export function wakeUpCommon(sim: Sim, sk: Sock, wq: WaitQueue, nrExclusive: number, key: number): void {
  traced(
    sim,
    sk.host,
    "__wake_up_common",
    () => `wq=${sk.id} nr_exclusive=${nrExclusive || "all"}`,
    () => {
      for (const entry of [...wq.entries]) {
        const woke = entry.wake(key);
        if (woke) effect(sim, { kind: "wake", waiter: entry.label });
        if (woke && entry.exclusive && --nrExclusive === 0) break;
      }
    },
  );
}

/** net/core/sock.c: sock_def_readable (sk_data_ready) — wake_up_interruptible_sync_poll(POLLIN…): nr_exclusive 1. */
export function sockDefReadable(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "sock_def_readable",
    () => `sk=${sk.id}`,
    () => {
      if (sk.wq.active) wakeUpCommon(sim, sk, sk.wq, 1, POLLIN | POLLRDNORM);
    },
  );
}

/** net/core/sock.c: sock_def_wakeup (sk_state_change) — wake_up_interruptible_all. */
export function sockDefWakeup(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "sock_def_wakeup",
    () => `sk=${sk.id}`,
    () => {
      if (sk.wq.active) wakeUpCommon(sim, sk, sk.wq, 0, 0);
    },
  );
}

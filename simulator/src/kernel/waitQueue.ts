// A socket's wait queue (wait_queue_head_t): non-exclusive entries at the head, exclusive ones at the tail,
// so __wake_up_common wakes every non-exclusive waiter and then nr_exclusive exclusive ones.

export interface WaitEntry {
  exclusive: boolean;
  /** Who waits, for the trace ("task server/accept-1", "epoll server/ep1"). */
  label: string;
  /** The entry's wake function; returns true when it woke someone (try_to_wake_up succeeded). */
  wake: (key: number) => boolean;
}

export class WaitQueue {
  entries: WaitEntry[] = [];

  /** kernel/sched/wait.c: add_wait_queue puts non-exclusive waiters first. */
  add(entry: WaitEntry): void {
    this.entries.unshift(entry);
  }

  /** kernel/sched/wait.c: add_wait_queue_exclusive / prepare_to_wait_exclusive append at the tail. */
  addExclusive(entry: WaitEntry): void {
    this.entries.push(entry);
  }

  remove(entry: WaitEntry): void {
    const i = this.entries.indexOf(entry);
    if (i >= 0) this.entries.splice(i, 1);
  }

  get active(): boolean {
    return this.entries.length > 0;
  }
}

/** Poll bits (include/uapi/asm-generic/poll.h). */
export const POLLIN = 0x0001;
export const POLLOUT = 0x0004;
export const POLLERR = 0x0008;
export const POLLHUP = 0x0010;
export const POLLRDNORM = 0x0040;
export const POLLWRNORM = 0x0100;
export const POLLRDHUP = 0x2000;

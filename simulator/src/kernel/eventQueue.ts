// The discrete-event queue: a binary min-heap ordered by (time, insertion order), so equal times run FIFO.

export interface QueuedEvent {
  t: number;
  seq: number;
  run: () => void;
  /** Set when a timer is re-armed or deleted; the heap entry is then skipped (lazy deletion). */
  cancelled: boolean;
}

export class EventQueue {
  private heap: QueuedEvent[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(t: number, run: () => void): QueuedEvent {
    const ev: QueuedEvent = { t, seq: this.nextSeq++, run, cancelled: false };
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(ev, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = ev;
    return ev;
  }

  /** Next live event, or undefined when none is left. */
  pop(): QueuedEvent | undefined {
    for (;;) {
      const top = this.removeTop();
      if (!top || !top.cancelled) return top;
    }
  }

  /** Time of the next live event. */
  peekTime(): number | undefined {
    while (this.heap[0]?.cancelled) this.removeTop();
    return this.heap[0]?.t;
  }

  private removeTop(): QueuedEvent | undefined {
    const h = this.heap;
    const top = h[0];
    if (!top) return undefined;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && before(h[r]!, h[l]!) ? r : l;
        if (!before(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

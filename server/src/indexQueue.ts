// The order files are indexed in: sources first (net/ipv4 before the rest), and every header a source or an
// already reached header includes as soon as that is known, ahead of the headers nothing reached yet. So
// net/ and the headers it actually uses are indexed before the remaining two thirds of include/.
import { includeCandidates } from "./includeTargets.js";

const isHeaderPath = (p: string) => p.startsWith("include/");

export class IndexQueue {
  private readonly selected: ReadonlySet<string>;
  private readonly taken = new Set<string>();
  /** Sources, and headers some reached file includes. */
  private readonly reached = new Set<string>();
  private readonly urgent: string[] = [];
  private cursor = 0;
  private reachedDone = 0;
  private readonly done = new Set<string>();
  private readonly includesOfUnreached = new Map<string, readonly string[]>();

  constructor(private readonly order: readonly string[]) {
    this.selected = new Set(order);
    for (const p of order) if (!isHeaderPath(p)) this.reached.add(p);
  }

  /** The next file to index, undefined when every file has been handed out. */
  take(): string | undefined {
    while (this.urgent.length > 0) {
      const next = this.urgent.shift()!;
      if (!this.taken.has(next)) return this.hand(next);
    }
    while (this.cursor < this.order.length) {
      const next = this.order[this.cursor++]!;
      if (!this.taken.has(next)) return this.hand(next);
    }
    return undefined;
  }

  /** A file was indexed: the headers it includes come next if it is itself reached. */
  finished(file: string, includes: readonly string[] = []): void {
    if (this.done.has(file)) return;
    this.done.add(file);
    if (!this.reached.has(file)) {
      // Indexed before anything reached it; if something does later, its includes count then.
      this.includesOfUnreached.set(file, includes);
      return;
    }
    this.reachedDone++;
    this.follow(file, includes);
  }

  private follow(file: string, includes: readonly string[]): void {
    const work: [string, readonly string[]][] = [[file, includes]];
    for (let next = work.pop(); next; next = work.pop()) {
      const [from, list] = next;
      for (const include of list) {
        const target = includeCandidates(from, include).find((c) => this.selected.has(c));
        if (target === undefined || this.reached.has(target)) continue;
        this.reached.add(target);
        if (this.done.has(target)) {
          this.reachedDone++;
          work.push([target, this.includesOfUnreached.get(target) ?? []]);
          this.includesOfUnreached.delete(target);
        } else if (!this.taken.has(target)) {
          this.urgent.push(target);
        }
      }
    }
  }

  /** Every source and every header they reach is indexed (nothing still being handed out can add one). */
  get reachedComplete(): boolean {
    return this.reachedDone === this.reached.size;
  }

  get reachedCount(): number {
    return this.reached.size;
  }

  private hand(file: string): string {
    this.taken.add(file);
    return file;
  }
}

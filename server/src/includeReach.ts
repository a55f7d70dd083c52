// The files a file reaches through its #include lines, transitively, as the index holds them
// (FileHeader.includes): of several headers defining one name, those its translation unit includes, the
// nearest first. `NULL` in net/netfilter/nft_dynset.c is include/linux/stddef.h's, not include/acpi's.
import { IncludeResolver } from "./includeTargets.js";
import type { FileHeader } from "./serializedFile.js";

/** Walks kept at once (each up to one entry per indexed file). */
const MAX_KEPT = 64;

export class IncludeReach {
  private generation = -1;
  private readonly orders = new Map<string, ReadonlyMap<string, number>>();
  private resolver = this.newResolver();

  constructor(
    private readonly header: (path: string) => FileHeader | undefined,
    /** Grows when files change: what was reached is walked again. */
    private readonly currentGeneration: () => number,
  ) {}

  /** Each file `path` reaches, by how soon a breadth-first walk of its includes meets it (itself 0). */
  of(path: string): ReadonlyMap<string, number> {
    const generation = this.currentGeneration();
    if (generation !== this.generation) {
      this.orders.clear();
      this.resolver = this.newResolver();
      this.generation = generation;
    }
    let order = this.orders.get(path);
    if (!order) {
      // A reference search may type members in a thousand files: a few walks are kept, not all of them.
      if (this.orders.size >= MAX_KEPT) this.orders.clear();
      order = this.walk(path);
      this.orders.set(path, order);
    }
    return order;
  }

  /** `refs` with those in files `path` reaches first, nearest first; the others after, as they came. */
  nearestFirst<T extends { file: { path: string } }>(refs: T[], path: string): T[] {
    if (refs.length < 2) return refs;
    // Only headers are reached (and the file itself): with one header among them, no walk can reorder more
    // than the file's own refs, which come first.
    const headers = new Set(refs.map((r) => r.file.path).filter((p) => p !== path && !p.endsWith(".c")));
    if (headers.size < 2) {
      return [...refs.filter((r) => r.file.path === path), ...refs.filter((r) => r.file.path !== path)];
    }
    const order = this.of(path);
    const reached = refs.filter((r) => order.has(r.file.path));
    // A stable sort keeps same-file refs, and files met at once, in their order.
    reached.sort((a, b) => order.get(a.file.path)! - order.get(b.file.path)!);
    return [...reached, ...refs.filter((r) => !order.has(r.file.path))];
  }

  private walk(start: string): Map<string, number> {
    const order = new Map([[start, 0]]);
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      const from = queue[i]!;
      for (const include of this.header(from)?.includes ?? []) {
        const target = this.resolver.target(from, include);
        if (target === undefined || order.has(target)) continue;
        order.set(target, order.size);
        queue.push(target);
      }
    }
    return order;
  }

  private newResolver(): IncludeResolver {
    return new IncludeResolver((candidate) => this.header(candidate) !== undefined);
  }
}

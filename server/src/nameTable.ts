// One workspace-wide table from a name to the symbols bearing it, built from file headers the first time it
// is asked (a warm start loads headers only; references or the outline of a field may never be asked for).
import type { IndexedFile } from "./indexedFile.js";

/** A posting is fileId * STRIDE + position; both stay exact in a double (2^27 file versions). */
export const STRIDE = 2 ** 26;

export type NameVisitor = (name: string, position: number) => void;

export class NameTable {
  private table: Map<string, number[]> | undefined;

  constructor(
    /** Calls `visit` for every (name, position in the file's refs) this table takes from a file. */
    private readonly names: (file: IndexedFile, visit: NameVisitor) => void,
    private readonly files: () => Iterable<IndexedFile>,
  ) {}

  add(file: IndexedFile): void {
    if (this.table) this.fill(this.table, file);
  }

  remove(file: IndexedFile): void {
    const table = this.table;
    if (!table) return;
    this.names(file, (name) => {
      const list = table.get(name);
      if (!list) return;
      const kept = list.filter((posting) => Math.floor(posting / STRIDE) !== file.id);
      if (kept.length > 0) table.set(name, kept);
      else table.delete(name);
    });
  }

  postings(name: string): readonly number[] | undefined {
    return this.built().get(name);
  }

  has(name: string): boolean {
    return this.built().has(name);
  }

  keys(): IterableIterator<string> {
    return this.built().keys();
  }

  private built(): Map<string, number[]> {
    if (!this.table) {
      const table = new Map<string, number[]>();
      for (const file of this.files()) this.fill(table, file);
      this.table = table;
    }
    return this.table;
  }

  private fill(table: Map<string, number[]>, file: IndexedFile): void {
    const base = file.id * STRIDE;
    this.names(file, (name, position) => {
      const list = table.get(name);
      if (list) list.push(base + position);
      else table.set(name, [base + position]);
    });
  }
}

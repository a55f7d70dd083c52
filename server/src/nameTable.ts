// One workspace-wide table from a name to the symbols bearing it, built from file headers: a piece at a time
// in idle time (WorkspaceIndex.prime), or at once when a request needs it first. A warm start loads headers
// only; the tables come after the server is ready.
import type { IndexedFile } from "./indexedFile.js";

/** A posting is fileId * STRIDE + position; both stay exact in a double (2^27 file versions). */
export const STRIDE = 2 ** 26;

export type NameVisitor = (name: string, position: number) => void;

export class NameTable {
  private table: Map<string, number[]> | undefined;
  /** Files not yet in a table being built. The iteration is live: a file replaced meanwhile comes again
   * at the end under its new id, a removed one is not visited. */
  private pending: Iterator<IndexedFile> | undefined;

  constructor(
    /** Calls `visit` for every (name, position in the file's refs) this table takes from a file. */
    private readonly names: (file: IndexedFile, visit: NameVisitor) => void,
    private readonly files: () => Iterator<IndexedFile>,
  ) {}

  add(file: IndexedFile): void {
    // A table still being built reaches the file through `pending`.
    if (this.table && !this.pending) this.fill(this.table, file);
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

  /** Adds files to the table until `deadline` (performance.now()); true once it is complete. */
  buildSome(deadline: number): boolean {
    const table = this.start();
    for (let next = this.pending?.next(); next; next = this.pending?.next()) {
      if (next.done) {
        this.pending = undefined;
        break;
      }
      this.fill(table, next.value);
      if (performance.now() >= deadline) break;
    }
    return this.pending === undefined;
  }

  private built(): Map<string, number[]> {
    this.buildSome(Infinity);
    return this.table!;
  }

  private start(): Map<string, number[]> {
    if (!this.table) {
      this.table = new Map();
      this.pending = this.files();
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

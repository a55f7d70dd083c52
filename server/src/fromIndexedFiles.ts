// A value read from a few indexed files' texts (the sysctl tables, the SNMP counter tables), made again only
// when one of those files changed: an edit elsewhere moves the index's generation but not these files' hashes,
// and rereading them from disk on the next hover would cost 10–35 ms for nothing.
import type { WorkspaceIndex } from "./workspaceIndex.js";

export class FromIndexedFiles<T> {
  private made: { generation: number; key: string; value: T } | undefined;

  constructor(
    private readonly index: WorkspaceIndex,
    /** The files the value is read from, as the index names them now. */
    private readonly files: () => Iterable<string>,
    /** Reads the value from those files, sorted. */
    private readonly make: (paths: string[]) => T,
  ) {}

  get(): T {
    const generation = this.index.generation;
    if (this.made?.generation === generation) return this.made.value;
    const paths = [...new Set(this.files())].sort();
    const key = paths.map((path) => `${path}@${this.index.header(path)?.contentHash}`).join("\n");
    if (this.made?.key === key) this.made.generation = generation;
    else this.made = { generation, key, value: this.make(paths) };
    return this.made.value;
  }
}

// Which SNMP counter an enumerator is: the SNMP_MIB_ITEM tables of the indexed files (snmpCounters.ts), read
// from the files the index records SNMP_MIB_ITEM in, again after the index changed.
import { snmpCounters, type SnmpCounter } from "./snmpCounters.js";
import type { WorkspaceIndex } from "./workspaceIndex.js";

export interface LocatedCounter {
  path: string;
  counter: SnmpCounter;
}

export class SnmpNames {
  private read: { generation: number; byEntry: Map<string, LocatedCounter[]> } | undefined;

  constructor(
    private readonly index: WorkspaceIndex,
    /** A file's text: the editor's for an open one, else the disk's; undefined when it cannot be read. */
    private readonly textOf: (path: string) => string | undefined,
  ) {}

  /** The counters the enumerator `entry` is (LINUX_MIB_LISTENOVERFLOWS: TcpExt's ListenOverflows). */
  of(entry: string): LocatedCounter[] {
    return this.byEntry().get(entry) ?? [];
  }

  private byEntry(): Map<string, LocatedCounter[]> {
    if (this.read?.generation === this.index.generation) return this.read.byEntry;
    const byEntry = new Map<string, LocatedCounter[]>();
    const paths = new Set(this.index.directCallsTo("SNMP_MIB_ITEM").map((call) => call.file.path));
    for (const path of [...paths].sort()) {
      const text = this.textOf(path);
      if (text === undefined) continue;
      for (const counter of snmpCounters(text)) {
        const list = byEntry.get(counter.entry);
        if (list) list.push({ path, counter });
        else byEntry.set(counter.entry, [{ path, counter }]);
      }
    }
    this.read = { generation: this.index.generation, byEntry };
    return byEntry;
  }
}

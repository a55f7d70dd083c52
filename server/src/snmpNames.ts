// Which SNMP counter an enumerator is: the SNMP_MIB_ITEM tables of the indexed files (snmpCounters.ts), read
// from the files the index records SNMP_MIB_ITEM in, again when one of them changed.
import { FromIndexedFiles } from "./fromIndexedFiles.js";
import { snmpCounters, type SnmpCounter } from "./snmpCounters.js";
import type { WorkspaceIndex } from "./workspaceIndex.js";

export interface LocatedCounter {
  path: string;
  counter: SnmpCounter;
}

export class SnmpNames {
  /** The files the index records SNMP_MIB_ITEM in, read when one changed. */
  private readonly tables: FromIndexedFiles<Map<string, LocatedCounter[]>>;

  constructor(
    index: WorkspaceIndex,
    /** A file's text: the editor's for an open one, else the disk's; undefined when it cannot be read. */
    private readonly textOf: (path: string) => string | undefined,
  ) {
    this.tables = new FromIndexedFiles(
      index,
      () => index.directCallsTo("SNMP_MIB_ITEM").map((call) => call.file.path),
      (paths) => this.readTables(paths),
    );
  }

  /** The counters the enumerator `entry` is (LINUX_MIB_LISTENOVERFLOWS: TcpExt's ListenOverflows). */
  of(entry: string): LocatedCounter[] {
    return this.tables.get().get(entry) ?? [];
  }

  private readTables(paths: string[]): Map<string, LocatedCounter[]> {
    const byEntry = new Map<string, LocatedCounter[]>();
    for (const path of paths) {
      const text = this.textOf(path);
      if (text === undefined) continue;
      for (const counter of snmpCounters(text)) {
        const list = byEntry.get(counter.entry);
        if (list) list.push({ path, counter });
        else byEntry.set(counter.entry, [{ path, counter }]);
      }
    }
    return byEntry;
  }
}

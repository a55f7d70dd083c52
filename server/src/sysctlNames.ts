// Which sysctl a global, a field or an array index is: the ctl_table entries of the indexed files whose
// `.data` points to it (sysctlTables.ts). The files read are those that store a `.proc_handler` (only struct
// ctl_table has one), again when one of them changed; a table one of them returns from a function another
// registers takes that registration's directory.
import { returnedTable, sysctlEntries, sysctlRegistrations, type SysctlEntry } from "./sysctlTables.js";
import { FromIndexedFiles } from "./fromIndexedFiles.js";
import { expandMacros, functionLikeMacros, type FunctionLikeMacro } from "./macroExpansion.js";
import { LineIndex, rangeEnd, rangeStart } from "./textPositions.js";
import type { WorkspaceIndex } from "./workspaceIndex.js";

export interface LocatedSysctl {
  path: string;
  entry: SysctlEntry;
}

export class SysctlNames {
  /** The files whose ctl_table entries the index holds (their `.proc_handler`s), read when one changed. */
  private readonly tables: FromIndexedFiles<Map<string, LocatedSysctl[]>>;
  private readonly fileMacros = new Map<string, { hash: string; macros: Map<string, FunctionLikeMacro> }>();

  constructor(
    private readonly index: WorkspaceIndex,
    /** A file's text: the editor's for an open one, else the disk's; undefined when it cannot be read. */
    private readonly textOf: (path: string) => string | undefined,
  ) {
    this.tables = new FromIndexedFiles(
      index,
      // Only struct ctl_table has a proc_handler (include/linux/sysctl.h): any store to one, in a table or
      // assigned (`t->neigh_vars[…].proc_handler = handler` in net/core/neighbour.c), marks a file.
      () => index.opsEntriesForField("proc_handler").map((ref) => ref.file.path),
      (paths) => this.readTables(paths),
    );
  }

  /** The entries whose `.data` is the global `name` (`&netdev_max_backlog`). */
  ofGlobal(name: string): LocatedSysctl[] {
    return (this.tables.get().get(name) ?? []).filter(({ entry }) => entry.data === name);
  }

  /** The entries whose `.data` is field `name` of struct `holder`: `&init_net.ipv4.sysctl_tcp_syncookies`
   * is netns_ipv4's, as the path from init_net's type (struct net) says. */
  ofField(name: string, holder: string): LocatedSysctl[] {
    return (this.tables.get().get(name) ?? []).filter(
      ({ entry }) => entry.data !== name && this.holderOfPath(entry.data) === holder,
    );
  }

  /** The entries whose `.data` is the element of an array `name` indexes: IPV4_DEVCONF_RP_FILTER is
   * `net.ipv4.conf.<dev_name>.rp_filter` (net/ipv4/devinet.c). */
  ofIndex(name: string): LocatedSysctl[] {
    return (this.tables.get().get(name) ?? []).filter(({ entry }) => entry.index === name);
  }

  /** The entries a function-like macro's expansion reaches by index: include/linux/inetdevice.h's
   * IN_DEV_RPFILTER(in_dev) expands through IN_DEV_MAXCONF and IN_DEV_CONF_GET to
   * `ipv4_devconf_get(…, IPV4_DEVCONF_RP_FILTER)`, so it reads `net.ipv4.conf.<dev_name>.rp_filter`. The
   * macros expanded are those of the file defining it. */
  ofMacro(name: string, parameters: string, path: string): LocatedSysctl[] {
    const macros = this.macrosOf(path);
    if (macros === undefined) return [];
    const expanded = expandMacros(`${name}${parameters}`, macros);
    // Only an enumerator can index a table: most macros name none, and read no table (the first read of the
    // tables takes 50–100 ms).
    const indexes = [...new Set(expanded.match(/\b[A-Z][A-Z0-9_]*\b/g) ?? [])].filter((word) =>
      this.index.has("enumerator", word),
    );
    if (indexes.length === 0) return [];
    const byName = this.tables.get();
    return indexes.flatMap((index) => (byName.get(index) ?? []).filter(({ entry }) => entry.index === index));
  }

  /** A file's function-like macros, read again only when its content changed: every hover on a macro of a
   * header asks for them. */
  private macrosOf(path: string): Map<string, FunctionLikeMacro> | undefined {
    const hash = this.index.header(path)?.contentHash;
    const known = this.fileMacros.get(path);
    if (known && hash !== undefined && known.hash === hash) return known.macros;
    const text = this.textOf(path);
    if (text === undefined) return undefined;
    const macros = functionLikeMacros(text);
    if (hash !== undefined) this.fileMacros.set(path, { hash, macros });
    return macros;
  }

  /** The struct holding the last member of a `.data` path, typed from its first name's global. */
  private holderOfPath(data: string): string | undefined {
    const names = data.replace(/\[[^\]]*\]/g, "").split(/\.|->/);
    let holder = this.index.variablesNamed(names[0]!).find((v) => v.symbol.structType)?.symbol.structType;
    for (const member of names.slice(1, -1)) {
      if (holder === undefined) return undefined;
      const fields = this.index.structsNamed(holder).flatMap((s) => s.symbol.fields);
      holder = fields.find((f) => f.name === member)?.structType;
    }
    return holder === undefined ? undefined : this.index.resolveTypedef(holder);
  }

  /** Every entry by the last name of its `.data`. */
  private readTables(paths: string[]): Map<string, LocatedSysctl[]> {
    const files = paths.flatMap((path) => {
      const text = this.textOf(path);
      return text === undefined ? [] : [{ path, text, registrations: sysctlRegistrations(text) }];
    });
    // Directories registered in another file for what a function returns (net/ipv6/route.c's
    // ipv6_route_sysctl_init, registered by net/ipv6/sysctl_net_ipv6.c).
    const returnedBy = new Map<string, string>();
    for (const { registrations } of files) {
      for (const [fn, directory] of registrations.returnedBy) returnedBy.set(fn, directory);
    }
    const byName = new Map<string, LocatedSysctl[]>();
    for (const { path, text, registrations } of files) {
      const elsewhere = this.returnedTables(path, text, returnedBy);
      for (const entry of sysctlEntries(text, elsewhere, registrations)) {
        // An element of an array (`ipv4_devconf.data[IPV4_DEVCONF_FORWARDING-1]`) is no field of its own: it
        // is found by its index.
        const last = entry.index ?? /(\w+)$/.exec(entry.data)?.[1];
        if (last === undefined) continue;
        const list = byName.get(last);
        if (list) list.push({ path, entry });
        else byName.set(last, [{ path, entry }]);
      }
    }
    return byName;
  }

  /** The directories of this file's tables that its functions return for another file to register. */
  private returnedTables(path: string, text: string, returnedBy: Map<string, string>): Map<string, string> {
    const tables = new Map<string, string>();
    if (returnedBy.size === 0) return tables;
    const lines = new LineIndex(text);
    for (const fn of this.index.file(path)?.functions ?? []) {
      const directory = returnedBy.get(fn.name);
      if (!fn.isDefinition || directory === undefined) continue;
      const start = lines.offsetAt(rangeStart(fn.range));
      const table = returnedTable(text, start, lines.offsetAt(rangeEnd(fn.range)));
      if (table !== undefined) tables.set(table, directory);
    }
    return tables;
  }
}

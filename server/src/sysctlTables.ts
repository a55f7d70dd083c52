// sysctl tables, read from a file's text: `static struct ctl_table ipv4_net_table[] = { { .procname =
// "tcp_syncookies", .data = &init_net.ipv4.sysctl_tcp_syncookies, … } }` in net/ipv4/sysctl_net_ipv4.c, and
// `register_net_sysctl(net, "net/ipv4", table)` where the file registers it (fs/proc/proc_sysctl.c puts its
// entries under /proc/sys/net/ipv4/): the name `sysctl -w` takes for what an entry's `.data` points to.
import { endOfCommentOrLiteral } from "./commentsAndLiterals.js";
import { closingBrace, closingParen, topLevelArguments } from "./macroArguments.js";
import { LineIndex } from "./textPositions.js";

export interface SysctlEntry {
  procname: string;
  /** `net.ipv4` for `register_net_sysctl(net, "net/ipv4", …)`; a directory the registering function prints
   * shows each conversion as its argument, `net.ipv6.conf.<dev_name>`; undefined when the file registers the
   * table nowhere it can read. */
  directory?: string;
  /** `.data` as written, without `&` and blanks: `init_net.ipv4.sysctl_tcp_syncookies`, `netdev_max_backlog`. */
  data: string;
  handler?: string;
  /** As written: `0644`. */
  mode?: string;
  table: string;
  /** The line of the entry's `.procname` (0-based). */
  line: number;
}

const TABLE = /\bstruct\s+ctl_table\s+([A-Za-z_]\w*)\s*\[[^\]]*\]\s*(?:__\w+\s*)*=\s*\{/g;
/** `register_net_sysctl(net, "net/ipv4", table)`, `register_sysctl("net/core", table)`. */
const REGISTRATION = /\bregister_(?:net_)?sysctl\s*\(/g;
/** `register_sysctl_table(sunrpc_table)`: a table of directories, at the root of /proc/sys. */
const ROOT_REGISTRATION = /\bregister_sysctl_table\s*\(\s*([A-Za-z_]\w*)\s*\)/g;

/** `elsewhere`: directories other files register this file's tables under (sysctlNames.ts); `registrations`:
 * the file's own, when the caller has read them already. */
export function sysctlEntries(
  text: string,
  elsewhere?: ReadonlyMap<string, string>,
  registrations: SysctlRegistrations = sysctlRegistrations(text),
): SysctlEntry[] {
  const directories = new Map(elsewhere);
  for (const [table, directory] of registrations.tables) directories.set(table, directory);
  const tables = tablesOf(text);
  childDirectories(tables, directories);
  const lines = new LineIndex(text);
  const entries: SysctlEntry[] = [];
  for (const { table, elements } of tables) {
    const directory = directories.get(table);
    for (const { start, element } of elements) {
      const procname = /\.procname\s*=\s*"([^"]+)"/.exec(element);
      const data = /\.data\s*=\s*&?\s*([\w.\->[\]\s]+?)\s*(?:,|\}|$)/.exec(element)?.[1]?.replace(/\s+/g, "");
      if (!procname || !data || data === "NULL") continue;
      const entry: SysctlEntry = {
        procname: procname[1]!,
        data,
        table,
        line: lines.positionAt(start + procname.index).line,
      };
      if (directory) entry.directory = directory.split("/").join(".");
      const handler = /\.proc_handler\s*=\s*&?\s*(\w+)/.exec(element)?.[1];
      if (handler) entry.handler = handler;
      const mode = /\.mode\s*=\s*(\w+)/.exec(element)?.[1];
      if (mode) entry.mode = mode;
      entries.push(entry);
    }
  }
  return entries;
}

interface Table {
  table: string;
  elements: { start: number; element: string }[];
}

function tablesOf(text: string): Table[] {
  const tables: Table[] = [];
  TABLE.lastIndex = 0;
  for (let match = TABLE.exec(text); match; match = TABLE.exec(text)) {
    const open = match.index + match[0].length - 1;
    const close = closingBrace(text, open);
    if (close === undefined) continue;
    const elements = elementsOf(text, open, close).map(([start, end]) => ({
      start,
      element: text.slice(start, end),
    }));
    tables.push({ table: match[1]!, elements });
    TABLE.lastIndex = close;
  }
  return tables;
}

/** How deep `.child` tables are followed (net/sunrpc/xprtrdma/svc_rdma.c: root, sunrpc, svc_rdma). */
const MAX_NESTING = 4;

/** A table an element names as its `.child` is the directory of that element's procname, under its own
 * table's (`{ .procname = "sunrpc", .mode = 0555, .child = debug_table }` in a root table: sunrpc/). */
function childDirectories(tables: Table[], directories: Map<string, string>): void {
  for (let depth = 0; depth < MAX_NESTING; depth++) {
    let added = false;
    for (const { table, elements } of tables) {
      const parent = directories.get(table);
      if (parent === undefined) continue;
      for (const { element } of elements) {
        const child = /\.child\s*=\s*&?\s*([A-Za-z_]\w*)/.exec(element)?.[1];
        const procname = /\.procname\s*=\s*"([^"]+)"/.exec(element)?.[1];
        if (!child || !procname || directories.has(child)) continue;
        directories.set(child, parent === "" ? procname : `${parent}/${procname}`);
        added = true;
      }
    }
    if (!added) return;
  }
}

/** [start, end) of each `{ … }` element of the list between `open` and `close`. */
function elementsOf(text: string, open: number, close: number): [number, number][] {
  const elements: [number, number][] = [];
  for (let i = open + 1; i < close; i++) {
    const skipped = endOfCommentOrLiteral(text, i);
    if (skipped !== undefined) i = skipped - 1;
    else if (text[i] === "{") {
      const end = closingBrace(text, i);
      if (end === undefined || end > close) break;
      elements.push([i, end + 1]);
      i = end;
    }
  }
  return elements;
}

/** How many assignments a registered local is followed back through (`table = kmemdup(table, …)` after
 * `table = ipv4_net_table`). */
const MAX_ASSIGNMENTS = 4;

export interface SysctlRegistrations {
  /** The directory each table of the file is registered under. */
  tables: Map<string, string>;
  /** The directory the table a function returns is registered under, the function being another file's:
   * net/ipv6/sysctl_net_ipv6.c registers what route.c's ipv6_route_sysctl_init returns under net/ipv6/route. */
  returnedBy: Map<string, string>;
}

/** The registrations whose call names the directory as a string, of the table passed, or of the one a local
 * passed was last set to before the call (`tbl = netns_core_table;`, then maybe `tbl = kmemdup(tbl, …)`), or of
 * what the function called to set it returns. */
export function sysctlRegistrations(text: string): SysctlRegistrations {
  const registrations: SysctlRegistrations = { tables: new Map(), returnedBy: new Map() };
  ROOT_REGISTRATION.lastIndex = 0;
  for (let match = ROOT_REGISTRATION.exec(text); match; match = ROOT_REGISTRATION.exec(text)) {
    registrations.tables.set(match[1]!, "");
  }
  REGISTRATION.lastIndex = 0;
  for (let match = REGISTRATION.exec(text); match; match = REGISTRATION.exec(text)) {
    const open = match.index + match[0].length - 1;
    const close = closingParen(text, open);
    if (close === undefined) continue;
    const args = topLevelArguments(text, open, close).map(([from, to]) => text.slice(from, to));
    const directory =
      args.map((arg) => /^"([^"]+)"$/.exec(arg)?.[1]).find((d) => d !== undefined) ??
      formattedDirectory(text, args.slice(0, -1), match.index);
    const passed = args.at(-1);
    if (!directory || !passed || !/^\w+$/.test(passed)) continue;
    const { name, returnedBy } = assignedTable(text, passed, 0, match.index);
    const registered = returnedBy ? registrations.returnedBy : registrations.tables;
    if (!registered.has(name)) registered.set(name, directory);
  }
  return registrations;
}

/** printf conversions a directory's format may hold (`%s`, `%d`, `%u`). */
const CONVERSION = /%[-+ #0]*\d*(?:\.\d+)?[hlzjt]*[sdiu]/g;

/**
 * A directory the registering function builds before the call, `snprintf(path, sizeof(path),
 * "net/ipv6/conf/%s", dev_name)` (net/ipv6/addrconf.c: __addrconf_sysctl_register): the format with each
 * conversion shown as the argument it takes, `net/ipv6/conf/<dev_name>`. Looked for between the end of the
 * previous function (a `}` at column 0) and the call.
 */
function formattedDirectory(text: string, args: string[], before: number): string | undefined {
  const start = Math.max(0, text.lastIndexOf("\n}", before));
  for (const arg of args) {
    if (!/^[A-Za-z_]\w*$/.test(arg)) continue;
    const printf = new RegExp(`\\b(?:snprintf|scnprintf|sprintf)\\s*\\(\\s*${arg}\\s*,`, "g");
    printf.lastIndex = start;
    let call: RegExpExecArray | undefined;
    for (let m = printf.exec(text); m && m.index < before; m = printf.exec(text)) call = m;
    if (!call) continue;
    const open = text.indexOf("(", call.index);
    const close = closingParen(text, open);
    if (close === undefined || close > before) continue;
    const printed = topLevelArguments(text, open, close).map(([from, to]) => text.slice(from, to));
    const formatAt = printed.findIndex((a) => /^"[^"]*"$/.test(a));
    if (formatAt < 0) continue;
    const values = printed.slice(formatAt + 1).map((v) => `<${v.replace(/\s+/g, "")}>`);
    let next = 0;
    return printed[formatAt]!.slice(1, -1).replace(CONVERSION, () => values[next++] ?? "<?>");
  }
  return undefined;
}

/** The table a function returns, from its text between `start` and `end`: the name after its last `return`,
 * followed back through the assignments before it. */
export function returnedTable(text: string, start: number, end: number): string | undefined {
  const returns = [...text.slice(start, end).matchAll(/\breturn\s+([A-Za-z_]\w*)\s*;/g)].at(-1);
  if (!returns) return undefined;
  const assigned = assignedTable(text, returns[1]!, start, start + returns.index);
  return assigned.returnedBy ? undefined : assigned.name;
}

/** What `local` holds at `before`, followed back through the assignments from `after` on: a name, or the
 * function whose call set it. */
function assignedTable(
  text: string,
  local: string,
  after: number,
  before: number,
): { name: string; returnedBy?: true } {
  let name = local;
  let at = before;
  for (let step = 0; step < MAX_ASSIGNMENTS; step++) {
    const assigned = lastAssignment(text, name, after, at);
    if (!assigned) break;
    if (assigned.call) return { name: assigned.value, returnedBy: true };
    name = assigned.value;
    at = assigned.at;
  }
  return { name };
}

/** The last `name = value;`, `name = kmemdup(value, …` or `name = f(…` between `after` and `before` that sets
 * another name than its own (`table = kmemdup(table, …)` copies what `table` held). */
function lastAssignment(
  text: string,
  name: string,
  after: number,
  before: number,
): { value: string; at: number; call: boolean } | undefined {
  const assignment = new RegExp(
    `(?<![.>])\\b${name}\\s*=\\s*(kmemdup\\s*\\(\\s*)?([A-Za-z_]\\w*)\\s*([,;(])`,
    "g",
  );
  assignment.lastIndex = after;
  let last: { value: string; at: number; call: boolean } | undefined;
  for (let match = assignment.exec(text); match && match.index < before; match = assignment.exec(text)) {
    const call = match[3] === "(" && match[1] === undefined;
    if (match[2] !== name) last = { value: match[2]!, at: match.index, call };
  }
  return last;
}

// sysctl tables, read from a file's text: `static struct ctl_table ipv4_net_table[] = { { .procname =
// "tcp_syncookies", .data = &init_net.ipv4.sysctl_tcp_syncookies, … } }` in net/ipv4/sysctl_net_ipv4.c, and
// `register_net_sysctl(net, "net/ipv4", table)` where the file registers it (fs/proc/proc_sysctl.c puts its
// entries under /proc/sys/net/ipv4/): the name `sysctl -w` takes for what an entry's `.data` points to.
import { endOfCommentOrLiteral } from "./commentsAndLiterals.js";
import { closingBrace, closingParen, topLevelArguments } from "./macroArguments.js";
import { expandMacros, functionLikeMacros, type FunctionLikeMacro } from "./macroExpansion.js";
import { LineIndex } from "./textPositions.js";

export interface SysctlEntry {
  procname: string;
  /** `net.ipv4` for `register_net_sysctl(net, "net/ipv4", …)`; a directory the registering function prints
   * shows each conversion as its argument, `net.ipv6.conf.<dev_name>`; undefined when the file registers the
   * table nowhere it can read. */
  directory?: string;
  /** `.data` as written, without `&` and with blanks only between two words: `init_net.ipv4.sysctl_tcp_syncookies`,
   * `netdev_max_backlog`, `(&((struct neigh_parms*)0)->data[NEIGH_VAR_MCAST_PROBES])`. */
  data: string;
  /** The enumerator indexing the array `.data` points into: IPV4_DEVCONF_RP_FILTER for devinet.c's
   * `ipv4_devconf.data + IPV4_DEVCONF_RP_FILTER - 1`, NEIGH_VAR_MCAST_PROBES for neighbour.c's
   * `&(…)->data[NEIGH_VAR_MCAST_PROBES]`. */
  index?: string;
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
    for (const { start, element, expanded } of elements) {
      const procname = /\.procname\s*=\s*"([^"]+)"/.exec(element);
      const data = dataOf(element);
      if (!procname || !data) continue;
      const entry: SysctlEntry = {
        procname: procname[1]!,
        data,
        table,
        // An element a macro wrote is where the macro is invoked.
        line: lines.positionAt(expanded ? start : start + procname.index).line,
      };
      const index = INDEX.exec(data)?.[1];
      if (index) entry.index = index;
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

/** An uppercase name right after `[` or `+` in a `.data` expression: the enumerator of an array element. */
const INDEX = /(?:\[|\+)([A-Z][A-Z0-9_]*)\b/;

/** `.data`'s expression as SysctlEntry.data keeps it, up to the `,` or `}` that ends it; undefined for NULL. */
function dataOf(element: string): string | undefined {
  const at = /\.data\s*=\s*/.exec(element);
  if (!at) return undefined;
  let depth = 0;
  let end = at.index + at[0].length;
  for (; end < element.length; end++) {
    const c = element[end];
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if ((c === "," || c === "}") && depth <= 0) break;
  }
  // Blanks only where they part two words (`struct neigh_parms`).
  const data = element
    .slice(at.index + at[0].length, end)
    .replace(/\s+/g, " ")
    .replace(/ ?([^\w ]) ?/g, "$1")
    .trim()
    .replace(/^&/, "");
  return data === "" || data === "NULL" ? undefined : data;
}

interface Table {
  table: string;
  /** `expanded`: written by a macro the file defines, `element` being its expansion. */
  elements: { start: number; element: string; expanded?: true }[];
}

/** `struct ctl_table devinet_vars[__IPV4_DEVCONF_MAX];`: a struct member holding a table, filled by a
 * designated initializer `.devinet_vars = { … }` (net/ipv4/devinet.c's devinet_sysctl). */
const MEMBER_TABLE = /\bstruct\s+ctl_table\s+([A-Za-z_]\w*)\s*\[[^\]]*\]\s*;/g;

function tablesOf(text: string): Table[] {
  const lists: { table: string; open: number }[] = [];
  TABLE.lastIndex = 0;
  for (let match = TABLE.exec(text); match; match = TABLE.exec(text)) {
    lists.push({ table: match[1]!, open: match.index + match[0].length - 1 });
  }
  MEMBER_TABLE.lastIndex = 0;
  for (let match = MEMBER_TABLE.exec(text); match; match = MEMBER_TABLE.exec(text)) {
    const designator = new RegExp(`\\.\\s*${match[1]}\\s*=\\s*\\{`, "g");
    for (const initializer of text.matchAll(designator)) {
      lists.push({ table: match[1]!, open: initializer.index + initializer[0].length - 1 });
    }
  }
  let macros: Map<string, FunctionLikeMacro> | undefined;
  const tables: Table[] = [];
  for (const { table, open } of lists) {
    const close = closingBrace(text, open);
    if (close === undefined) continue;
    const written = elementsOf(text, open, close);
    const elements: Table["elements"] = written.map(([start, end]) => ({
      start,
      element: text.slice(start, end),
    }));
    macros ??= functionLikeMacros(text);
    elements.push(...macroElements(text, open, close, written, macros));
    elements.sort((a, b) => a.start - b.start);
    tables.push({ table, elements });
  }
  return tables;
}

/** The elements between `open` and `close` that invocations of the file's macros write
 * (`DEVINET_SYSCTL_RW_ENTRY(RP_FILTER, "rp_filter"),`), outside comments and the `{ … }` elements written out. */
function macroElements(
  text: string,
  open: number,
  close: number,
  written: [number, number][],
  macros: ReadonlyMap<string, FunctionLikeMacro>,
): Table["elements"] {
  const elements: Table["elements"] = [];
  if (macros.size === 0) return elements;
  let next = 0;
  for (let i = open + 1; i < close; i++) {
    const skipped = endOfCommentOrLiteral(text, i);
    if (skipped !== undefined) {
      i = skipped - 1;
      continue;
    }
    while (next < written.length && written[next]![1] <= i) next++;
    const element = written[next];
    if (element && element[0] <= i) {
      i = element[1] - 1;
      continue;
    }
    const word = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 64));
    if (!word || /\w/.test(text[i - 1] ?? "")) continue;
    const paren = /^\s*\(/.exec(text.slice(i + word[0].length, i + word[0].length + 16));
    if (!paren || !macros.has(word[0])) {
      i += word[0].length - 1;
      continue;
    }
    const end = closingParen(text, i + word[0].length + paren[0].length - 1);
    if (end === undefined || end > close) break;
    const expanded = expandMacros(text.slice(i, end + 1), macros);
    if (expanded.includes(".procname")) elements.push({ start: i, element: expanded, expanded: true });
    i = end;
  }
  return elements;
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
    if (!directory || !passed) continue;
    // `t->devinet_vars`: a copy of the struct whose member table it is (devinet_sysctl's devinet_vars).
    const member = /^(?:[A-Za-z_]\w*\s*(?:->|\.)\s*)+([A-Za-z_]\w*)$/.exec(passed)?.[1];
    if (member) {
      if (!registrations.tables.has(member)) registrations.tables.set(member, directory);
      continue;
    }
    if (!/^\w+$/.test(passed)) continue;
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

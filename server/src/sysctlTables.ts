// sysctl tables, read from a file's text: `static struct ctl_table ipv4_net_table[] = { { .procname =
// "tcp_syncookies", .data = &init_net.ipv4.sysctl_tcp_syncookies, … } }` in net/ipv4/sysctl_net_ipv4.c, and
// `register_net_sysctl(net, "net/ipv4", table)` where the file registers it (fs/proc/proc_sysctl.c puts its
// entries under /proc/sys/net/ipv4/): the name `sysctl -w` takes for what an entry's `.data` points to.
import { endOfCommentOrLiteral } from "./commentsAndLiterals.js";
import { closingBrace, closingParen, topLevelArguments } from "./macroArguments.js";
import { LineIndex } from "./textPositions.js";

export interface SysctlEntry {
  procname: string;
  /** `net.ipv4` for `register_net_sysctl(net, "net/ipv4", …)`; undefined when the file registers the table
   * under no directory written as a string (devinet.c builds "net/ipv4/conf/%s"), or not at all. */
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

export function sysctlEntries(text: string): SysctlEntry[] {
  const directories = registeredDirectories(text);
  const lines = new LineIndex(text);
  const entries: SysctlEntry[] = [];
  TABLE.lastIndex = 0;
  for (let match = TABLE.exec(text); match; match = TABLE.exec(text)) {
    const table = match[1]!;
    const open = match.index + match[0].length - 1;
    const close = closingBrace(text, open);
    if (close === undefined) continue;
    const directory = directories.get(table);
    for (const [start, end] of elementsOf(text, open, close)) {
      const element = text.slice(start, end);
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
    TABLE.lastIndex = close;
  }
  return entries;
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

/** The directory each table of the file is registered under, when the call names it as a string: the table
 * passed, or the one a local passed was last set to before the call (`tbl = netns_core_table;`, then maybe
 * `tbl = kmemdup(tbl, …)`). */
function registeredDirectories(text: string): Map<string, string> {
  const directories = new Map<string, string>();
  REGISTRATION.lastIndex = 0;
  for (let match = REGISTRATION.exec(text); match; match = REGISTRATION.exec(text)) {
    const open = match.index + match[0].length - 1;
    const close = closingParen(text, open);
    if (close === undefined) continue;
    const args = topLevelArguments(text, open, close).map(([from, to]) => text.slice(from, to));
    const directory = args.map((arg) => /^"([^"]+)"$/.exec(arg)?.[1]).find((d) => d !== undefined);
    const passed = args.at(-1);
    if (!directory || !passed || !/^\w+$/.test(passed)) continue;
    let table = passed;
    let before = match.index;
    for (let step = 0; step < MAX_ASSIGNMENTS; step++) {
      const assigned = lastAssignment(text, table, before);
      if (!assigned) break;
      table = assigned.value;
      before = assigned.at;
    }
    if (!directories.has(table)) directories.set(table, directory);
  }
  return directories;
}

/** The last `name = value;` or `name = kmemdup(value, …` before `before` that sets another name than its own
 * (`table = kmemdup(table, …)` copies what `table` held). */
function lastAssignment(
  text: string,
  name: string,
  before: number,
): { value: string; at: number } | undefined {
  const assignment = new RegExp(
    `(?<![.>])\\b${name}\\s*=\\s*(?:kmemdup\\s*\\(\\s*)?([A-Za-z_]\\w*)\\s*[,;]`,
    "g",
  );
  let last: { value: string; at: number } | undefined;
  for (let match = assignment.exec(text); match && match.index < before; match = assignment.exec(text)) {
    if (match[1] !== name) last = { value: match[1]!, at: match.index };
  }
  return last;
}

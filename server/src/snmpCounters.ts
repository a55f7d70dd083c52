// SNMP counter tables, read from a file's text: `static const struct snmp_mib snmp4_net_list[] = {
// SNMP_MIB_ITEM("ListenOverflows", LINUX_MIB_LISTENOVERFLOWS), … }` in net/ipv4/proc.c, and the prefix the
// file prints before a table's names (`seq_puts(seq, "\nTcpExt:");` ahead of the loop over snmp4_net_list):
// nstat's name of what `NET_INC_STATS(net, LINUX_MIB_LISTENOVERFLOWS)` counts is TcpExtListenOverflows.
import { closingBrace, closingParen, topLevelArguments } from "./macroArguments.js";
import { LineIndex } from "./textPositions.js";

export interface SnmpCounter {
  /** The enumerator the kernel increments: LINUX_MIB_LISTENOVERFLOWS. */
  entry: string;
  /** As the table writes it: ListenOverflows. */
  name: string;
  /** The prefixes the file prints the table's names after (`TcpExt`; `Udp` and `UdpLite` for one table
   * printed twice); none when it prints them as they are (net/ipv6/proc.c's Ip6InReceives). */
  prefixes: string[];
  table: string;
  /** The line of its SNMP_MIB_ITEM (0-based). */
  line: number;
}

const TABLE = /\bstruct\s+snmp_mib\s+([A-Za-z_]\w*)\s*\[[^\]]*\]\s*=\s*\{/g;
const ITEM = /\bSNMP_MIB_ITEM\s*\(\s*"([^"]+)"\s*,\s*([A-Za-z_]\w*)\s*\)/g;

export function snmpCounters(text: string): SnmpCounter[] {
  const lines = new LineIndex(text);
  const counters: SnmpCounter[] = printedFolds(text, lines);
  TABLE.lastIndex = 0;
  for (let match = TABLE.exec(text); match; match = TABLE.exec(text)) {
    const table = match[1]!;
    const open = match.index + match[0].length - 1;
    const close = closingBrace(text, open);
    if (close === undefined) continue;
    const prefixes = printedPrefixes(text, table);
    ITEM.lastIndex = open;
    for (let item = ITEM.exec(text); item && item.index < close; item = ITEM.exec(text)) {
      const line = lines.positionAt(item.index).line;
      counters.push({ entry: item[2]!, name: item[1]!, prefixes, table, line });
    }
    TABLE.lastIndex = close;
  }
  return counters;
}

/** Each loop that prints the table's names (`for (i = 0; T[i].name; i++) seq_printf(seq, " %s", T[i].name)`)
 * takes the last `seq_puts(seq, "…Prefix:…")` before it. */
function printedPrefixes(text: string, table: string): string[] {
  const prefixes: string[] = [];
  const loop = new RegExp(
    `seq_printf\\s*\\(\\s*seq\\s*,\\s*" %s"\\s*,\\s*${table}\\s*\\[\\s*i\\s*\\]\\.name\\s*\\)`,
    "g",
  );
  for (let match = loop.exec(text); match; match = loop.exec(text)) {
    const before = text.slice(Math.max(0, match.index - 300), match.index);
    const puts = [...before.matchAll(/seq_puts\s*\(\s*seq\s*,\s*"(?:\\n)?([A-Za-z0-9]+):/g)].at(-1);
    if (puts && !prefixes.includes(puts[1]!)) prefixes.push(puts[1]!);
  }
  return prefixes;
}

/** `seq_puts(seq, "\nIcmp: InMsgs InErrors")`: an optional line prefix, then names. */
const NAMES = /^(?:\\n)?(?:([A-Za-z0-9]+):)?((?: [A-Za-z0-9]+)+)$/;
/** `seq_printf(seq, "\nIcmp: %lu %lu", …)`: an optional line prefix, then one conversion a value. */
const VALUES = /^(?:\\n)?(?:([A-Za-z0-9]+):)?((?: %lu)+)$/;
const FOLD = /^snmp_fold_field\s*\(.*,\s*([A-Za-z_]\w*)\s*\)$/s;
const PRINT = /\bseq_(puts|printf)\s*\(/g;

/**
 * Counters a function prints by name and value without a table: net/ipv4/proc.c's icmp_put writes
 * `seq_puts(seq, "\nIcmp: InMsgs InErrors InCsumErrors")`, later `seq_printf(seq, "\nIcmp: %lu %lu %lu",
 * snmp_fold_field(…, ICMP_MIB_INMSGS), …)`, and `" OutMsgs OutErrors"` with its two values after: within one
 * function the n-th list of names goes with the n-th list of folded values when their lengths agree.
 */
function printedFolds(text: string, lines: LineIndex): SnmpCounter[] {
  const counters: SnmpCounter[] = [];
  // A function at a time: its body ends at a `}` in column 0.
  let from = 0;
  while (from < text.length) {
    const end = text.indexOf("\n}", from);
    const to = end < 0 ? text.length : end + 2;
    counters.push(...foldsOfFunction(text, from, to, lines));
    from = to;
  }
  return counters;
}

function foldsOfFunction(text: string, from: number, to: number, lines: LineIndex): SnmpCounter[] {
  const names: { prefix: string; names: string[] }[] = [];
  const values: { at: number; entries: string[] }[] = [];
  let prefix = "";
  PRINT.lastIndex = from;
  for (let match = PRINT.exec(text); match && match.index < to; match = PRINT.exec(text)) {
    const open = match.index + match[0].length - 1;
    const close = closingParen(text, open);
    if (close === undefined || close > to) break;
    PRINT.lastIndex = close;
    const args = topLevelArguments(text, open, close).map(([a, b]) => text.slice(a, b));
    const format = /^"(.*)"$/s.exec(args[1] ?? "")?.[1];
    if (format === undefined) continue;
    const named = match[1] === "puts" ? NAMES.exec(format) : null;
    if (named) {
      prefix = named[1] ?? prefix;
      names.push({ prefix, names: named[2]!.trim().split(" ") });
      continue;
    }
    const valued = match[1] === "printf" ? VALUES.exec(format) : null;
    const entries = args.slice(2).map((arg) => FOLD.exec(arg)?.[1]);
    if (valued && entries.length > 0 && entries.every((e) => e !== undefined)) {
      values.push({ at: match.index, entries: entries as string[] });
    }
  }
  if (values.length === 0) return [];
  const table = /\b([A-Za-z_]\w*)\s*\([^;{]*\)\s*\{/.exec(text.slice(from, to))?.[1] ?? "";
  const counters: SnmpCounter[] = [];
  values.forEach(({ at, entries }, n) => {
    const list = names[n];
    if (list?.names.length !== entries.length) return;
    const line = lines.positionAt(at).line;
    entries.forEach((entry, i) => {
      counters.push({ entry, name: list.names[i]!, prefixes: list.prefix ? [list.prefix] : [], table, line });
    });
  });
  return counters;
}

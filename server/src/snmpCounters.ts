// SNMP counter tables, read from a file's text: `static const struct snmp_mib snmp4_net_list[] = {
// SNMP_MIB_ITEM("ListenOverflows", LINUX_MIB_LISTENOVERFLOWS), … }` in net/ipv4/proc.c, and the prefix the
// file prints before a table's names (`seq_puts(seq, "\nTcpExt:");` ahead of the loop over snmp4_net_list):
// nstat's name of what `NET_INC_STATS(net, LINUX_MIB_LISTENOVERFLOWS)` counts is TcpExtListenOverflows.
import { closingBrace } from "./macroArguments.js";
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
  const counters: SnmpCounter[] = [];
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

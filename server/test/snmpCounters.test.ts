import { describe, expect, test } from "vitest";
import { snmpCounters } from "../src/snmpCounters.js";
import { SnmpNames } from "../src/snmpNames.js";
import { WorkspaceIndex } from "../src/workspaceIndex.js";
import { readKernelFile, symbolsOfText } from "./kernelSources.js";

const PROC = [
  "static const struct snmp_mib snmp4_udp_list[] = {", // 0
  '\tSNMP_MIB_ITEM("InDatagrams", UDP_MIB_INDATAGRAMS),', // 1
  '\tSNMP_MIB_ITEM("InErrors", UDP_MIB_INERRORS),', // 2
  "\tSNMP_MIB_SENTINEL", // 3
  "};", // 4
  "static const struct snmp_mib quiet_list[] = {", // 5
  '\tSNMP_MIB_ITEM("Ip6InReceives", IPSTATS_MIB_INPKTS),', // 6
  "\tSNMP_MIB_SENTINEL", // 7
  "};", // 8
  "static int show(struct seq_file *seq, void *v)", // 9
  "{", // 10
  '\tseq_puts(seq, "\\nUdp:");', // 11
  "\tfor (i = 0; snmp4_udp_list[i].name; i++)", // 12
  '\t\tseq_printf(seq, " %s", snmp4_udp_list[i].name);', // 13
  '\tseq_puts(seq, "\\nUdpLite:");', // 14
  "\tfor (i = 0; snmp4_udp_list[i].name; i++)", // 15
  '\t\tseq_printf(seq, " %s", snmp4_udp_list[i].name);', // 16
  "\treturn 0;", // 17
  "}", // 18
].join("\n");

describe("SNMP counter tables", () => {
  test("each item's enumerator and name, with the prefixes the file prints before the table's names", () => {
    expect(snmpCounters(PROC)).toEqual([
      {
        entry: "UDP_MIB_INDATAGRAMS",
        name: "InDatagrams",
        prefixes: ["Udp", "UdpLite"],
        table: "snmp4_udp_list",
        line: 1,
      },
      {
        entry: "UDP_MIB_INERRORS",
        name: "InErrors",
        prefixes: ["Udp", "UdpLite"],
        table: "snmp4_udp_list",
        line: 2,
      },
      // A table printed without a prefix line: its names as they are.
      { entry: "IPSTATS_MIB_INPKTS", name: "Ip6InReceives", prefixes: [], table: "quiet_list", line: 6 },
    ]);
  });

  test("net/ipv4/proc.c: TcpExt, Tcp, Ip and IpExt as /proc/net/netstat and snmp print them", () => {
    const counters = snmpCounters(readKernelFile("net/ipv4/proc.c"));
    const of = (entry: string) => counters.find((c) => c.entry === entry);
    expect(of("LINUX_MIB_LISTENOVERFLOWS")).toMatchObject({ name: "ListenOverflows", prefixes: ["TcpExt"] });
    expect(of("LINUX_MIB_TCPBACKLOGDROP")).toMatchObject({ name: "TCPBacklogDrop", prefixes: ["TcpExt"] });
    expect(of("TCP_MIB_ACTIVEOPENS")).toMatchObject({ name: "ActiveOpens", prefixes: ["Tcp"] });
    expect(of("IPSTATS_MIB_INHDRERRORS")).toMatchObject({ name: "InHdrErrors", prefixes: ["Ip"] });
    expect(of("IPSTATS_MIB_INNOROUTES")).toMatchObject({ name: "InNoRoutes", prefixes: ["IpExt"] });
  });

  test("the index's files with SNMP_MIB_ITEM tables answer by enumerator", async () => {
    const index = new WorkspaceIndex();
    index.update(await symbolsOfText(PROC, "net/ipv4/proc.c"));
    const names = new SnmpNames(index, (path) => (path === "net/ipv4/proc.c" ? PROC : undefined));
    expect(names.of("UDP_MIB_INERRORS").map((c) => [c.path, c.counter.name])).toEqual([
      ["net/ipv4/proc.c", "InErrors"],
    ]);
    expect(names.of("LINUX_MIB_LISTENOVERFLOWS")).toEqual([]);
  });
});

describe("counters a function prints by name and value", () => {
  test("net/ipv4/proc.c's icmp_put: the n-th list of names with the n-th list of folded values", () => {
    const icmp = snmpCounters(readKernelFile("net/ipv4/proc.c")).filter((c) => c.table === "icmp_put");
    expect(icmp.map((c) => [c.entry, c.name, c.prefixes.join()])).toEqual([
      ["ICMP_MIB_INMSGS", "InMsgs", "Icmp"],
      ["ICMP_MIB_INERRORS", "InErrors", "Icmp"],
      ["ICMP_MIB_CSUMERRORS", "InCsumErrors", "Icmp"],
      // " OutMsgs OutErrors" continues the `Icmp:` line; icmpmibmap's per-type names in between are no list.
      ["ICMP_MIB_OUTMSGS", "OutMsgs", "Icmp"],
      ["ICMP_MIB_OUTERRORS", "OutErrors", "Icmp"],
    ]);
  });

  test("lists of other lengths, or in another function, pair nothing", () => {
    const text = [
      "static void names(struct seq_file *seq)",
      "{",
      '\tseq_puts(seq, "\\nFoo: InA InB");',
      "}",
      "static void values(struct seq_file *seq)",
      "{",
      '\tseq_printf(seq, "\\nFoo: %lu %lu", snmp_fold_field(m, FOO_A), snmp_fold_field(m, FOO_B));',
      "}",
      "static void both(struct seq_file *seq)",
      "{",
      '\tseq_puts(seq, "\\nBar: InA InB InC");',
      '\tseq_printf(seq, "\\nBar: %lu %lu", snmp_fold_field(m, BAR_A), snmp_fold_field(m, BAR_B));',
      "}",
    ].join("\n");
    expect(snmpCounters(text)).toEqual([]);
    const paired = text.replace("InA InB InC", "InA InB");
    expect(snmpCounters(paired).map((c) => `${c.prefixes[0]}${c.name}=${c.entry} ${c.table}`)).toEqual([
      "BarInA=BAR_A both",
      "BarInB=BAR_B both",
    ]);
  });
});

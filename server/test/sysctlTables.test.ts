import { describe, expect, test } from "vitest";
import { returnedTable, sysctlEntries, sysctlRegistrations } from "../src/sysctlTables.js";
import { SysctlNames } from "../src/sysctlNames.js";
import { WorkspaceIndex } from "../src/workspaceIndex.js";
import { readKernelFile, symbolsOfText } from "./kernelSources.js";

const TABLES = [
  "static struct ctl_table netns_ct_table[] = {", //               0
  "\t{", //                                                        1
  '\t\t.procname\t= "nf_conntrack_count",', //                    2
  "\t\t.data\t\t= &init_net.ct.count,", //                         3
  "\t\t.mode\t\t= 0444,", //                                       4
  "\t\t.proc_handler\t= proc_dointvec,", //                        5
  "\t},", //                                                       6
  '\t{ .procname = "no_data", .data = NULL, .proc_handler = proc_dointvec },', // 7
  '\t{ .procname = "max", .data = &nf_conntrack_max, .mode = 0644, .proc_handler = proc_dointvec },', // 8
  "\t{ }", //                                                      9
  "};", //                                                         10
  "static struct ctl_table unregistered[] = {", //                11
  '\t{ .procname = "lone", .data = &lone_value, .proc_handler = proc_dointvec },', // 12
  "\t{ }", //                                                      13
  "};", //                                                         14
  "static int ct_init_net(struct net *net)", //                   15
  "{", //                                                          16
  "\tstruct ctl_table *table;", //                                 17
  "\ttable = netns_ct_table;", //                                  18
  "\tif (!net_eq(net, &init_net)) {", //                           19
  "\t\ttable = kmemdup(table, sizeof(netns_ct_table), GFP_KERNEL);", // 20
  "\t\ttable[0].data = &net->ct.count;", //                        21
  "\t}", //                                                        22
  '\tnet->ct.hdr = register_net_sysctl(net, "net/netfilter", table);', // 23
  "\treturn 0;", //                                                24
  "}", //                                                          25
].join("\n");

describe("sysctl tables", () => {
  test("each entry's procname, data, handler and mode, under the directory its table is registered in", () => {
    expect(sysctlEntries(TABLES)).toEqual([
      {
        procname: "nf_conntrack_count",
        directory: "net.netfilter",
        data: "init_net.ct.count",
        handler: "proc_dointvec",
        mode: "0444",
        table: "netns_ct_table",
        line: 2,
      },
      {
        procname: "max",
        directory: "net.netfilter",
        data: "nf_conntrack_max",
        handler: "proc_dointvec",
        mode: "0644",
        table: "netns_ct_table",
        line: 8,
      },
      // A table the file registers nowhere has no directory.
      { procname: "lone", data: "lone_value", handler: "proc_dointvec", table: "unregistered", line: 12 },
    ]);
  });

  test("a table a function returns is registered where that function's result is", () => {
    const route = [
      "static struct ctl_table route_template[] = {",
      '\t{ .procname = "gc_thresh", .data = &ops_template.gc_thresh, .proc_handler = proc_dointvec },',
      "\t{ }",
      "};",
      "struct ctl_table *route_sysctl_init(struct net *net)",
      "{",
      "\tstruct ctl_table *table;",
      "\ttable = kmemdup(route_template, sizeof(route_template), GFP_KERNEL);",
      "\treturn table;",
      "}",
    ].join("\n");
    const registering = [
      "static int sysctl_net_init(struct net *net)",
      "{",
      "\tstruct ctl_table *route_table;",
      "\troute_table = route_sysctl_init(net);",
      '\tnet->route_hdr = register_net_sysctl(net, "net/ipv6/route", route_table);',
      "}",
    ].join("\n");
    expect(sysctlRegistrations(registering)).toEqual({
      tables: new Map(),
      returnedBy: new Map([["route_sysctl_init", "net/ipv6/route"]]),
    });
    const body = route.indexOf("{\n\tstruct ctl_table *table;");
    expect(returnedTable(route, body, route.length)).toBe("route_template");
    expect(sysctlEntries(route)[0]?.directory).toBeUndefined();
    const elsewhere = new Map([["route_template", "net/ipv6/route"]]);
    expect(sysctlEntries(route, elsewhere)[0]).toMatchObject({
      procname: "gc_thresh",
      directory: "net.ipv6.route",
    });
  });

  test("a table a `.child` names is its element's directory, down from a table registered at the root", () => {
    const text = [
      "static struct ctl_table parm_table[] = {",
      '\t{ .procname = "max_requests", .data = &svcrdma_max_requests, .proc_handler = proc_dointvec_minmax },',
      "\t{ }",
      "};",
      "static struct ctl_table svcrdma_table[] = {",
      '\t{ .procname = "svc_rdma", .mode = 0555, .child = parm_table },',
      "\t{ }",
      "};",
      "static struct ctl_table root_table[] = {",
      '\t{ .procname = "sunrpc", .mode = 0555, .child = svcrdma_table },',
      "\t{ }",
      "};",
      "static int init(void) { header = register_sysctl_table(root_table); return 0; }",
    ].join("\n");
    expect(sysctlEntries(text)).toMatchObject([{ procname: "max_requests", directory: "sunrpc.svc_rdma" }]);
    const sunrpc = sysctlEntries(readKernelFile("net/sunrpc/sysctl.c"));
    expect(sunrpc.find((e) => e.procname === "nlm_debug")).toMatchObject({
      directory: "sunrpc",
      data: "nlm_debug",
    });
  });

  test("a directory the registering function prints shows each conversion as the argument it takes", () => {
    const text = [
      "static struct ctl_table conf_template[] = {",
      '\t{ .procname = "forwarding", .data = &devconf.forwarding, .proc_handler = proc_dointvec },',
      "\t{ }",
      "};",
      "static int conf_register(struct net *net, char *dev_name, const char *family)",
      "{",
      "\tchar path[64];",
      "\tstruct ctl_table *table = kmemdup(conf_template, sizeof(conf_template), GFP_KERNEL);",
      '\tsnprintf(path, sizeof(path), "net/%s/conf/%s", family, dev_name);',
      "\treturn register_net_sysctl(net, path, table) ? 0 : -ENOMEM;",
      "}",
    ].join("\n");
    expect(sysctlEntries(text)[0]).toMatchObject({
      procname: "forwarding",
      directory: "net.<family>.conf.<dev_name>",
    });
    // Only a print into the name passed, in the registering function: another function's does not count.
    const elsewhere = text.replace(
      "\treturn register_net_sysctl(",
      "}\nstatic int other(struct net *net, struct ctl_table *table)\n{\n\tchar path[64];\n\treturn register_net_sysctl(",
    );
    expect(sysctlEntries(elsewhere)[0]?.directory).toBeUndefined();
    // net/ipv6/addrconf.c: __addrconf_sysctl_register prints "net/ipv6/conf/%s" with dev_name ("all",
    // "default" or a device) for a kmemdup of addrconf_sysctl.
    const addrconf = sysctlEntries(readKernelFile("net/ipv6/addrconf.c"));
    expect(addrconf).toHaveLength(48);
    expect(addrconf.filter((e) => e.directory !== "net.ipv6.conf.<dev_name>")).toEqual([]);
    expect(addrconf.find((e) => e.procname === "accept_ra")).toMatchObject({
      data: "ipv6_devconf.accept_ra",
      table: "addrconf_sysctl",
    });
  });

  test("tables a struct member holds, written by the file's macros, whose `.data` an enumerator indexes", () => {
    // net/ipv4/devinet.c: devinet_sysctl's `.devinet_vars = { DEVINET_SYSCTL_RW_ENTRY(RP_FILTER, "rp_filter"), … }`,
    // registered as `t->devinet_vars` (t a kmemdup of devinet_sysctl) under "net/ipv4/conf/%s", dev_name.
    const devinet = readKernelFile("net/ipv4/devinet.c");
    const entries = sysctlEntries(devinet);
    const rpFilter = entries.find((e) => e.procname === "rp_filter");
    expect(rpFilter).toEqual({
      procname: "rp_filter",
      directory: "net.ipv4.conf.<dev_name>",
      data: "ipv4_devconf.data+IPV4_DEVCONF_RP_FILTER-1",
      index: "IPV4_DEVCONF_RP_FILTER",
      handler: "devinet_conf_proc",
      mode: "0644",
      table: "devinet_vars",
      line: devinet
        .split("\n")
        .findIndex((l) => l.includes('DEVINET_SYSCTL_RW_ENTRY(RP_FILTER, "rp_filter")')),
    });
    expect(entries.filter((e) => e.table === "devinet_vars")).toHaveLength(31);
    // A FLUSHING entry goes through two macros to its handler; ip_forward is written out.
    expect(entries.find((e) => e.procname === "disable_policy")).toMatchObject({
      index: "IPV4_DEVCONF_NOPOLICY",
      handler: "ipv4_doint_and_flush",
    });
    expect(entries.find((e) => e.procname === "ip_forward")).toMatchObject({
      directory: "net.ipv4",
      index: "IPV4_DEVCONF_FORWARDING",
    });
    // net/core/neighbour.c: `[NEIGH_VAR_ ## attr] = { … .data = NEIGH_PARMS_DATA_OFFSET(NEIGH_VAR_ ## data_attr) }`,
    // registered under "net/%s/neigh/%s", p_name, dev_name_source.
    // An invocation in a comment writes nothing.
    const commented = devinet.replace(
      'DEVINET_SYSCTL_RW_ENTRY(RP_FILTER, "rp_filter"),',
      '/* DEVINET_SYSCTL_RW_ENTRY(RP_FILTER, "rp_filter"), */',
    );
    expect(sysctlEntries(commented).filter((e) => e.procname === "rp_filter")).toEqual([]);
    expect(sysctlEntries(commented).filter((e) => e.table === "devinet_vars")).toHaveLength(30);
    const neighbour = sysctlEntries(readKernelFile("net/core/neighbour.c"));
    expect(neighbour.find((e) => e.procname === "base_reachable_time")).toMatchObject({
      directory: "net.<p_name>.neigh.<dev_name_source>",
      index: "NEIGH_VAR_BASE_REACHABLE_TIME",
      data: "(&((struct neigh_parms*)0)->data[NEIGH_VAR_BASE_REACHABLE_TIME])",
      handler: "neigh_proc_dointvec_jiffies",
    });
  });

  test("net/ipv4 and net/core: tcp_syncookies, tcp_timestamps, netdev_max_backlog, somaxconn", () => {
    const ipv4 = sysctlEntries(readKernelFile("net/ipv4/sysctl_net_ipv4.c"));
    expect(ipv4.find((e) => e.procname === "tcp_syncookies")).toMatchObject({
      directory: "net.ipv4",
      data: "init_net.ipv4.sysctl_tcp_syncookies",
      table: "ipv4_net_table",
    });
    expect(ipv4.find((e) => e.procname === "tcp_timestamps")).toMatchObject({
      directory: "net.ipv4",
      data: "sysctl_tcp_timestamps",
      table: "ipv4_table",
    });
    const core = sysctlEntries(readKernelFile("net/core/sysctl_net_core.c"));
    expect(core.find((e) => e.procname === "netdev_max_backlog")).toMatchObject({
      directory: "net.core",
      data: "netdev_max_backlog",
    });
    expect(core.find((e) => e.procname === "somaxconn")).toMatchObject({
      directory: "net.core",
      data: "init_net.core.sysctl_somaxconn",
      table: "netns_core_table",
    });
  });

  test("a field is a sysctl only as the struct the entry's path types: netns_ct's count, not another's", async () => {
    const index = new WorkspaceIndex();
    index.update(await symbolsOfText(TABLES, "net/netfilter/nf_conntrack_standalone.c"));
    index.update(
      await symbolsOfText(
        [
          "struct netns_ct { unsigned int count; };",
          "struct net { struct netns_ct ct; };",
          "struct kref { int count; };",
          "extern struct net init_net;",
          "extern unsigned int nf_conntrack_max;",
        ].join("\n"),
        "include/net/net_namespace.h",
      ),
    );
    const names = new SysctlNames(index, (path) =>
      path === "net/netfilter/nf_conntrack_standalone.c" ? TABLES : undefined,
    );
    expect(names.ofField("count", "netns_ct").map((s) => s.entry.procname)).toEqual(["nf_conntrack_count"]);
    expect(names.ofField("count", "kref")).toEqual([]);
    expect(names.ofGlobal("nf_conntrack_max").map((s) => s.entry.procname)).toEqual(["max"]);
    // A global is not a field of the same name, nor the other way round.
    expect(names.ofGlobal("count")).toEqual([]);
    expect(names.ofField("nf_conntrack_max", "netns_ct")).toEqual([]);
  });
});

import { describe, expect, test } from "vitest";
import { readKernelFile, symbolsOfKernelFile, symbolsOfText } from "./kernelSources.js";
import { TRACEPOINT_MACROS } from "../src/tracepoints.js";
import { plainRanges } from "./plainRanges.js";
import { endCharacter, rangeParts, startCharacter, startLine } from "../src/textPositions.js";

describe("per-file extraction", () => {
  test("typedefs: each name a typedef declares, as written; a struct tag's only where the name is the struct", async () => {
    const symbols = await symbolsOfText(
      [
        "typedef u64 __bitwise __le64;",
        "typedef struct foo foo_t, *foo_p;",
        "typedef struct { int a; } anon_t;",
        "typedef int proc_handler(int x);",
        "typedef void (*cb_t)(int);",
        "typedef enum { A } e_t;",
        "typedef union u u_t; /* a union */",
        "typedef __kernel_size_t size_t;",
      ].join("\n"),
      "t.h",
    );
    expect(symbols.typedefs.map((t) => [t.name, t.structType, t.text])).toEqual([
      ["__le64", undefined, "typedef u64 __bitwise __le64;"],
      ["foo_t", "foo", "typedef struct foo foo_t, *foo_p;"],
      ["foo_p", undefined, "typedef struct foo foo_t, *foo_p;"],
      ["proc_handler", undefined, "typedef int proc_handler(int x);"],
      ["cb_t", undefined, "typedef void (*cb_t)(int);"],
      ["u_t", "u", "typedef union u u_t;"],
      // A name the grammar knows as a primitive type is a typedef's name all the same.
      ["size_t", undefined, "typedef __kernel_size_t size_t;"],
    ]);
    expect(rangeParts(symbols.typedefs[2]!.selectionRange)).toEqual([1, 27, 1, 32]);
    // An anonymous struct or enum is known by its typedef's name as a struct or enum, not as a typedef.
    expect(symbols.structs.map((s) => s.name)).toEqual(["anon_t"]);
    expect(symbols.enums.map((e) => e.name)).toEqual(["e_t"]);
  });

  test("tags declared without a body at file scope and in #if branches; not a use, a definition or a local", async () => {
    const symbols = await symbolsOfText(
      [
        "struct proc_dir_entry;",
        "#ifdef CONFIG_X",
        "union u;",
        "#else",
        "struct ops __attribute__((packed));",
        "#endif",
        "extern struct net *init;",
        "struct defined { int a; };",
        "struct defined;",
        "int f(struct arg *a) { struct local; return 0; }",
        "typedef struct t t_t;",
      ].join("\n"),
      "t.h",
    );
    const declared = symbols.tagDeclarations ?? [];
    expect(declared.map((d) => [d.kind, d.name, startLine(d.range)])).toEqual([
      ["struct", "proc_dir_entry", 0],
      ["union", "u", 2],
      ["struct", "ops", 4],
      ["struct", "defined", 8],
    ]);
    expect(rangeParts(declared[0]!.selectionRange)).toEqual([0, 7, 0, 21]);
    // A file with none carries no list (most files).
    expect((await symbolsOfText("struct s { int a; };\n", "s.h")).tagDeclarations).toBeUndefined();
  });

  test("`void __init f(void)` is named f, with the name as selection range", async () => {
    const symbols = await symbolsOfText("void __init f(void)\n{\n\tg();\n}\n");
    const f = symbols.functions.find((fn) => fn.name === "f");
    expect(f?.isDefinition).toBe(true);
    expect(rangeParts(f!.selectionRange)).toEqual([0, 12, 0, 13]);
    expect(startLine(f!.range)).toBe(0);
    expect(symbols.calls).toEqual([expect.objectContaining({ callee: "g", caller: 0, kind: "direct" })]);
  });

  test("SYSCALL_DEFINE2(listen, …) in net/socket.c indexes listen, findable as sys_listen", async () => {
    const symbols = await symbolsOfKernelFile("net/socket.c");
    const listen = symbols.functions.find((fn) => fn.name === "listen" && fn.isDefinition);
    expect(listen?.aliases).toContain("sys_listen");
    expect(listen?.signature).toMatch(/^SYSCALL_DEFINE2\(listen/);
    const index = symbols.functions.indexOf(listen!);
    expect(symbols.calls.some((c) => c.caller === index && c.callee === "sockfd_lookup_light")).toBe(true);
  });

  test("a definition flattened into an ERROR node is still found (net/ipv4/arp.c: arp_format_neigh_entry)", async () => {
    const symbols = await symbolsOfKernelFile("net/ipv4/arp.c");
    expect(symbols.functions.some((fn) => fn.name === "arp_format_neigh_entry" && fn.isDefinition)).toBe(
      true,
    );
  });

  test("definitions swallowed by an attribute-caused error are found from their column-0 braces", async () => {
    // include/linux/kobject.h: `extern __printf(2, 3)` turns ~100 lines into one bogus node.
    const kobject = await symbolsOfKernelFile("include/linux/kobject.h");
    expect(kobject.functions.filter((fn) => fn.isDefinition).map((fn) => fn.name)).toEqual(
      expect.arrayContaining(["to_kset", "kset_get", "kset_put", "kobject_name"]),
    );
    // include/linux/printk.h: the !CONFIG_PRINTK stubs `static inline __printf(1, 2) __cold int printk(…)`.
    const printk = await symbolsOfKernelFile("include/linux/printk.h");
    expect(printk.functions.some((fn) => fn.name === "printk" && fn.isDefinition)).toBe(true);
  });

  test("attribute macros are blanked before parsing: nothing after them is lost, signatures keep them", async () => {
    const symbols = await symbolsOfText(
      "extern __printf(4, 5) __must_check\nint f(struct k *k, const char *fmt, ...);\n" +
        "extern void g(struct k *k);\n#define A(x) ((x) + 1)\nstatic int __init h(void)\n{\n\treturn g(0);\n}\n",
    );
    expect(symbols.functions.map((fn) => [fn.name, fn.isDefinition])).toEqual([
      ["h", true],
      ["f", false],
      ["g", false],
    ]);
    expect(symbols.functions.find((fn) => fn.name === "f")?.signature).toBe(
      "extern __printf(4, 5) __must_check int f(struct k *k, const char *fmt, ...)",
    );
    expect(symbols.macros.map((m) => [m.name, m.parameters, m.value])).toEqual([["A", "(x)", "((x) + 1)"]]);
    expect(symbols.calls.map((c) => c.callee)).toEqual(["g"]);
  });

  test("every #define line of headers the grammar alone misreads is a macro, by its own name", async () => {
    for (const [file, names] of [
      ["include/linux/kernel.h", ["max_t", "min_t", "clamp_t"]],
      ["include/linux/printk.h", ["pr_warn", "pr_crit", "pr_err"]],
      ["include/asm-generic/bug.h", ["WARN_ON", "BUG_ON"]],
      ["include/uapi/linux/in.h", ["IPPROTO_TCP", "IPPROTO_UDP"]],
      ["include/uapi/linux/rtnetlink.h", ["RTM_NEWLINK", "RTM_GETROUTE"]],
      // A comment in a continuation line made the grammar name these `if`.
      ["include/linux/virtio_config.h", ["virtio_cread", "virtio_cwrite"]],
    ] as const) {
      const text = readKernelFile(file);
      const defines = text.match(/^[ \t]*#[ \t]*define[ \t]/gm)!.length;
      const symbols = await symbolsOfKernelFile(file);
      expect(symbols.macros.length, file).toBe(defines);
      const defined = symbols.macros.map((m) => m.name);
      for (const name of names) expect(defined, file).toContain(name);
      expect(defined, file).not.toContain("if");
    }
    const kobject = await symbolsOfKernelFile("include/linux/kobject.h");
    const prototypes = kobject.functions.filter((fn) => !fn.isDefinition).map((fn) => fn.name);
    expect(prototypes).toEqual(expect.arrayContaining(["kobject_put", "kobject_get", "kobject_del"]));
  });

  test("#define lines inside an enum are macros; inside a comment they are not", async () => {
    const symbols = await symbolsOfText(
      "/* é */ enum {\n\tIPPROTO_TCP = 6,\n#define IPPROTO_TCP\t\tIPPROTO_TCP\n" +
        "\tIPPROTO_UDP = 17,\n#define IPPROTO_F(x) \\\n\t((x) + 1)\n};\n/*\n#define NOT_A_MACRO 1\n */\n",
    );
    expect(plainRanges(symbols.macros)).toEqual([
      { name: "IPPROTO_TCP", range: [2, 0, 3, 0], selectionRange: [2, 8, 2, 19], value: "IPPROTO_TCP" },
      {
        name: "IPPROTO_F",
        range: [4, 0, 6, 0],
        selectionRange: [4, 8, 4, 17],
        parameters: "(x)",
        value: "((x) + 1)",
      },
    ]);
  });

  test("tracepoints are functions trace_<event>, with the helpers __DECLARE_TRACE pastes as aliases", async () => {
    const skb = await symbolsOfKernelFile("include/trace/events/skb.h");
    expect(skb.functions.map((fn) => fn.name)).toEqual([
      "trace_kfree_skb",
      "trace_consume_skb",
      "trace_skb_copy_datagram_iovec",
    ]);
    expect(skb.functions[0]).toMatchObject({
      isDefinition: true,
      signature: "void trace_kfree_skb(struct sk_buff *skb, void *location)",
      aliases: expect.arrayContaining(["register_trace_kfree_skb", "unregister_trace_kfree_skb"]),
    });
    const symbols = await symbolsOfText(
      "DEFINE_EVENT(cls, ev,\n\tTP_PROTO(int a, /* b, c */ int d),\n\tTP_ARGS(a, d));\n" +
        'TRACE_EVENT(802154_x, TP_PROTO(int a), TP_ARGS(a), TP_STRUCT__entry(), TP_fast_assign(), TP_printk("(%d", 1));\n' +
        "/*\nTRACE_EVENT(in_comment, TP_PROTO(int a))\n*/\n" +
        "#define T(name) \\\n\tDECLARE_TRACE(name, TP_PROTO(int a), TP_ARGS(a))\n" +
        "TRACE_EVENT_FLAGS(ev, 0);\nDECLARE_TRACE_NOARGS(bare);\n",
    );
    // The template is scanned, not parsed: its calls are still calls; filling the record sets no field.
    const sock = await symbolsOfKernelFile("include/trace/events/sock.h");
    expect(sock.calls.map((call) => call.callee)).toEqual(expect.arrayContaining(["strncpy", "atomic_read"]));
    expect(sock.opsEntries).toEqual([]);
    expect(symbols.functions.map((fn) => [fn.name, fn.signature, rangeParts(fn.selectionRange)])).toEqual([
      ["trace_ev", "void trace_ev(int a, /* b, c */ int d)", [0, 18, 0, 20]],
      ["trace_802154_x", "void trace_802154_x(int a)", [3, 12, 3, 20]],
      ["trace_bare", "void trace_bare(void)", [10, 21, 10, 25]],
    ]);
  });

  test("a definition in an #else branch is read like one in a first branch (net/core/sock.c)", async () => {
    // Under !CONFIG_NET_NS; the tree took `for_each_possible_cpu(cpu)` for a declaration, ending the body
    // at the EXPORT_SYMBOL_GPL after it and making file-scope variables of its locals.
    const sock = await symbolsOfKernelFile("net/core/sock.c");
    const index = sock.functions.findIndex(
      (fn) => fn.name === "sock_prot_inuse_get" && startLine(fn.range) === 2865,
    );
    expect(rangeParts(sock.functions[index]!.range)).toEqual([2865, 0, 2874, 1]);
    expect(sock.variables.map((v) => v.name)).not.toContain("res");
    expect(sock.calls.filter((call) => call.caller === index).map((call) => call.callee)).toEqual([
      "for_each_possible_cpu",
      "per_cpu",
    ]);
  });

  test("every tracepoint macro declares its event, also alone in a file", async () => {
    for (const [macro, nameArgument] of TRACEPOINT_MACROS) {
      const text = `${macro}(${nameArgument === 1 ? "cls, " : ""}ev, TP_PROTO(int a), TP_ARGS(a));\n`;
      expect(
        (await symbolsOfText(text)).functions.map((fn) => fn.name),
        macro,
      ).toEqual(["trace_ev"]);
    }
  });

  test("a file-scope pointer to a function is a variable; a function returning a pointer is not", async () => {
    const symbols = await symbolsOfText(
      "static int (*inet_rcv_compat)(struct sk_buff *skb, struct nlmsghdr *nlh);\n" +
        "void (*handler)(int) = NULL;\nstruct sock *sk_alloc(int family);\n",
    );
    expect(symbols.variables.map((v) => [v.name, rangeParts(v.selectionRange)])).toEqual([
      ["inet_rcv_compat", [0, 13, 0, 28]],
      ["handler", [1, 7, 1, 14]],
    ]);
    expect(symbols.functions.map((fn) => [fn.name, fn.isDefinition])).toEqual([["sk_alloc", false]]);
  });

  test("functions a file generates by token pasting are defined at their invocations", async () => {
    const atomic = await symbolsOfKernelFile("include/asm-generic/atomic-long.h");
    const byName = new Map(atomic.functions.map((fn) => [fn.name, fn]));
    expect(plainRanges(byName.get("atomic_long_read_acquire"))).toMatchObject({
      isDefinition: true,
      range: [44, 0, 44, 29],
      selectionRange: [44, 0, 44, 19],
      signature: "static inline long atomic_long_read_acquire(const atomic_long_t *l)",
    });
    for (const name of ["atomic_long_read", "atomic_long_add_return", "atomic_long_fetch_or_relaxed"])
      expect(byName.get(name)?.isDefinition, name).toBe(true);
    // A plain definition after the semicolon-less invocations is parsed again.
    expect(startLine(byName.get("atomic_long_inc")!.range)).toBe(100);
    const symbols = await symbolsOfText(
      "#define GEN(op, mo) \\\nstatic int x_##op##mo(int a) { return a; }\n" +
        "#define EXPR(n) (y_##n(1))\n#define WRAP(n) GEN(n, _w)\n" +
        "GEN(add,)\nGEN(sub, _relaxed)\nWRAP(mul)\nint after(void)\n{\n\treturn x_add(0);\n}\n",
    );
    // WRAP invokes the generator GEN: its line defines x_mul_w.
    expect(symbols.functions.map((fn) => [fn.name, fn.isDefinition, fn.signature])).toEqual([
      ["after", true, "int after(void)"],
      ["x_add", true, "static int x_add(int a)"],
      ["x_sub_relaxed", true, "static int x_sub_relaxed(int a)"],
      ["x_mul_w", true, "static int x_mul_w(int a)"],
    ]);
    // include/linux/page-flags.h: `__PAGEFLAG(Locked, locked, PF_NO_TAIL)` invokes TESTPAGEFLAG,
    // __SETPAGEFLAG and __CLEARPAGEFLAG, each a generator.
    const pageFlags = await symbolsOfKernelFile("include/linux/page-flags.h");
    const locked = pageFlags.functions.filter((fn) => fn.name.endsWith("PageLocked"));
    expect(locked.map((fn) => [fn.name, startLine(fn.range)]).sort()).toEqual([
      ["PageLocked", 263],
      ["__ClearPageLocked", 263],
      ["__SetPageLocked", 263],
    ]);
  });

  test("loop macros in bodies are not functions", async () => {
    const symbols = await symbolsOfText("int f(void)\n{\n\tfor_each_possible_cpu(i) {\n\t\tg(i);\n\t}\n}\n");
    expect(symbols.functions.map((fn) => fn.name)).toEqual(["f"]);
  });

  test("prototypes, structs with fields, macros and globals", async () => {
    const symbols = await symbolsOfText(
      [
        "int __must_check foo(int x);",
        "struct ops { int (*conn_request)(struct sock *sk); struct proto *prot; union { int a; int b; }; };",
        "#define sk_prot __sk_common.skc_prot",
        "#define MAX(a, b) ((a) > (b) ? (a) : (b))",
        "static struct ops my_ops __read_mostly;",
      ].join("\n"),
    );
    expect(symbols.functions).toEqual([expect.objectContaining({ name: "foo", isDefinition: false })]);
    const ops = symbols.structs.find((s) => s.name === "ops");
    expect(ops?.fields.map((f) => f.name)).toEqual(["conn_request", "prot", "a", "b"]);
    expect(ops?.fields[0]?.isFunctionPointer).toBe(true);
    expect(ops?.fields[1]?.structType).toBe("proto");
    expect(symbols.macros.map((m) => m.name)).toEqual(["sk_prot", "MAX"]);
    expect(symbols.macros[0]?.value).toBe("__sk_common.skc_prot");
    expect(symbols.variables).toEqual([expect.objectContaining({ name: "my_ops", structType: "ops" })]);
  });

  test("anonymous structs: a typedef's name, and a member struct for `struct { … } name;`", async () => {
    const symbols = await symbolsOfText(
      [
        "typedef struct {",
        "\tint owned;",
        "\tstruct { int (*obj_to_nlattr)(void *data); int nlattr_max; } ctnl_timeout, spare;",
        "\tunion { int a; };",
        "} lock_t;",
        "typedef union { long l; } word_t;",
      ].join("\n"),
    );
    const byName = new Map(symbols.structs.map((s) => [s.name, s]));
    expect([...byName.keys()].sort()).toEqual(["lock_t", "lock_t.ctnl_timeout", "word_t"]);
    const lock = byName.get("lock_t")!;
    // The typedef's name (line 4) lies within the struct's range, as an outline needs.
    expect(rangeParts(lock.selectionRange)).toEqual([4, 2, 4, 8]);
    expect(rangeParts(lock.range)).toEqual([0, 0, 4, 9]);
    expect(lock.fields.map((f) => [f.name, f.structType])).toEqual([
      ["owned", undefined],
      ["ctnl_timeout", "lock_t.ctnl_timeout"],
      ["spare", "lock_t.ctnl_timeout"],
      ["a", undefined],
    ]);
    const member = byName.get("lock_t.ctnl_timeout")!;
    expect(member.fields.map((f) => f.name)).toEqual(["obj_to_nlattr", "nlattr_max"]);
    expect(member.selectionRange).toEqual(lock.fields[1]!.range);
    expect(byName.get("word_t")?.kind).toBe("union");
  });

  test("a name alone where fields go is a field macro of its struct, expanded when asked (macroFields.ts)", async () => {
    const gact = (await symbolsOfKernelFile("include/uapi/linux/tc_act/tc_gact.h")).structs.find(
      (s) => s.name === "tc_gact",
    )!;
    expect(gact).toMatchObject({ fields: [], fieldMacros: ["tc_gen"] });
    // Inside an anonymous struct of a union, for the struct that holds them: include/linux/dcache.h.
    const qstr = (await symbolsOfKernelFile("include/linux/dcache.h")).structs.find(
      (s) => s.name === "qstr",
    )!;
    expect(qstr.fieldMacros).toEqual(["HASH_LEN_DECLARE"]);
    expect(qstr.fields.map((f) => f.name)).toEqual(["hash_len", "name"]);
    // A member struct's and a variable's anonymous struct keep theirs too.
    const symbols = await symbolsOfText(
      "struct outer { struct { fields_a; } inner; };\nstatic struct { fields_b; } var;\n",
    );
    expect(symbols.structs.map((s) => [s.name, s.fieldMacros])).toEqual([
      ["outer.inner", ["fields_a"]],
      ["outer", undefined],
      ["typeof(var)", ["fields_b"]],
    ]);
  });

  test("fields a curated macro declares: DEFINE_SNMP_STAT (include/net/netns/mib.h), DECLARE_BITMAP", async () => {
    const mib = (await symbolsOfKernelFile("include/net/netns/mib.h")).structs.find(
      (s) => s.name === "netns_mib",
    )!;
    const tcp = mib.fields.find((f) => f.name === "tcp_statistics");
    expect(tcp?.structType).toBe("tcp_mib");
    // The name as written in the macro's arguments: `DEFINE_SNMP_STAT(struct tcp_mib, tcp_statistics);`.
    const line = readKernelFile("include/net/netns/mib.h").split("\n")[startLine(tcp!.range)]!;
    expect(line.slice(startCharacter(tcp!.range), endCharacter(tcp!.range))).toBe("tcp_statistics");
    expect(mib.fields.map((f) => f.name)).toContain("ip_statistics");
    const ethtool = await symbolsOfKernelFile("include/linux/ethtool.h");
    const modes = ethtool.structs.find((s) => s.name === "ethtool_link_ksettings.link_modes");
    expect(modes?.fields.map((f) => [f.name, f.typeText])).toEqual([
      ["supported", "unsigned long[]"],
      ["advertising", "unsigned long[]"],
      ["lp_advertising", "unsigned long[]"],
    ]);
  });

  test("no field is named by a keyword error recovery took for a name (include/linux/mmzone.h: ZONE_PADDING)", async () => {
    const mmzone = await symbolsOfKernelFile("include/linux/mmzone.h");
    const zone = mmzone.structs.find((s) => s.name === "zone");
    expect(zone?.fields.map((f) => f.name)).toContain("free_area");
    expect(zone?.fields.map((f) => f.name)).not.toContain("struct");
    expect(zone?.fields.map((f) => f.name)).not.toContain("unsigned");
  });

  test("variables a curated macro declares: per-CPU ones (net/core/dev.c: softnet_data), work, hash tables", async () => {
    const dev = await symbolsOfKernelFile("net/core/dev.c");
    const variable = (name: string) => dev.variables.find((v) => v.name === name);
    // `DEFINE_PER_CPU_ALIGNED(struct softnet_data, softnet_data);`: no declaration to the grammar.
    expect(variable("softnet_data")).toMatchObject({ structType: "softnet_data", isExtern: false });
    expect(variable("netstamp_work")?.structType).toBe("work_struct");
    expect(variable("napi_hash")?.structType).toBe("hlist_head");
    const line =
      readKernelFile("net/core/dev.c").split("\n")[startLine(variable("softnet_data")!.selectionRange)]!;
    expect(line).toBe("DEFINE_PER_CPU_ALIGNED(struct softnet_data, softnet_data);");
    const header = await symbolsOfKernelFile("include/linux/netdevice.h");
    expect(header.variables.find((v) => v.name === "softnet_data")?.isExtern).toBe(true);
    const sock = await symbolsOfKernelFile("net/core/sock.c");
    expect(sock.variables.find((v) => v.name === "prot_inuse")?.structType).toBe("prot_inuse");
    // `static DEFINE_MUTEX(proto_list_mutex);` reads as a declaration of type DEFINE_MUTEX.
    expect(sock.variables.find((v) => v.name === "proto_list_mutex")).toMatchObject({
      structType: "mutex",
      isStatic: true,
    });
    expect(variable("softnet_data")?.isStatic).toBeUndefined();
    // `static struct … tcp_sk_ops` after an attribute took its name's place, and a plain `static` global.
    const tcpIpv4 = await symbolsOfKernelFile("net/ipv4/tcp_ipv4.c");
    expect(tcpIpv4.variables.find((v) => v.name === "tcp_sk_ops")?.isStatic).toBe(true);
    expect(tcpIpv4.variables.find((v) => v.name === "tcp_hashinfo")?.isStatic).toBeUndefined();
    // Without `static`, `LIST_HEAD(net_namespace_list);` is a statement to the grammar.
    const netns = await symbolsOfKernelFile("net/core/net_namespace.c");
    expect(netns.variables.find((v) => v.name === "net_namespace_list")?.structType).toBe("list_head");
    expect(netns.variables.find((v) => v.name === "net_mutex")?.structType).toBe("mutex");
    // A macro pasting a prefix to the name: `static DEVICE_ATTR_RO(speed);` declares dev_attr_speed, named
    // where `speed` is written.
    const sysfs = await symbolsOfKernelFile("net/core/net-sysfs.c");
    const speed = sysfs.variables.find((v) => v.name === "dev_attr_speed");
    expect(speed?.structType).toBe("device_attribute");
    const [row, from, , to] = rangeParts(speed!.selectionRange);
    expect(readKernelFile("net/core/net-sysfs.c").split("\n")[row]!.slice(from, to)).toBe("speed");
    // The 15 written at file scope, and those of the file's generators, each selected at its invocation:
    // the 24 NETSTAT_ENTRY(rx_packets) lines (defining rx_packets_show, then `static DEVICE_ATTR_RO(name)`)
    // and the 12 NETDEVICE_SHOW_RO(dev_id, fmt_hex)-style ones, which invoke the generator NETDEVICE_SHOW.
    const attributes = sysfs.variables.filter((v) => v.name.startsWith("dev_attr_"));
    expect(attributes).toHaveLength(15 + 24 + 12);
    expect(sysfs.functions.map((f) => f.name)).toEqual(
      expect.arrayContaining(["dev_id_show", "format_dev_id"]),
    );
    const fifo = attributes.find((v) => v.name === "dev_attr_tx_fifo_errors");
    expect(plainRanges(fifo)).toMatchObject({
      structType: "device_attribute",
      selectionRange: [588, 0, 588, 13],
    });
    expect(
      [dev, sock, sysfs, header].flatMap((f) => f.variables).filter((v) => !/^\w+$/.test(v.name)),
    ).toEqual([]);
  });

  test("a variable's anonymous struct is typeof(variable): at file scope, and in a body typeof(function.variable)", async () => {
    const symbols = await symbolsOfText(
      [
        "static struct { spinlock_t lock; u32 stamp; } icmp_global = { .stamp = 0 }, spare;",
        "static void send_reset(struct sock *sk)",
        "{",
        "\tstruct {",
        "\t\tstruct tcphdr th;",
        "\t\t__be32 opt[4];",
        "\t} rep;",
        "\trep.th.source = 0;",
        "}",
      ].join("\n"),
    );
    const byName = new Map(symbols.structs.map((s) => [s.name, s]));
    expect([...byName.keys()]).toEqual(["typeof(icmp_global)", "typeof(send_reset.rep)"]);
    expect(byName.get("typeof(icmp_global)")!.fields.map((f) => f.name)).toEqual(["lock", "stamp"]);
    expect(byName.get("typeof(send_reset.rep)")!.fields.map((f) => [f.name, f.structType])).toEqual([
      ["th", "tcphdr"],
      ["opt", undefined],
    ]);
    // Its `struct` keyword: where type definition on `rep` goes.
    expect(rangeParts(byName.get("typeof(send_reset.rep)")!.selectionRange)).toEqual([3, 1, 3, 7]);
    // Both variables of the declaration have the type its first one names.
    expect(symbols.variables.map((v) => [v.name, v.structType])).toEqual([
      ["icmp_global", "typeof(icmp_global)"],
      ["spare", "typeof(icmp_global)"],
    ]);
  });

  test("enums: implicit values count on from the last integer, an #if inside makes them unknown", async () => {
    const symbols = await symbolsOfText(
      [
        "enum {\n\tTCP_ESTABLISHED = 1,\n\tTCP_SYN_SENT,\n\tTCP_SYN_RECV,\n};",
        "enum tcp_ca_state {\n\tTCP_CA_Open = 0,\n#define TCPF_CA_Open (1<<TCP_CA_Open)\n\tTCP_CA_Loss = 0x4\n#define TCPF_CA_Loss (1<<TCP_CA_Loss)\n};",
        "typedef enum {\n\tA = -2,\n\tB,\n#ifdef CONFIG_X\n\tC,\n#endif\n\tD,\n\tE = 1 << 3,\n\tF = 010,\n\tG,\n} flags_t;",
      ].join("\n"),
    );
    const shown = symbols.enums.map((e) => [e.name, e.enumerators.map((m) => [m.name, m.value, m.number])]);
    expect(shown).toEqual([
      [
        undefined,
        [
          ["TCP_ESTABLISHED", "1", 1],
          ["TCP_SYN_SENT", undefined, 2],
          ["TCP_SYN_RECV", undefined, 3],
        ],
      ],
      [
        "tcp_ca_state",
        [
          ["TCP_CA_Open", "0", 0],
          ["TCP_CA_Loss", "0x4", 4],
        ],
      ],
      [
        "flags_t",
        [
          ["A", "-2", -2],
          ["B", undefined, -1],
          ["C", undefined, undefined],
          ["D", undefined, undefined],
          ["E", "1 << 3", undefined],
          ["F", "010", 8],
          ["G", undefined, 9],
        ],
      ],
    ]);
    // The anonymous enum is selected at its `enum` keyword; the typedef'd one at its name.
    expect(rangeParts(symbols.enums[0]!.selectionRange)).toEqual([0, 0, 0, 4]);
    expect(startLine(symbols.enums[2]!.selectionRange)).toBe(21);
  });

  test("enumerators are read from the text: a comment before a value, macros making enumerators, calls in values", async () => {
    const text = [
      "enum req_flag_bits {",
      "\t__REQ_FAILFAST_DEV =\t/* no driver retries */",
      "\t\tREQ_OP_BITS,",
      "\tFOR_ALL_ZONES(PGALLOC),",
      "\tPGFREE, /* after a macro the values are unknown */",
      "\tMAPPER(FN)",
      "\t__MAX_ID = BIT(3) /* a comment after a value */,",
      "\tLAST",
      "};",
      "struct s { enum { IN_A = 2, IN_B } e; };",
      "",
    ].join("\n");
    const symbols = await symbolsOfText(text);
    expect(symbols.enums.map((e) => e.enumerators.map((m) => [m.name, m.value, m.number]))).toEqual([
      [
        ["__REQ_FAILFAST_DEV", "REQ_OP_BITS", undefined],
        ["PGFREE", undefined, undefined],
        ["__MAX_ID", "BIT(3)", undefined],
        ["LAST", undefined, undefined],
      ],
      [
        ["IN_A", "2", 2],
        ["IN_B", undefined, 3],
      ],
    ]);
    // The file-scope list is left out of the parse and scanned for calls, as a body is.
    expect(symbols.calls.map((c) => c.callee)).toEqual(["FOR_ALL_ZONES", "MAPPER", "BIT"]);
  });

  test("calls in bodies are read by the text scan: the field, its caller, and no receiver (typed when asked)", async () => {
    const symbols = await symbolsOfKernelFile("net/ipv4/tcp_input.c");
    const caller = symbols.functions.findIndex(
      (fn) => fn.name === "tcp_rcv_state_process" && fn.isDefinition,
    );
    const call = symbols.calls.find((c) => c.caller === caller && c.callee === "conn_request");
    expect(call).toEqual({ callee: "conn_request", kind: "field", range: expect.anything(), caller });
    // The `(*ops->fn)(…)` form, and words before `(` that are not calls.
    const text =
      "int f(struct s *p)\n{\n\tif (x) return (*p->ops->run)(p);\n\treturn sizeof(int) + g(p);\n}\n";
    const scanned = await symbolsOfText(text);
    expect(scanned.calls.map((c) => [c.callee, c.kind, c.caller])).toEqual([
      ["run", "field", 0],
      ["g", "direct", 0],
    ]);
  });

  test("file-scope macro statements are read from the text: EXPORT_SYMBOL and module_init calls at file scope", async () => {
    const path = "net/ipv4/tcp_input.c";
    const lines = readKernelFile(path).split("\n");
    const exported = lines.flatMap((line, row) => (/^EXPORT_SYMBOL(_GPL)?\(/.test(line) ? [row] : []));
    expect(exported.length).toBe(11);
    const symbols = await symbolsOfKernelFile(path);
    const fileScope = symbols.calls.filter((c) => c.caller === -1 && c.callee.startsWith("EXPORT_SYMBOL"));
    expect(fileScope.map((c) => startLine(c.range))).toEqual(exported);
    // net/bridge/br.c: `module_init(br_init)` and `module_exit(br_deinit)` lack their `;`, so they and the
    // MODULE_LICENSE after them stay in the parse, where they read as one declaration, no calls; the tree's
    // recovery lost the two statements after them too, which the text now reads.
    const bridge = await symbolsOfKernelFile("net/bridge/br.c");
    expect(bridge.calls.filter((c) => c.caller === -1).map((c) => c.callee)).toEqual([
      "MODULE_VERSION",
      "MODULE_ALIAS_RTNL_LINK",
    ]);
  });

  test("a body left out of the parse keeps the types defined in it (net/openvswitch/flow.c: llc_snap_hdr)", async () => {
    const symbols = await symbolsOfKernelFile("net/openvswitch/flow.c");
    const llc = symbols.structs.find((s) => s.name === "llc_snap_hdr");
    expect(llc?.fields.map((f) => f.name)).toEqual(["dsap", "ssap", "ctrl", "oui", "ethertype"]);
    // The function around it is still one definition, its calls after the struct still its own.
    const parse = symbols.functions.findIndex((f) => f.name === "parse_ethertype" && f.isDefinition);
    expect(symbols.calls.some((c) => c.callee === "pskb_may_pull" && c.caller === parse)).toBe(true);
  });
});

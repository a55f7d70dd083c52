import { describe, expect, test } from "vitest";
import { registeredName, scanDesignatedInitializers } from "../src/opsTables.js";
import { symbolsOfKernelFile, symbolsOfText } from "./kernelSources.js";
import { plainRanges } from "./plainRanges.js";

const edge = (structType: string, field: string, target: string, table: string) =>
  expect.objectContaining({ structType, field, target, table });

describe("ops tables", () => {
  test("net/ipv4/tcp_ipv4.c: tcp_prot.connect → tcp_v4_connect, ipv4_specific.conn_request → tcp_v4_conn_request", async () => {
    const { opsEntries } = await symbolsOfKernelFile("net/ipv4/tcp_ipv4.c");
    expect(opsEntries).toContainEqual(edge("proto", "connect", "tcp_v4_connect", "tcp_prot"));
    expect(opsEntries).toContainEqual(
      edge("inet_connection_sock_af_ops", "conn_request", "tcp_v4_conn_request", "ipv4_specific"),
    );
    expect(opsEntries).toContainEqual(
      edge("inet_connection_sock_af_ops", "syn_recv_sock", "tcp_v4_syn_recv_sock", "ipv4_specific"),
    );
    // Attribute between name and `=`: static struct pernet_operations __net_initdata tcp_sk_ops = {
    expect(opsEntries).toContainEqual(edge("pernet_operations", "init", "tcp_sk_init", "tcp_sk_ops"));
  });

  test("net/ipv4/af_inet.c: inet_stream_ops.listen → inet_listen, inetsw_array[] .prot = &tcp_prot", async () => {
    const { opsEntries } = await symbolsOfKernelFile("net/ipv4/af_inet.c");
    expect(opsEntries).toContainEqual(edge("proto_ops", "listen", "inet_listen", "inet_stream_ops"));
    expect(opsEntries).toContainEqual(edge("inet_protosw", "prot", "tcp_prot", "inetsw_array"));
    expect(opsEntries).toContainEqual(edge("inet_protosw", "ops", "inet_stream_ops", "inetsw_array"));
  });

  test('a table\'s own .name string is recorded on its entries: cubictcp registers as "cubic"', async () => {
    const { opsEntries } = await symbolsOfKernelFile("net/ipv4/tcp_cubic.c");
    expect(opsEntries).toContainEqual(
      expect.objectContaining({
        table: "cubictcp",
        field: "cong_avoid",
        target: "bictcp_cong_avoid",
        registeredAs: "cubic",
      }),
    );
    // A table without one (tcp_prot's .name is "TCP", an array of tables has none of its own).
    const ipv4 = await symbolsOfKernelFile("net/ipv4/tcp_ipv4.c");
    expect(ipv4.opsEntries.find((e) => e.table === "tcp_prot")?.registeredAs).toBe("TCP");
    const afInet = await symbolsOfKernelFile("net/ipv4/af_inet.c");
    expect(afInet.opsEntries.find((e) => e.table === "inetsw_array")?.registeredAs).toBeUndefined();
  });

  test("a field set in a body is an entry; a parameter assigned is kept by position and names no function", async () => {
    const sock = await symbolsOfKernelFile("net/core/sock.c");
    expect(sock.opsEntries).toContainEqual(
      expect.objectContaining({
        field: "sk_data_ready",
        target: "sock_def_readable",
        table: "sock_init_data",
      }),
    );
    // net/ipv4/ip_sockglue.c: ip_ra_control(sk, on, destructor) does `new_ra->destructor = destructor;`:
    // the functions are those its callers pass third.
    const sockglue = await symbolsOfKernelFile("net/ipv4/ip_sockglue.c");
    expect(
      sockglue.opsEntries.filter((e) => e.table === "ip_ra_control" && e.field === "destructor"),
    ).toEqual([
      expect.objectContaining({ field: "destructor", target: "destructor", parameter: 2, assigned: true }),
    ]);
    // net/core/dev.c: netif_napi_add(dev, napi, poll, weight) does `napi->poll = poll;`.
    const dev = await symbolsOfKernelFile("net/core/dev.c");
    expect(dev.opsEntries.filter((e) => e.table === "netif_napi_add" && e.field === "poll")).toEqual([
      expect.objectContaining({ target: "poll", parameter: 2 }),
    ]);
    // include/net/request_sock.h: reqsk_alloc's `req->rsk_listener = sk_listener;` is its parameter, not
    // include/net/sock.h's function sk_listener(): no entry names that function.
    const requestSock = await symbolsOfKernelFile("include/net/request_sock.h");
    expect(requestSock.opsEntries.filter((e) => e.target === "sk_listener")).toEqual([
      expect.objectContaining({ table: "reqsk_alloc", parameter: 1 }),
    ]);
  });

  test("a local assigned is not an entry either: __inet_check_established's sk->sk_hash = hash", async () => {
    const hashtables = await symbolsOfKernelFile("net/ipv4/inet_hashtables.c");
    expect(hashtables.opsEntries.filter((e) => e.target === "hash")).toEqual([]);
    // net/sched/sch_hhf.c: hhf_classify declares `u32 tmp_hash, hash;`, then `flow->hash_id = hash;`.
    const hhf = await symbolsOfKernelFile("net/sched/sch_hhf.c");
    expect(hhf.opsEntries.filter((e) => e.target === "hash")).toEqual([]);
    const { opsEntries } = await symbolsOfText(
      [
        "static void f(struct s *x, int param)",
        "{",
        "\tu32 hash = g();",
        "\tconst struct ops *ops, *other;",
        "\tint err = h(a, b), n[4], last;",
        "\tx->h = hash;",
        "\tx->ops = ops;",
        "\tx->p = param;",
        "\tx->o = other;",
        "\tx->l = last;",
        "\tx->cb = real_callback;",
        "\tk(x, late_callback);",
        "\tx->late = late_callback;", // an argument before, not a declaration: kept
        "\treturn;",
        "}",
      ].join("\n"),
    );
    expect(opsEntries.filter((e) => e.parameter === undefined).map((e) => e.target)).toEqual([
      "real_callback",
      "late_callback",
    ]);
    expect(opsEntries.filter((e) => e.parameter !== undefined).map((e) => [e.target, e.parameter])).toEqual([
      ["param", 1],
    ]);
  });

  test("a table declared in a body: skb_checksum's ops, netlink dump controls; not one in a comment", async () => {
    // net/core/skbuff.c: skb_checksum declares `const struct skb_checksum_ops ops = { .update =
    // csum_partial_ext, .combine = csum_block_add_ext };` and hands it to __skb_checksum.
    const skbuff = await symbolsOfKernelFile("net/core/skbuff.c");
    expect(skbuff.opsEntries.filter((e) => e.scope === "skb_checksum")).toEqual([
      expect.objectContaining({
        structType: "skb_checksum_ops",
        table: "ops",
        field: "update",
        target: "csum_partial_ext",
      }),
      expect.objectContaining({
        structType: "skb_checksum_ops",
        table: "ops",
        field: "combine",
        target: "csum_block_add_ext",
      }),
    ]);
    const { opsEntries } = await symbolsOfText(
      [
        "static int f(struct sock *sk, int (*cb)(int))",
        "{",
        "\tint local = 1;",
        "\t/* struct ops commented = { .run = not_a_table }; */",
        "\tstruct ops table = { .run = real_fn, .cb = cb, .n = local, .p = NULL };",
        "\tstruct ops list[] = { { .run = first_fn }, { .run = second_fn } };",
        "\treturn g(&table, list);",
        "}",
      ].join("\n"),
    );
    expect(opsEntries.map((e) => `${e.table}.${e.field}=${e.target} in ${e.scope}`)).toEqual([
      "table.run=real_fn in f",
      "list.run=first_fn in f",
      "list.run=second_fn in f",
    ]);
  });

  test("sysfs attribute macros: __ATTR's arguments, _show/_store pasted to the name, DEVICE_ATTR's own variable", async () => {
    const { opsEntries } = await symbolsOfText(
      [
        "static struct rx_queue_attribute rps_cpus_attribute =",
        "\t__ATTR(rps_cpus, S_IRUGO | S_IWUSR, show_rps_map, store_rps_map);",
        "static struct netdev_queue_attribute queue_trans_timeout = __ATTR(tx_timeout, S_IRUGO, show_trans_timeout, NULL);",
        "static struct kobj_attribute rw_attr = __ATTR_RW(mode);",
        "static DEVICE_ATTR_RO(speed);",
        "#define BQL_ATTR(NAME) static struct netdev_queue_attribute bql_##NAME = __ATTR(NAME, 0644, show_##NAME, NULL)",
        "/* static DEVICE_ATTR_WO(commented); */",
        "static int f(void) { struct kobj_attribute local = __ATTR_RO(inner); return 0; }",
      ].join("\n"),
    );
    expect(opsEntries.map((e) => `${e.structType} ${e.table}.${e.field}=${e.target}`)).toEqual([
      "rx_queue_attribute rps_cpus_attribute.show=show_rps_map",
      "rx_queue_attribute rps_cpus_attribute.store=store_rps_map",
      "netdev_queue_attribute queue_trans_timeout.show=show_trans_timeout",
      "kobj_attribute rw_attr.show=mode_show",
      "kobj_attribute rw_attr.store=mode_store",
      "device_attribute dev_attr_speed.show=speed_show",
    ]);
  });

  test("attributes a generator declares fill their tables too: NETSTAT_ENTRY(rx_packets), NETDEVICE_SHOW_RW(mtu, …)", async () => {
    const { opsEntries } = await symbolsOfKernelFile("net/core/net-sysfs.c");
    const entry = (table: string, field: string) =>
      opsEntries.find((e) => e.table === table && e.field === field);
    // At the invocation, its macro's name selected: `NETSTAT_ENTRY(rx_packets);` on line 571.
    expect(plainRanges(entry("dev_attr_rx_packets", "show"))).toMatchObject({
      structType: "device_attribute",
      target: "rx_packets_show",
      range: [570, 0, 570, 13],
    });
    expect(entry("dev_attr_rx_packets", "store")).toBeUndefined();
    expect(entry("dev_attr_mtu", "store")?.target).toBe("mtu_store");
  });

  test("registeredName reads the table's own .name, not a nested list's or a member's", () => {
    expect(registeredName('{ .ssthresh = f, .owner = THIS_MODULE, .name = "cubic", }')).toBe("cubic");
    expect(registeredName('{ .ops = { .name = "inner" }, .owner = THIS_MODULE }')).toBeUndefined();
    expect(registeredName('{ .id = x.name = "no" }')).toBeUndefined();
    expect(registeredName("{ .name = NAME }")).toBeUndefined();
  });

  test("registeredName: braces and designators in strings and comments do not count", () => {
    expect(registeredName('{ .fmt = "{%d", .name = "cubic" }')).toBe("cubic");
    expect(registeredName('{ .fmt = "}", .ops = { .x = f }, .name = "reno" }')).toBe("reno");
    expect(registeredName('{ /* } */ .name = "bbr" }')).toBe("bbr");
    expect(registeredName('{ /* .name = "old", */ .owner = THIS_MODULE }')).toBeUndefined();
    expect(registeredName('{ .help = ".name = \\"x\\"", .owner = THIS_MODULE }')).toBeUndefined();
  });

  test("#ifdef inside an initializer does not hide entries", async () => {
    const { opsEntries } = await symbolsOfText(
      'struct proto p = {\n\t.connect = a_connect,\n#ifdef CONFIG_COMPAT\n\t.compat_ioctl = a_compat,\n#endif\n\t.h.hashinfo = &h,\n\t.name = "x",\n\t.close = NULL,\n};\n',
    );
    expect(opsEntries.map((e) => `${e.field}=${e.target}`)).toEqual([
      "connect=a_connect",
      "compat_ioctl=a_compat",
      "hashinfo=h",
    ]);
    expect(opsEntries[2]?.fieldPath).toEqual(["h"]);
  });

  test("nested lists and multi-part designators record the path to the holder", () => {
    const found = scanDesignatedInitializers(
      "{ .a = f, .inner = { .b = g }, .h.x = &y, .c = &h, .n = { 1, 2 } }",
      1,
    );
    expect(found.map((f) => `${[...f.path, f.field].join(".")}=${f.target}`)).toEqual([
      "a=f",
      "inner.b=g",
      "h.x=y",
      "c=h",
    ]);
  });

  test("net/ipv4/af_inet.c: ip_packet_offload.callbacks.gro_receive → inet_gro_receive", async () => {
    const { opsEntries } = await symbolsOfKernelFile("net/ipv4/af_inet.c");
    expect(opsEntries).toContainEqual(
      expect.objectContaining({
        structType: "packet_offload",
        fieldPath: ["callbacks"],
        field: "gro_receive",
        target: "inet_gro_receive",
      }),
    );
  });
});

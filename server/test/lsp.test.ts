// The real server over stdio JSON-RPC, on ../shared/linux-4.11, as an editor talks to it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type {
  CallHierarchyIncomingCall,
  CallHierarchyItem,
  CallHierarchyOutgoingCall,
  DocumentHighlight,
  DocumentSymbol,
  Hover,
  Location,
  SymbolInformation,
} from "vscode-languageserver-protocol";
import { kernelRoot, kernelUri, positionOf, startServer, type TestServer } from "./lspClient.js";
import { SERVER_V8_FLAGS, v8FlagsState } from "../src/v8Flags.js";

let server: TestServer;

const request = <T>(method: string, params: unknown) => server.connection.sendRequest<T>(method, params);
const at = (relative: string, needle: string, options: { after?: string; delta?: number } = {}) => ({
  textDocument: { uri: kernelUri(relative) },
  position: positionOf(relative, needle, options),
});
/** The markdown of the hover at `needle`. */
const hoverValue = async (
  relative: string,
  needle: string,
  options: { after?: string; delta?: number } = {},
) =>
  ((await request<Hover>("textDocument/hover", at(relative, needle, options))).contents as { value: string })
    .value;
const fileOf = (location: { uri: string }) => path.relative(kernelRoot, new URL(location.uri).pathname);

/** Hover on `member` (its last place in `needle`) says it is a field of `holder`, and definition finds one. */
async function expectFieldOf(file: string, needle: string, member: string, holder: string) {
  const onMember = at(file, needle, { delta: needle.lastIndexOf(member) });
  const value = (await request<Hover>("textDocument/hover", onMember)).contents as { value: string };
  expect(value.value, needle).toContain(`field of \`${holder}\``);
  expect(await request<Location[]>("textDocument/definition", onMember), needle).toHaveLength(1);
}

beforeAll(async () => {
  server = await startServer();
  await server.indexed;
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

describe("kernel-lens-server over stdio", () => {
  test("indexing reports work-done progress to completion (files done/total)", async () => {
    expect(server.progress[0]?.kind).toBe("begin");
    expect(server.progress.at(-1)?.kind).toBe("end");
    const last = server.progress.filter((p) => p.kind === "report").at(-1);
    expect(last?.message).toMatch(/^(\d+)\/\1 files$/);
    const status = await request<{
      done: boolean;
      files: number;
      kernelVersion: string;
      report: { errors: unknown[] };
    }>("kernelLens/indexStatus", {});
    expect(status).toMatchObject({ done: true, kernelVersion: "4.11" });
    expect(status.files).toBeGreaterThan(5000);
    expect(status.report.errors).toEqual([]);
  });

  test("the server started by its bin sets its V8 flags before the index workers start, and logs them", () => {
    // With V8 11's tuning when the test runs on node 20.
    const flags = v8FlagsState([], false).toSet;
    expect(flags).toEqual(expect.arrayContaining([...SERVER_V8_FLAGS]));
    expect(server.logs).toContain(`V8 flags: ${flags.map((flag) => `${flag} (set at start)`).join(", ")}`);
  });

  test("definition of tcp_conn_request from its call site in tcp_v4_conn_request", async () => {
    const result = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/tcp_ipv4.c", "tcp_conn_request(", { after: "int tcp_v4_conn_request(", delta: 3 }),
    );
    expect(result).toHaveLength(1);
    expect(fileOf(result[0]!)).toBe("net/ipv4/tcp_input.c");
    expect(result[0]!.range.start).toEqual(
      positionOf("net/ipv4/tcp_input.c", "tcp_conn_request(struct request_sock_ops"),
    );
  });

  test("declaration goes to the prototype in include/net/tcp.h", async () => {
    const result = await request<Location[]>(
      "textDocument/declaration",
      at("net/ipv4/tcp_ipv4.c", "tcp_conn_request(", { after: "int tcp_v4_conn_request(" }),
    );
    expect(result.map(fileOf)).toContain("include/net/tcp.h");
  });

  test("a name both a struct and a per-CPU variable: the variable in an expression, the struct after `struct`", async () => {
    const variable = await request<Location[]>(
      "textDocument/definition",
      at("net/core/dev.c", "softnet_data);", { after: "struct softnet_data *mysd = this_cpu_ptr(" }),
    );
    expect(variable.map(fileOf)).toEqual(["net/core/dev.c"]);
    expect(variable[0]!.range.start).toEqual(
      positionOf("net/core/dev.c", "softnet_data);", {
        after: "DEFINE_PER_CPU_ALIGNED(struct softnet_data, ",
      }),
    );
    const struct = await request<Location[]>(
      "textDocument/definition",
      at("net/core/dev.c", "softnet_data *mysd"),
    );
    expect(struct.map(fileOf)).toEqual(["include/linux/netdevice.h"]);
    const declaration = await request<Location[]>(
      "textDocument/declaration",
      at("net/core/dev.c", "softnet_data);", { after: "struct softnet_data *mysd = this_cpu_ptr(" }),
    );
    // `DECLARE_PER_CPU_ALIGNED(struct softnet_data, softnet_data);` in the header.
    expect(declaration.map(fileOf)).toEqual(["include/linux/netdevice.h"]);
  });

  test("a local a macro's block declares types its members: ifa in for_ifa(in_dev), nh in for_nexthops(fi)", async () => {
    const ifa = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/devinet.c", "ifa_local || !local", { after: "static __be32 confirm_addr_indev(" }),
    );
    expect(ifa.map(fileOf)).toEqual(["include/linux/inetdevice.h"]);
    const nh = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/fib_semantics.c", "nh_flags & RTNH_F_LINKDOWN", { after: "for_nexthops(fi) {" }),
    );
    expect(nh.map(fileOf)).toEqual(["include/net/ip_fib.h"]);
  });

  test("a local a curated macro declares: DEFINE_WAIT(wait) in inet_csk_wait_for_connect, a crypto request on the stack", async () => {
    const use = at("net/ipv4/inet_connection_sock.c", "wait);", {
      after: "finish_wait(sk_sleep(sk), &",
    });
    const definition = await request<Location[]>("textDocument/definition", use);
    expect(definition.map((l) => [fileOf(l), l.range.start])).toEqual([
      [
        "net/ipv4/inet_connection_sock.c",
        positionOf("net/ipv4/inet_connection_sock.c", "wait);", { after: "DEFINE_WAIT(" }),
      ],
    ]);
    const type = await request<Location[]>("textDocument/typeDefinition", use);
    expect(type.map(fileOf)).toEqual(["include/linux/wait.h"]);
    // include/crypto/skcipher.h's SKCIPHER_REQUEST_ON_STACK(req, tfm) declares `struct skcipher_request *req`.
    const req = at(
      "net/sunrpc/auth_gss/gss_krb5_crypto.c",
      "req, aux_cipher);\n\t\tskcipher_request_set_callback",
    );
    const hover = (await request<Hover>("textDocument/hover", req)).contents as { value: string };
    expect(hover.value).toBe(
      "```c\nSKCIPHER_REQUEST_ON_STACK(req, aux_cipher)\n```\nlocal of `gss_krb5_aes_encrypt`",
    );
    const skcipher = await request<Location[]>("textDocument/typeDefinition", req);
    expect(skcipher.map(fileOf)).toEqual(["include/crypto/skcipher.h"]);
  });

  test("a struct tag two .c files define: the member is this file's struct's (struct bictcp, tcp_cubic.c)", async () => {
    const result = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/tcp_cubic.c", "epoch_start = tcp_time_stamp"),
    );
    expect(result.map(fileOf)).toEqual(["net/ipv4/tcp_cubic.c"]);
    expect(result[0]!.range.start).toEqual(
      positionOf("net/ipv4/tcp_cubic.c", "epoch_start;", { after: "struct bictcp {" }),
    );
    // References stay with that struct: none of tcp_bic.c's ca->epoch_start.
    const references = await request<Location[]>("textDocument/references", {
      ...at("net/ipv4/tcp_cubic.c", "epoch_start = tcp_time_stamp"),
      context: { includeDeclaration: true },
    });
    console.log(
      "REFS",
      JSON.stringify(
        references.map((r) => `${fileOf(r)}:${r.range.start.line + 1}:${r.range.start.character + 1}`),
      ),
    );
    expect(new Set(references.map(fileOf))).toEqual(new Set(["net/ipv4/tcp_cubic.c"]));
    // 15 times in tcp_cubic.c, two of them in comments.
    expect(references).toHaveLength(13);
  });

  test("members of a variable's anonymous struct: rep.th.source in tcp_v4_send_reset, icmp_global.stamp", async () => {
    const th = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/tcp_ipv4.c", "th.source", { after: "static void tcp_v4_send_reset(" }),
    );
    expect(th.map(fileOf)).toEqual(["net/ipv4/tcp_ipv4.c"]);
    expect(th[0]!.range.start).toEqual(
      positionOf("net/ipv4/tcp_ipv4.c", "th;", { after: "static void tcp_v4_send_reset(" }),
    );
    const source = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/tcp_ipv4.c", "source", { after: "rep.th." }),
    );
    expect(source.map(fileOf)).toEqual(["include/uapi/linux/tcp.h"]);
    const type = await request<Location[]>(
      "textDocument/typeDefinition",
      at("net/ipv4/tcp_ipv4.c", "rep.th.source", { after: "static void tcp_v4_send_reset(" }),
    );
    expect(type.map((l) => [fileOf(l), l.range.start])).toEqual([
      [
        "net/ipv4/tcp_ipv4.c",
        positionOf("net/ipv4/tcp_ipv4.c", "struct {", { after: "static void tcp_v4_send_reset(" }),
      ],
    ]);
    // The designator in its own initializer: `} icmp_global = { .lock = __SPIN_LOCK_UNLOCKED(…) }`.
    const designator = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/icmp.c", "lock\t", { after: "} icmp_global = {" }),
    );
    expect(designator.map((l) => [fileOf(l), l.range.start])).toEqual([
      ["net/ipv4/icmp.c", positionOf("net/ipv4/icmp.c", "lock;", { after: "static struct {" })],
    ]);
    const hover = await request<Hover>(
      "textDocument/hover",
      at("net/ipv4/icmp.c", "stamp, HZ", { after: "icmp_global." }),
    );
    expect((hover.contents as { value: string }).value).toContain("field of `typeof(icmp_global)`");
    const outline = await request<DocumentSymbol[]>("textDocument/documentSymbol", {
      textDocument: { uri: kernelUri("net/ipv4/icmp.c") },
    });
    const global = outline.find((s) => s.name === "icmp_global");
    expect(global?.detail).toBe("struct { … }");
    expect(global?.children?.map((c) => c.name)).toEqual(["lock", "credit", "stamp"]);
    expect(outline.some((s) => s.name.startsWith("typeof("))).toBe(false);
  });

  test("definition of a struct field, a struct, a macro and SYSCALL_DEFINE2(listen)", async () => {
    const field = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/tcp_input.c", "icsk_af_ops->conn_request", { after: "int tcp_rcv_state_process(" }),
    );
    expect(field.map(fileOf)).toEqual(["include/net/inet_connection_sock.h"]);
    const struct = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/tcp_input.c", "inet_connection_sock *icsk", { after: "int tcp_rcv_state_process(" }),
    );
    expect(struct.map(fileOf)).toContain("include/net/inet_connection_sock.h");
    const macro = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/tcp_input.c", "TCP_SKB_CB(skb)"),
    );
    expect(macro.map(fileOf)).toContain("include/net/tcp.h");
    const listen = await request<SymbolInformation[]>("workspace/symbol", { query: "sys_listen" });
    expect(listen[0]).toMatchObject({ name: "sys_listen" });
    expect(fileOf(listen[0]!.location)).toBe("net/socket.c");
  });

  test("definition of macros tree-sitter alone loses: max_t after an attribute, IPPROTO_TCP in an enum", async () => {
    // include/linux/kernel.h: `extern __printf(2, 0) int __ftrace_vbprintk(…)` hid the next 120 lines.
    const maxT = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv6/tcp_ipv6.c", "max_t(int, tp->rcv_nxt"),
    );
    expect(maxT.map(fileOf)).toEqual(["include/linux/kernel.h"]);
    expect(maxT[0]!.range.start).toEqual(positionOf("include/linux/kernel.h", "max_t(type, x, y)"));
    // include/uapi/linux/in.h: `#define IPPROTO_TCP IPPROTO_TCP` sits inside the enum.
    const tcp = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/tcp_ipv4.c", "IPPROTO_TCP", { after: "int tcp_v4_rcv(" }),
    );
    expect(tcp.map(fileOf)).toContain("include/uapi/linux/in.h");
  });

  test("a parameter or local goes to its declaration, not to struct fields of the same name", async () => {
    const sk = at("net/ipv4/tcp_input.c", "sk, skb, req", { after: "int tcp_conn_request(" });
    const definition = await request<Location[]>("textDocument/definition", sk);
    expect(definition.map(fileOf)).toEqual(["net/ipv4/tcp_input.c"]);
    expect(definition[0]!.range.start).toEqual(
      positionOf("net/ipv4/tcp_input.c", "sk, struct sk_buff *skb)", { after: "int tcp_conn_request(" }),
    );
    const hover = await request<Hover>("textDocument/hover", sk);
    expect((hover.contents as { value: string }).value).toBe(
      "```c\nstruct sock *sk\n```\nparameter of `tcp_conn_request`",
    );
    // net/ipv4/ip_output.c: __ip_append_data's `int getfrag(void *from, …)` parameter, called as getfrag(…).
    const getfrag = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/ip_output.c", "getfrag(from,"),
    );
    expect(getfrag.map(fileOf)).toEqual(["net/ipv4/ip_output.c"]);
    expect(getfrag[0]!.range.start).toEqual(
      positionOf("net/ipv4/ip_output.c", "getfrag(void *from, char *to, int offset,", {
        after: "static int __ip_append_data(",
      }),
    );
  });

  test("a SYSCALL_DEFINE2(listen, int, fd, int, backlog) parameter is found in the macro's arguments", async () => {
    const backlog = at("net/socket.c", "backlog > somaxconn", { after: "SYSCALL_DEFINE2(listen" });
    const definition = await request<Location[]>("textDocument/definition", backlog);
    expect(definition.map(fileOf)).toEqual(["net/socket.c"]);
    expect(definition[0]!.range.start).toEqual(
      positionOf("net/socket.c", "backlog)", { after: "SYSCALL_DEFINE2(listen" }),
    );
    const hover = await request<Hover>("textDocument/hover", backlog);
    expect((hover.contents as { value: string }).value).toBe("```c\nint backlog\n```\nparameter of `listen`");
  });

  test("a function generated by token pasting: atomic_long_read goes to ATOMIC_LONG_READ_OP()", async () => {
    const result = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/proc.c", "atomic_long_read(", { after: "static int sockstat_seq_show" }),
    );
    expect(result.map(fileOf)).toEqual(["include/asm-generic/atomic-long.h"]);
    expect(result[0]!.range.start).toEqual(
      positionOf("include/asm-generic/atomic-long.h", "ATOMIC_LONG_READ_OP()\n"),
    );
  });

  test("a call through a file-scope function pointer goes to the pointer's declaration", async () => {
    const result = await request<Location[]>(
      "textDocument/definition",
      at("net/core/sock_diag.c", "inet_rcv_compat(skb, nlh)"),
    );
    expect(result.map(fileOf)).toEqual(["net/core/sock_diag.c"]);
    expect(result[0]!.range.start).toEqual(positionOf("net/core/sock_diag.c", "inet_rcv_compat)("));
  });

  test("a file sees its own #define, struct tag and statics, not another .c file's; a parameter may share a function's name", async () => {
    // C: a static function has internal linkage, and a #define in a .c file ends with that file.
    const hashMacro = at("net/atm/lec.c", "HASH(entry->mac_addr");
    const definition = await request<Location[]>("textDocument/definition", hashMacro);
    expect(definition.map(fileOf)).toEqual(["net/atm/lec.c"]);
    expect(definition[0]!.range.start.line).toBe(positionOf("net/atm/lec.c", "#define HASH(ch)").line);
    const macroHover = (await request<Hover>("textDocument/hover", hashMacro)).contents as { value: string };
    expect(macroHover.value).toContain("#define HASH(ch) (ch & (LEC_ARP_TABLE_SIZE - 1))");
    expect(macroHover.value).not.toContain("ip6_tunnel.c");

    // include/net/neighbour.h: ___neigh_lookup_noref calls its parameter `__u32 (*hash)(…)`, not the static
    // hash() of net/irda/irqueue.c or net/tipc/name_table.c.
    const hashCall = at("include/net/neighbour.h", "hash(pkey, dev, nht->hash_rnd)");
    const parameter = await request<Location[]>("textDocument/definition", hashCall);
    expect(parameter.map(fileOf)).toEqual(["include/net/neighbour.h"]);
    expect(parameter[0]!.range.start).toEqual(
      positionOf("include/net/neighbour.h", "hash)(const void *pkey,", { after: "___neigh_lookup_noref(" }),
    );
    const parameterHover = (await request<Hover>("textDocument/hover", hashCall)).contents as {
      value: string;
    };
    expect(parameterHover.value).toBe(
      "```c\n__u32 (*hash)(const void *pkey, const struct net_device *dev, __u32 *hash_rnd)\n```\nparameter of `___neigh_lookup_noref`",
    );
    const lookup = await request<CallHierarchyItem[]>(
      "textDocument/prepareCallHierarchy",
      at("include/net/neighbour.h", "___neigh_lookup_noref(\n"),
    );
    expect((await outgoing(lookup[0]!)).map((c) => c.to.name)).not.toContain("hash");
    const [irdaHash] = await request<CallHierarchyItem[]>(
      "textDocument/prepareCallHierarchy",
      at("net/irda/irqueue.c", "hash( const char* name)"),
    );
    const callers = await request<CallHierarchyIncomingCall[]>("callHierarchy/incomingCalls", {
      item: irdaHash,
    });
    expect([...new Set(callers.map((c) => fileOf({ uri: c.from.uri })))]).toEqual(["net/irda/irqueue.c"]);
    expect(callers.map((c) => c.from.name)).toContain("hashbin_insert");

    // Of two headers' #defines, the one the file's #include lines reach: include/linux/stddef.h's NULL,
    // not include/acpi/actypes.h's.
    const nullMacro = at("net/netfilter/nft_dynset.c", "NULL;");
    const nullDefinition = await request<Location[]>("textDocument/definition", nullMacro);
    expect(nullDefinition.map(fileOf)).toEqual(["include/linux/stddef.h"]);
    const nullHover = (await request<Hover>("textDocument/hover", nullMacro)).contents as { value: string };
    expect(nullHover.value).toContain("include/linux/stddef.h:");

    // A struct tag likewise: net/ipv4/tcp_bic.c defines a struct bictcp of its own.
    const bictcp = at("net/ipv4/tcp_cubic.c", "bictcp *ca = inet_csk_ca(sk);");
    const tag = await request<Location[]>("textDocument/definition", bictcp);
    expect(tag.map(fileOf)).toEqual(["net/ipv4/tcp_cubic.c"]);
    const tagHover = (await request<Hover>("textDocument/hover", bictcp)).contents as { value: string };
    expect(tagHover.value).toContain("u32 bic_K;");
    expect(tagHover.value).toContain("net/ipv4/tcp_cubic.c:");

    // A global likewise: net/sched/act_vlan.c has a static vlan_net_id of its own.
    const vlanNetId = await request<Location[]>(
      "textDocument/definition",
      at("net/8021q/vlanproc.c", "vlan_net_id);"),
    );
    expect(vlanNetId.map(fileOf)).toEqual(["net/8021q/vlan.c"]);

    // netlabel_kapi.c calls netlabel_calipso.c's calipso_doi_add, not net/ipv6/calipso.c's static one.
    const [kapi] = await request<CallHierarchyItem[]>(
      "textDocument/prepareCallHierarchy",
      at("net/netlabel/netlabel_kapi.c", "netlbl_cfg_calipso_add("),
    );
    const calls = await outgoing(kapi!);
    expect(
      calls.filter((c) => c.to.name === "calipso_doi_add").map((c) => fileOf({ uri: c.to.uri })),
    ).toEqual(["net/netlabel/netlabel_calipso.c"]);
  });

  test("references of a local are its uses in its function", async () => {
    const text = readFileSync(path.join(kernelRoot, "net/ipv4/tcp_input.c"), "utf8");
    const start = text.indexOf("int tcp_conn_request(");
    const body = text.slice(start, text.indexOf("\n}\n", start));
    const references = await request<Location[]>("textDocument/references", {
      ...at("net/ipv4/tcp_input.c", "want_cookie = false", { after: "int tcp_conn_request(" }),
      context: { includeDeclaration: true },
    });
    expect(references.map(fileOf).every((f) => f === "net/ipv4/tcp_input.c")).toBe(true);
    expect(references).toHaveLength(body.match(/\bwant_cookie\b/g)!.length);
    expect(references[0]!.range.start).toEqual(
      positionOf("net/ipv4/tcp_input.c", "want_cookie = false", { after: "int tcp_conn_request(" }),
    );
  });

  test("document highlights: a local's uses in its function; any other name's occurrences in the file", async () => {
    const text = readFileSync(path.join(kernelRoot, "net/ipv4/tcp_input.c"), "utf8");
    const start = text.indexOf("int tcp_conn_request(");
    const body = text.slice(start, text.indexOf("\n}\n", start));
    const local = await request<DocumentHighlight[]>(
      "textDocument/documentHighlight",
      at("net/ipv4/tcp_input.c", "req = inet_reqsk_alloc", { after: "int tcp_conn_request(" }),
    );
    expect(local).toHaveLength(body.match(/\breq\b/g)!.length);
    expect(local[0]).toMatchObject({
      kind: 3,
      range: { start: positionOf("net/ipv4/tcp_input.c", "req;", { after: "int tcp_conn_request(" }) },
    });
    const global = await request<DocumentHighlight[]>(
      "textDocument/documentHighlight",
      at("net/ipv4/tcp_input.c", "tcp_conn_request(struct request_sock_ops"),
    );
    expect(global).toHaveLength(text.match(/\btcp_conn_request\b/g)!.length);
  });

  test("tracepoints: trace_kfree_skb and register_trace_kfree_skb go to TRACE_EVENT(kfree_skb, …)", async () => {
    const call = at("net/core/skbuff.c", "trace_kfree_skb(skb, __builtin_return_address(0))");
    const definition = await request<Location[]>("textDocument/definition", call);
    expect(definition.map(fileOf)).toEqual(["include/trace/events/skb.h"]);
    expect(definition[0]!.range.start).toEqual(
      positionOf("include/trace/events/skb.h", "kfree_skb,", { after: "TRACE_EVENT(" }),
    );
    const register = await request<Location[]>(
      "textDocument/definition",
      at("net/core/drop_monitor.c", "register_trace_kfree_skb(trace_kfree_skb_hit", { delta: 2 }),
    );
    expect(register).toEqual(definition);
    const hover = await request<Hover>("textDocument/hover", call);
    expect((hover.contents as { value: string }).value).toContain(
      "void trace_kfree_skb(struct sk_buff *skb, void *location)",
    );
    // The event's name where TRACE_EVENT declares it is that function: its references are where it fires.
    const eventName = at("include/trace/events/skb.h", "kfree_skb,", { after: "TRACE_EVENT(" });
    expect(await request<Location[]>("textDocument/definition", eventName)).toEqual(definition);
    const eventHover = await request<Hover>("textDocument/hover", eventName);
    expect((eventHover.contents as { value: string }).value).toContain("void trace_kfree_skb(");
    const fired = await request<Location[]>("textDocument/references", {
      ...eventName,
      context: { includeDeclaration: false },
    });
    expect(fired.map((l) => [fileOf(l), l.range.start.line])).toContainEqual([
      "net/core/skbuff.c",
      call.position.line,
    ]);
  });

  test("a trace event class: DEFINE_EVENT's first argument goes to its DECLARE_EVENT_CLASS, whose references are its events", async () => {
    const file = "include/trace/events/net.h";
    const declared = positionOf(file, "net_dev_template,", { after: "DECLARE_EVENT_CLASS(" });
    const taken = at(file, "net_dev_template,", { after: "DEFINE_EVENT(" });
    const definition = await request<Location[]>("textDocument/definition", taken);
    expect(definition.map((l) => [fileOf(l), l.range.start])).toEqual([[file, declared]]);
    const hover = await request<Hover>("textDocument/hover", taken);
    expect((hover.contents as { value: string }).value).toContain("DECLARE_EVENT_CLASS(net_dev_template, …)");
    // net_dev_queue, netif_receive_skb and netif_rx are DEFINE_EVENT(net_dev_template, …).
    const uses = await request<Location[]>("textDocument/references", {
      textDocument: taken.textDocument,
      position: declared,
      context: { includeDeclaration: false },
    });
    expect(uses).toHaveLength(3);
    expect(uses.map((l) => l.range.start)).toContainEqual(taken.position);
  });

  test("definition of sys_listen(a0, a1) in socketcall goes to SYSCALL_DEFINE2(listen, …)", async () => {
    const result = await request<Location[]>(
      "textDocument/definition",
      at("net/socket.c", "sys_listen(a0, a1)", { delta: 4 }),
    );
    expect(result.map(fileOf)).toEqual(["net/socket.c"]);
    expect(result[0]!.range.start).toEqual(positionOf("net/socket.c", "listen, int, fd, int, backlog"));
  });

  test("definition on an #include line opens the header", async () => {
    const result = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/tcp_input.c", "net/tcp.h", { delta: 5 }),
    );
    expect(result.map(fileOf)).toEqual(["include/net/tcp.h"]);
    // A quoted name, read next to the including file (its words are in a string, where no symbol is).
    const quoted = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/fib_semantics.c", '"fib_lookup.h"', { delta: 4 }),
    );
    expect(quoted.map(fileOf)).toEqual(["net/ipv4/fib_lookup.h"]);
  });

  test("implementation of conn_request lists tcp_v4_conn_request first, then tcp_v6_conn_request", async () => {
    const result = await request<Location[]>(
      "textDocument/implementation",
      at("net/ipv4/tcp_input.c", "conn_request(sk, skb)", { after: "int tcp_rcv_state_process(", delta: 2 }),
    );
    const files = result.map(fileOf);
    expect(files[0]).toBe("net/ipv4/tcp_ipv4.c");
    expect(files).toContain("net/ipv6/tcp_ipv6.c");
    expect(files.indexOf("net/ipv6/tcp_ipv6.c")).toBeLessThan(
      files.findIndex((f) => f.startsWith("net/dccp/")) >>> 0,
    );
    expect(result[0]!.range.start).toEqual(
      positionOf("net/ipv4/tcp_ipv4.c", "tcp_v4_conn_request(struct sock"),
    );
  });

  test("implementation of icsk_ca_ops->cong_avoid lists the default congestion control first (Kconfig: cubic)", async () => {
    // net/ipv4/tcp_cong.c: tcp_assign_congestion_control takes the head of tcp_cong_list, where
    // tcp_congestion_default put CONFIG_DEFAULT_TCP_CONG ("cubic" in v4.11's net/ipv4/Kconfig).
    const params = at("net/ipv4/tcp_input.c", "cong_avoid(sk, ack, acked)", {
      after: "static void tcp_cong_avoid(",
    });
    const result = await request<Location[]>("textDocument/implementation", params);
    expect(fileOf(result[0]!)).toBe("net/ipv4/tcp_cubic.c");
    expect(result[0]!.range.start).toEqual(
      positionOf("net/ipv4/tcp_cubic.c", "bictcp_cong_avoid(struct sock"),
    );
    expect(result.map(fileOf)).toContain("net/ipv4/tcp_cong.c");
    const hover = await request<Hover>("textDocument/hover", params);
    const lines = (hover.contents as { value: string }).value.split("\n").filter((l) => l.startsWith("- "));
    expect(lines[0]).toMatch(
      /^- `bictcp_cong_avoid` via cubictcp\.cong_avoid — net\/ipv4\/tcp_cubic\.c:\d+ — the default: CONFIG_DEFAULT_TCP_CONG "cubic" \(net\/ipv4\/Kconfig:\d+\)$/,
    );
    expect(lines.slice(1).join("\n")).not.toContain("the default");
    // Stored in tcp_reno and in dctcp's tables (tcp_dctcp.c): named by its own file's, whatever the indexing order.
    expect(lines).toContainEqual(
      expect.stringMatching(/^- `tcp_reno_cong_avoid` via tcp_reno\.cong_avoid — /),
    );
  });

  test("sk->sk_prot->connect resolves the holder through the sk_prot macro to struct proto", async () => {
    const options = { after: "int __inet_stream_connect(", delta: 2 };
    const result = await request<Location[]>(
      "textDocument/implementation",
      at("net/ipv4/af_inet.c", "connect(sk, uaddr, addr_len)", options),
    );
    expect(result.length).toBeGreaterThan(0);
    expect(result[0]!.range.start).toEqual(positionOf("net/ipv4/tcp_ipv4.c", "tcp_v4_connect(struct sock"));
    // struct proto_ops also has .connect (inet_stream_connect): the typed holder keeps it out.
    const names = result.map((l) => readFileSync(new URL(l.uri), "utf8").split("\n")[l.range.start.line]);
    expect(names.some((line) => line?.includes("inet_stream_connect("))).toBe(false);
    const macro = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/af_inet.c", "sk_prot->connect(sk, uaddr", { after: "int __inet_stream_connect(" }),
    );
    expect(macro.map(fileOf)).toEqual(["include/net/sock.h"]);
  });

  test("a call whose base is a call: inet_csk(sk)->icsk_af_ops->syn_recv_sock reaches tcp_v4_syn_recv_sock", async () => {
    const result = await request<Location[]>(
      "textDocument/implementation",
      at("net/ipv4/tcp_minisocks.c", "syn_recv_sock(sk, skb, req, NULL,"),
    );
    expect(result[0]!.range.start).toEqual(
      positionOf("net/ipv4/tcp_ipv4.c", "tcp_v4_syn_recv_sock(const struct sock"),
    );
    expect(result.map(fileOf)).toContain("net/ipv6/tcp_ipv6.c");
  });

  test("a pointer set by assignment: parent->sk_data_ready(parent) reaches sock_def_readable (set in sock_init_data)", async () => {
    const params = at("net/ipv4/tcp_minisocks.c", "sk_data_ready(parent)");
    const result = await request<Location[]>("textDocument/implementation", params);
    expect(result[0]!.range.start).toEqual(positionOf("net/core/sock.c", "sock_def_readable(struct sock"));
    // Every function stored in a struct sock's sk_data_ready, and nothing stored in another struct's field.
    expect(result.length).toBeGreaterThan(3);
    const incoming = await request<CallHierarchyIncomingCall[]>("callHierarchy/incomingCalls", {
      item: await itemNamed("sock_def_readable"),
    });
    expect(incoming.map((c) => c.from.name)).toEqual(
      expect.arrayContaining(["tcp_child_process", "tcp_conn_request", "tcp_data_queue"]),
    );
  });

  test("a pointer copied from another struct's field: sk->sk_backlog_rcv(sk, skb) reaches tcp_v4_do_rcv", async () => {
    // net/ipv4/af_inet.c: inet_create sets sk->sk_backlog_rcv = sk->sk_prot->backlog_rcv, and tcp_prot's
    // .backlog_rcv is tcp_v4_do_rcv.
    const result = await request<Location[]>(
      "textDocument/implementation",
      at("include/net/sock.h", "sk_backlog_rcv(sk, skb);\n}", { after: "static inline int sk_backlog_rcv(" }),
    );
    expect(result[0]!.range.start).toEqual(
      positionOf("net/ipv4/tcp_ipv4.c", "tcp_v4_do_rcv(struct sock *sk"),
    );
    const incoming = await request<CallHierarchyIncomingCall[]>("callHierarchy/incomingCalls", {
      item: await itemNamed("tcp_v4_do_rcv"),
    });
    expect(incoming.map((c) => c.from.name)).toEqual(
      expect.arrayContaining(["tcp_v4_rcv", "sk_backlog_rcv"]),
    );
  });

  test("sysfs attribute macros fill tables: attribute->show(…) reaches the show functions __ATTR stored", async () => {
    // net/core/net-sysfs.c: `static struct rx_queue_attribute rps_cpus_attribute = __ATTR(rps_cpus, …,
    // show_rps_map, store_rps_map);`; the netdev_queue_attribute tables' show functions are not these.
    const params = at("net/core/net-sysfs.c", "show(queue, attribute, buf)", {
      after: "static ssize_t rx_queue_attr_show(",
    });
    const result = await request<Location[]>("textDocument/implementation", params);
    const line = (needle: string) => positionOf("net/core/net-sysfs.c", needle).line;
    expect(result.map((l) => l.range.start.line).sort((a, b) => a - b)).toEqual([
      line("static ssize_t show_rps_map("),
      line("static ssize_t show_rps_dev_flow_table_cnt("),
    ]);
    // `static DEVICE_ATTR_RO(speed);` stores speed_show in dev_attr_speed's .show.
    const references = await request<Location[]>("textDocument/references", {
      ...at("net/core/net-sysfs.c", "speed_show(struct device"),
      context: { includeDeclaration: false },
    });
    expect(references.map((l) => [fileOf(l), l.range.start.line])).toContainEqual([
      "net/core/net-sysfs.c",
      line("static DEVICE_ATTR_RO(speed);"),
    ]);
  });

  test("a function passed as an argument and stored by the callee: n->poll(n, weight) reaches gro_cell_poll", async () => {
    // net/core/dev.c: netif_napi_add(dev, napi, poll, weight) does `napi->poll = poll;`, and
    // net/core/gro_cells.c: gro_cells_init passes gro_cell_poll; net_dev_init assigns process_backlog itself.
    const params = at("net/core/dev.c", "poll(n, weight)", { after: "static int napi_poll(" });
    const result = await request<Location[]>("textDocument/implementation", params);
    expect(result.map(fileOf)).toEqual(expect.arrayContaining(["net/core/gro_cells.c", "net/core/dev.c"]));
    expect(result.map((l) => l.range.start)).toContainEqual(
      positionOf("net/core/gro_cells.c", "gro_cell_poll(struct napi_struct"),
    );
    const hover = await request<Hover>("textDocument/hover", params);
    expect((hover.contents as { value: string }).value).toMatch(
      /^- `gro_cell_poll` via poll ← netif_napi_add\(…, gro_cell_poll, …\) in gro_cells_init\(\) — net\/core\/gro_cells\.c:\d+$/m,
    );
    // rtnl_register(…, doit, dumpit, calcit) hands dumpit on to __rtnl_register, which stores it: the
    // functions are those rtnl_register's callers pass (net/ipv4/fib_frontend.c: ip_fib_init).
    const dumpit = await request<Location[]>(
      "textDocument/implementation",
      at("net/core/rtnetlink.c", "dumpit(skb, cb)", { after: "if (rtnl_msg_handlers[idx][type].dumpit(skb" }),
    );
    expect(dumpit.map((l) => l.range.start)).toContainEqual(
      positionOf("net/ipv4/fib_frontend.c", "inet_dump_fib(struct sk_buff"),
    );
    // ip_ra_control(sk, on, destructor) stores its third argument: ipmr.c passes mrtsock_destruct, and
    // ip_sockglue.c's `ip_ra_control(sk, val ? 1 : 0, NULL)` passes no function.
    const calls = await request<Location[]>(
      "textDocument/implementation",
      at("net/ipv4/ip_sockglue.c", "destructor(sk)", { after: "ra->" }),
    );
    expect(calls.map((l) => l.range.start)).toEqual([
      positionOf("net/ipv4/ipmr.c", "mrtsock_destruct(struct sock"),
    ]);

    // From the function's side: the calls through the field, found from where its own file passes it.
    const incomingNames = async (name: string) =>
      (
        await request<CallHierarchyIncomingCall[]>("callHierarchy/incomingCalls", {
          item: await itemNamed(name),
        })
      ).map((c) => c.from.name);
    expect(await incomingNames("gro_cell_poll")).toContain("napi_poll");
    expect(await incomingNames("mrtsock_destruct")).toContain("ip_ra_control");
    expect(await incomingNames("inet_dump_fib")).toContain("rtnl_dump_all");
    const refs = await request<Location[]>("textDocument/references", {
      ...at("net/core/gro_cells.c", "gro_cell_poll(struct napi_struct"),
      context: { includeDeclaration: false },
    });
    expect(refs.map((l) => [fileOf(l), l.range.start.line])).toContainEqual([
      "net/core/dev.c",
      params.position.line,
    ]);
  });

  test("a table declared in a body: ops->update(…) in __skb_checksum reaches skb_checksum's csum_partial_ext", async () => {
    const params = at("net/core/skbuff.c", "update(skb->data + offset", { after: "__wsum __skb_checksum(" });
    const result = await request<Location[]>("textDocument/implementation", params);
    expect(result.map((l) => l.range.start)).toContainEqual(
      positionOf("include/net/checksum.h", "csum_partial_ext(const void *buff"),
    );
    const hover = await request<Hover>("textDocument/hover", params);
    expect((hover.contents as { value: string }).value).toMatch(
      /^- `csum_partial_ext` via ops\.update in skb_checksum\(\) — include\/net\/checksum\.h:\d+$/m,
    );
  });

  test("implementation on a field's declaration or designator lists that struct's functions only", async () => {
    // struct proto_ops's release (include/linux/net.h), not file_operations' (.release = sock_close).
    const names = async (locations: Location[]) =>
      locations.map((l) => readFileSync(new URL(l.uri), "utf8").split("\n")[l.range.start.line]!);
    const declared = await names(
      await request<Location[]>(
        "textDocument/implementation",
        at("include/linux/net.h", "release)   (struct socket"),
      ),
    );
    expect(declared.some((line) => line.includes("inet_release("))).toBe(true);
    expect(declared.some((line) => line.includes("sock_close("))).toBe(false);
    const designated = await names(
      await request<Location[]>(
        "textDocument/implementation",
        at("net/ipv4/af_inet.c", "release\t   = inet_release", {
          after: "const struct proto_ops inet_stream_ops",
        }),
      ),
    );
    expect(designated).toEqual(declared);
  });

  test("a call through a nested ops struct: ptype->callbacks.gro_receive reaches inet_gro_receive", async () => {
    const result = await request<Location[]>(
      "textDocument/implementation",
      at("net/core/dev.c", "gro_receive(&napi->gro_list, skb)", {
        after: "dev_gro_receive(struct napi_struct",
      }),
    );
    // struct packet_offload and struct net_offload both hold a struct offload_callbacks.
    const inetGroReceive = positionOf("net/ipv4/af_inet.c", "inet_gro_receive(struct sk_buff");
    expect(result).toContainEqual(
      expect.objectContaining({ range: expect.objectContaining({ start: inetGroReceive }) }),
    );
    expect(result.map(fileOf)).toContain("net/ipv6/ip6_offload.c");
    expect(result.map(fileOf)).toContain("net/8021q/vlan.c");
  });

  test("member access through anonymous structs: a typedef'd one (socket_lock_t), a typedef'd field, a named one", async () => {
    const owned = await request<Location[]>(
      "textDocument/definition",
      at("include/net/sock.h", "sk->sk_lock.owned", { delta: "sk->sk_lock.".length }),
    );
    expect(owned.map((l) => [fileOf(l), l.range.start])).toEqual([
      ["include/net/sock.h", positionOf("include/net/sock.h", "owned;")],
    ]);
    // `notify_t notify;` in struct lsap_cb: the field's typedef leads to the anonymous struct holding the call.
    const flow = await request<Location[]>(
      "textDocument/definition",
      at("net/irda/irlmp.c", "curr->notify.flow_indication(curr", { delta: "curr->notify.".length }),
    );
    expect(flow.map(fileOf)).toEqual(["include/net/irda/irmod.h"]);
    const header = "include/net/netfilter/nf_conntrack_l4proto.h";
    const nested = await request<Location[]>(
      "textDocument/definition",
      at("net/netfilter/nfnetlink_cttimeout.c", "ctnl_timeout.obj_to_nlattr(", { delta: 13 }),
    );
    expect(nested.map((l) => [fileOf(l), l.range.start])).toEqual([
      [header, positionOf(header, "obj_to_nlattr)(")],
    ]);
    // In the outline the member struct's fields sit under its field.
    const symbols = await request<DocumentSymbol[]>("textDocument/documentSymbol", {
      textDocument: { uri: kernelUri(header) },
    });
    expect(symbols.map((s) => s.name)).not.toContain("nf_conntrack_l4proto.ctnl_timeout");
    const l4proto = symbols.find((s) => s.name === "nf_conntrack_l4proto");
    const member = l4proto?.children?.find((f) => f.name === "ctnl_timeout");
    expect(member?.children?.map((f) => f.name)).toContain("obj_to_nlattr");
  });

  test("a member is typed by its receiver: skb->len is struct sk_buff's, not one of 290 fields named len", async () => {
    const params = at("net/ipv4/tcp_input.c", "skb->len", { delta: "skb->".length });
    const definition = await request<Location[]>("textDocument/definition", params);
    expect(definition.map((l) => [fileOf(l), l.range.start])).toEqual([
      ["include/linux/skbuff.h", positionOf("include/linux/skbuff.h", "len,", { after: "struct sk_buff {" })],
    ]);
    const hover = await request<Hover>("textDocument/hover", params);
    expect(hover.contents).toMatchObject({
      value: expect.stringMatching(
        /^```c\nunsigned int len\n```\nfield of `struct sk_buff` — include\/linux\/skbuff\.h:\d+$/,
      ),
    });
    // A macro that casts (IPCB), a call's return type (inet_csk) and a field through a struct member.
    const cases: [string, string, string, string][] = [
      ["net/ipv4/ip_sockglue.c", "IPCB(skb)->opt.optlen", "optlen", "struct ip_options"],
      // A list iterator's member is one of what its cursor points to (503 fields are named list).
      [
        "net/ipv4/tcp_cong.c",
        "list_for_each_entry_rcu(e, &tcp_cong_list, list",
        "list",
        "struct tcp_congestion_ops",
      ],
      // … also a cursor whose name starts with `__`, declared in a macro's replacement (net/dccp/feat.c).
      ["net/dccp/feat.c", "list_for_each_entry(___entry, fn_list, node", "node", "struct dccp_feat_entry"],
      // The cast inside more parentheses: include/linux/atmdev.h's `(((struct atm_skb_data *) (skb)->cb))`.
      ["net/atm/br2684.c", "ATM_SKB(skb)->vcc =", "vcc", "struct atm_skb_data"],
      [
        "net/ipv4/inet_connection_sock.c",
        "inet_csk(sk)->icsk_accept_queue",
        "icsk_accept_queue",
        "struct inet_connection_sock",
      ],
      ["net/ipv4/tcp_input.c", "tp->rx_opt.mss_clamp", "mss_clamp", "struct tcp_options_received"],
      // A member access in parentheses continues the chain (225 fields named mode).
      ["net/batman-adv/debugfs.c", "S_IFREG | ((*bat_debug)->attr).mode", "mode", "struct attribute"],
      // A receiver whose struct's tag starts with `__` (`const struct __ip6_tnl_parm *p`; 63 fields named link).
      ["net/ipv6/ip6_gre.c", "u->link = p->link", "link", "struct __ip6_tnl_parm"],
      // A cast of an expression; container_of in a macro (include/linux/ceph/libceph.h: from_msgr).
      [
        "net/ipv4/tcp_ipv4.c",
        "((struct seq_file *)file->private_data)->private",
        "private",
        "struct seq_file",
      ],
      [
        "net/ceph/messenger.c",
        "from_msgr(con->msgr)->supported_features",
        "supported_features",
        "struct ceph_client",
      ],
      // Macros whose value is their argument (ARGUMENT_TYPED_MACROS), or container_of's type.
      [
        "net/ipv4/icmp.c",
        "rcu_dereference(inet_protos[proto])->icmp_strict_tag_validation",
        "icmp_strict_tag_validation",
        "struct net_protocol",
      ],
      [
        "net/core/neighbour.c",
        "rcu_dereference_protected(tbl->nht, 1)->rcu",
        "rcu",
        "struct neigh_hash_table",
      ],
      ["net/ipv4/tcp.c", "per_cpu(tcp_md5sig_pool, cpu).scratch", "scratch", "struct tcp_md5sig_pool"],
      ["net/core/sock.c", "per_cpu_ptr(net->core.inuse, cpu)->val", "val", "struct prot_inuse"],
      ["fs/eventpoll.c", "container_of(p, struct eppoll_entry, wait)->base", "base", "struct eppoll_entry"],
      // `#define current get_current()`, whose function each architecture defines (kernelMacros.ts).
      ["net/core/sock.c", "current->flags", "flags", "struct task_struct"],
      // struct rcu_head is `#define rcu_head callback_head` (include/linux/types.h).
      ["net/ipv4/fib_trie.c", "tn_info(tn)->rcu.next", "next", "struct callback_head"],
      // `DECLARE_SOCKADDR(struct sockaddr_in *, sin, msg->msg_name);` declares a local (include/linux/net.h).
      ["net/ipv4/raw.c", "sin->sin_addr.s_addr = ip_hdr(skb)->saddr", "sin_addr", "struct sockaddr_in"],
      // `static DEVICE_ATTR_RO(speed);` declares dev_attr_speed (include/linux/device.h: DEVICE_ATTR_RO).
      ["net/core/net-sysfs.c", "&dev_attr_speed.attr", "attr", "struct device_attribute"],
      // … and NETSTAT_ENTRY(tx_fifo_errors), a generator of the file ending in `static DEVICE_ATTR_RO(name)`.
      ["net/core/net-sysfs.c", "&dev_attr_tx_fifo_errors.attr", "attr", "struct device_attribute"],
    ];
    for (const [file, access, member, holder] of cases) await expectFieldOf(file, access, member, holder);
  });

  test("a designator in a table is the table's struct field; a global hovers as declared", async () => {
    const designator = await request<Hover>(
      "textDocument/hover",
      at("net/ipv4/tcp_ipv4.c", ".conn_request", {
        after: "const struct inet_connection_sock_af_ops ipv4_specific",
        delta: 1,
      }),
    );
    expect((designator.contents as { value: string }).value).toMatch(
      /^```c\nint \(\*conn_request\)\(struct sock \*sk, struct sk_buff \*skb\)\n```\nfield of `struct inet_connection_sock_af_ops`/,
    );
    const global = await request<Hover>(
      "textDocument/hover",
      at("net/ipv4/tcp_ipv4.c", "&tcp_hashinfo", { delta: 1 }),
    );
    expect((global.contents as { value: string }).value).toBe(
      `\`\`\`c\nstruct inet_hashinfo tcp_hashinfo\n\`\`\`\nnet/ipv4/tcp_ipv4.c:${positionOf("net/ipv4/tcp_ipv4.c", "tcp_hashinfo;").line + 1}`,
    );
  });

  test("the member offsetof and container_of name is the field of the struct they are given", async () => {
    const cases: [string, string, string, string][] = [
      ["net/ipv4/tcp_ipv4.c", "offsetof(struct tcphdr, check)", "check", "struct tcphdr"],
      ["net/ipv4/tcp_output.c", "list_entry(q, struct tcp_sock, tsq_node)", "tsq_node", "struct tcp_sock"],
      ["net/ipv4/netfilter/nf_nat_pptp.c", "clrreq.callID)", "callID", "struct PptpClearCallRequest"],
    ];
    for (const [file, needle, member, holder] of cases) await expectFieldOf(file, needle, member, holder);
    // References of struct tcp_sock's tsq_node include the list_entry that names it.
    const references = await request<Location[]>("textDocument/references", {
      ...at("include/linux/tcp.h", "tsq_node;"),
      context: { includeDeclaration: false },
    });
    expect(references.map((l) => [fileOf(l), l.range.start.line + 1])).toContainEqual([
      "net/ipv4/tcp_output.c",
      positionOf("net/ipv4/tcp_output.c", "tsq_node);").line + 1,
    ]);
  });

  test("the member a typeof or kfree_rcu's pointer gives the struct of: the variable's struct", async () => {
    const cases: [string, string, string, string][] = [
      // net/ipv4/fib_trie.c: fib_insert_alias's `hlist_entry(pprev, typeof(*fa), fa_list.next)`.
      ["net/ipv4/fib_trie.c", "typeof(*fa), fa_list.next", "next", "struct hlist_node"],
      // include/linux/rcupdate.h: kfree_rcu(ptr, rcu_head) is `offsetof(typeof(*(ptr)), rcu_head)`.
      ["net/ipv4/fou.c", "kfree_rcu(fou, rcu)", "rcu", "struct fou"],
      // net/core/net_namespace.c: `kfree_rcu(old_ng, s.rcu)`, old_ng a struct net_generic *.
      ["net/core/net_namespace.c", "kfree_rcu(old_ng, s.rcu)", "rcu", "net_generic.s"],
    ];
    for (const [file, needle, member, holder] of cases) await expectFieldOf(file, needle, member, holder);
  });

  test("a member macro standing for an array element's field continues the chain: fi->fib_dev->name", async () => {
    // include/net/ip_fib.h: `#define fib_dev fib_nh[0].nh_dev`, a struct net_device *.
    await expectFieldOf(
      "net/ipv4/fib_trie.c",
      'fi->fib_dev ? fi->fib_dev->name : "*"',
      "name",
      "struct net_device",
    );
  });

  test("a local anonymous struct typed past the attributes before its name", async () => {
    // net/core/secure_seq.c: `const struct { … } __aligned(SIPHASH_ALIGNMENT) combined = { .saddr = … }`.
    await expectFieldOf("net/core/secure_seq.c", "\t.saddr", "saddr", "typeof(secure_tcpv6_ts_off.combined)");
    // net/ipv4/netfilter/nf_nat_h323.c: `struct { __be32 ip; __be16 port; } __attribute__ ((__packed__)) buf;`.
    await expectFieldOf("net/ipv4/netfilter/nf_nat_h323.c", "buf.ip", "ip", "typeof(set_addr.buf)");
  });

  test("a word in a string names nothing; the code after the string on the same line still does", async () => {
    // net/ipv4/ping.c: pr_debug("ping_queue_rcv_skb -> failed\n"), where `-> failed` is no member.
    const inString = at("net/ipv4/ping.c", 'failed\\n");', { after: "ping_queue_rcv_skb -> " });
    expect(await request<Location[] | null>("textDocument/definition", inString)).toBeNull();
    expect(await request<Hover | null>("textDocument/hover", inString)).toBeNull();
    // `port` is a field of many structs, but not in "… SYN flooding on port %d …".
    const port = at("net/ipv4/tcp_input.c", "port %d. %s.  Check SNMP counters.");
    expect(await request<Hover | null>("textDocument/hover", port)).toBeNull();
    const line = 'SOCK_DEBUG(sk, "Ack %u after %u:%u\\n", ack, tp->snd_una';
    await expectFieldOf("net/ipv4/tcp_input.c", line, "snd_una", "struct tcp_sock");
  });

  test("a comment's words name a field only as a member; functions and macros they name still answer", async () => {
    // net/ipv4/tcp_input.c: `/* "fifth, if neither of the SYN or RST bits is set then` in a function, and
    // ` * 1. Tuning sk->sk_sndbuf, when connection enters established state.` in a block comment at file
    // scope. Some struct has a field `or` and one `connection`; prose names neither.
    const prose = [
      at("net/ipv4/tcp_input.c", "or RST bits is set then", { after: '/* "fifth, if neither of the SYN ' }),
      at("net/ipv4/tcp_input.c", "connection enters established", {
        after: "1. Tuning sk->sk_sndbuf, when ",
      }),
      // A sentence's full stop and a file name's dot make no member: ` * decrypt_msdu. skb must have enough
      // head and tail room`, ` * CAREFUL: Check include/uapi/asm-generic/fcntl.h when defining`.
      at("include/net/lib80211.h", "skb must have enough head", { after: "decrypt_msdu. " }),
      at("include/linux/eventfd.h", "h when defining", { after: "asm-generic/fcntl." }),
    ];
    // An address names nothing (`net` in net/802/stp.c's `<kaber@trash.net>` listed 66 fields), nor a
    // directive's name or an #error / #warning message (include/linux/platform_data/keypad-omap.h).
    prose.push(
      at("net/802/stp.c", "net>", { after: "kaber@trash." }),
      at("net/802/stp.c", "kaber@trash.net"),
      at("include/linux/platform_data/keypad-omap.h", "error Group bits"),
      at("include/linux/platform_data/keypad-omap.h", "board to use matrix-keypad"),
      // nor a word of an `#include <…>` path whose header is not in the tree (an architecture's).
      at("include/linux/arm-cci.h", "h>", { after: "#include <asm/arm-cci." }),
      at("include/linux/arm-cci.h", "cci.h>", { after: "#include <asm/arm-" }),
    );
    for (const word of prose) {
      expect(await request<Hover | null>("textDocument/hover", word)).toBeNull();
      expect(await request<Location[] | null>("textDocument/definition", word)).toBeNull();
    }
    await expectFieldOf("net/ipv4/tcp_input.c", " * 1. Tuning sk->sk_sndbuf", "sk_sndbuf", "struct sock");
    // ` * All tcp_full_space() is split to two parts: "network" buffer, allocated` (a quote left open on
    // a comment's line is no string).
    const named = at("net/ipv4/tcp_input.c", "tcp_full_space() is split");
    const hover = (await request<Hover>("textDocument/hover", named)).contents as { value: string };
    expect(hover.value).toMatch(/^```c\nstatic inline int tcp_full_space\(/);
    expect(await request<Location[]>("textDocument/definition", named)).toHaveLength(1);
  });

  test("a member in a comment is typed as the file declares its base; a sentence's period starts no chain", async () => {
    // net/core/neighbour.c's comment at file scope: `protected with rwlock tbl->lock.` and, after `prevents
    // destruction.` and a blank line, `neigh->lock mainly serializes …`; its functions take `struct
    // neigh_table *tbl` and `struct neighbour *neigh`. net/ipv4/ipip.c: `that buffer.  skb->len is set`.
    await expectFieldOf("net/core/neighbour.c", "rwlock tbl->lock", "lock", "struct neigh_table");
    await expectFieldOf("net/core/neighbour.c", "neigh->lock mainly", "lock", "struct neighbour");
    await expectFieldOf("net/ipv4/ipip.c", "buffer.  skb->len", "len", "struct sk_buff");
  });

  test("a macro a .c file defines is typed by that file's invocations alone, its free names too", async () => {
    // net/ipv4/tunnel4.c's for_each_tunnel_rcu(head, handler) walks struct xfrm_tunnel handlers; the macro of
    // that name in net/ipv6/tunnel6.c walks struct xfrm6_tunnel ones.
    await expectFieldOf("net/ipv4/tunnel4.c", "handler->next", "next", "struct xfrm_tunnel");
    // A name the #define uses without declaring it is the invoking functions' local: net/ipv6/sit.c's
    // for_each_prl_rcu(start) walks `prl`, a struct ip_tunnel_prl_entry * where it is invoked (the file's
    // ipip6_tunnel_ioctl has a struct ip_tunnel_prl prl).
    await expectFieldOf("net/ipv6/sit.c", "rcu_dereference(prl->next)", "next", "struct ip_tunnel_prl_entry");
  });

  test("a macro's parameter no invocation types is the one struct with every member the macro writes after it", async () => {
    // include/linux/blkdev.h: rq_for_each_segment(bvl, _rq, _iter) writes `_iter.bio` and `_iter.iter`,
    // both fields of struct req_iterator alone; nothing in net/ + include/ invokes it.
    await expectFieldOf(
      "include/linux/blkdev.h",
      "__rq_for_each_bio(_iter.bio",
      "bio",
      "struct req_iterator",
    );
    // net/mac80211/trace.h: MIN_CHANDEF_ASSIGN(c) reads chan, width, center_freq1 and center_freq2 of `c`.
    await expectFieldOf("net/mac80211/trace.h", "(c)->width;", "width", "struct cfg80211_chan_def");
  });

  test("a comment's English word names only what its file sees; an identifier there may be another .c file's static", async () => {
    // include/uapi/linux/timerfd.h: ` * Also make sure to update the masks in include/linux/timerfd.h`
    // answered net/sunrpc's `static void update(…)`, which no header sees.
    const update = at("include/uapi/linux/timerfd.h", "update the masks");
    // In capitals too: `WITHOUT ANY WARRANTY` in include/linux/mfd/da9052/pdata.h went to net/ipv4/ipconfig.c's
    // `#define ANY`.
    const any = at("include/linux/mfd/da9052/pdata.h", "ANY WARRANTY");
    // Nor what a header the file does not include defines: `to` in any comment went to include/sound/
    // wavefront.h, whose `#if (!defined(__GNUC__) …)` branch is English text tree-sitter reads as declarations.
    const to = at("include/linux/platform_data/crypto-atmel.h", "to use in data transfers");
    for (const word of [update, any, to]) {
      expect(await request<Hover | null>("textDocument/hover", word)).toBeNull();
      expect(await request<Location[] | null>("textDocument/definition", word)).toBeNull();
    }
    // A struct tag is named wherever it is defined (include/linux/usb/serial.h: "the read urb", struct urb
    // of include/linux/usb.h, which its includers include).
    const urb = at("include/linux/usb/serial.h", "urb is inactive to throttle");
    const tag = (await request<Hover>("textDocument/hover", urb)).contents as { value: string };
    expect(tag.value).toMatch(/^```c\nstruct urb \{/);
    // net/ipv4/tcp_timer.c: ` * set by 'tcp_set_rto' in tcp_input.c …` names tcp_input.c's static function.
    const named = at("net/ipv4/tcp_timer.c", "tcp_set_rto' in tcp_input.c");
    const hover = (await request<Hover>("textDocument/hover", named)).contents as { value: string };
    expect(hover.value).toMatch(/^```c\nstatic void tcp_set_rto\(struct sock \*sk\)/);
    expect((await request<Location[]>("textDocument/definition", named)).map(fileOf)).toEqual([
      "net/ipv4/tcp_input.c",
    ]);
  });

  test("`@name` in a kernel-doc comment is the documented function's parameter or struct's member, or nothing", async () => {
    // net/ipv4/tcp.c: ` * @len:\tnumber of bytes to splice` above tcp_splice_read(…, size_t len, …).
    const len = at("net/ipv4/tcp.c", "len:\tnumber of bytes to splice");
    const hover = (await request<Hover>("textDocument/hover", len)).contents as { value: string };
    expect(hover.value).toBe("```c\nsize_t len\n```\nparameter of `tcp_splice_read`");
    const definition = await request<Location[]>("textDocument/definition", len);
    expect(definition.map(fileOf)).toEqual(["net/ipv4/tcp.c"]);
    expect(definition[0]!.range.start).toEqual(
      positionOf("net/ipv4/tcp.c", "len,\n", { after: "ssize_t tcp_splice_read(" }),
    );
    // include/net/sock.h: ` *\t@skc_daddr: Foreign IPv4 addr` above struct sock_common is its field.
    const member = at("include/net/sock.h", "skc_daddr: Foreign IPv4 addr");
    const field = (await request<Hover>("textDocument/hover", member)).contents as { value: string };
    expect(field.value).toContain("field of `struct sock_common`");
    const declared = await request<Location[]>("textDocument/definition", member);
    expect(declared.map((l) => [fileOf(l), l.range.start])).toEqual([
      [
        "include/net/sock.h",
        positionOf("include/net/sock.h", "skc_daddr;", { after: "struct sock_common {" }),
      ],
    ]);
    // Above a prototype, the prototype's parameter: include/net/cfg80211.h's ` * @wiphy: The wiphy to
    // register.` above `int wiphy_register(struct wiphy *wiphy);`.
    const wiphy = at("include/net/cfg80211.h", "wiphy: The wiphy to register.");
    const parameter = (await request<Hover>("textDocument/hover", wiphy)).contents as { value: string };
    expect(parameter.value).toBe("```c\nstruct wiphy *wiphy\n```\nparameter of `wiphy_register`");
    const prototype = await request<Location[]>("textDocument/definition", wiphy);
    expect(prototype.map((l) => [fileOf(l), l.range.start])).toEqual([
      [
        "include/net/cfg80211.h",
        positionOf("include/net/cfg80211.h", "wiphy);", { after: "int wiphy_register(struct wiphy *" }),
      ],
    ]);
    // include/linux/rfkill.h: `@state` above `bool rfkill_set_sw_state(struct rfkill *rfkill, bool blocked);`
    // answered with the static `state` tables of net/irda, then with include/linux/mfd's enum state: it
    // documents a parameter the prototype does not have, whatever else some file names so.
    const state = at("include/linux/rfkill.h", "state: the current software block state");
    expect(await request<Hover | null>("textDocument/hover", state)).toBeNull();
    expect(await request<Location[] | null>("textDocument/definition", state)).toBeNull();
    // Above a struct, a name it has no member of is no other struct's field: include/linux/qed/qed_fcoe_if.h's
    // ` *\t\t\t@param cookie - driver private` (under `@register_ops:`) listed 46 fields named param.
    const param = at("include/linux/qed/qed_fcoe_if.h", "param cookie - driver private");
    expect(await request<Hover | null>("textDocument/hover", param)).toBeNull();
    expect(await request<Location[] | null>("textDocument/definition", param)).toBeNull();
    // … but still names a type: include/linux/coresight.h's ` *\t\tby @coresight_ops.` above struct
    // coresight_desc.
    const ops = at("include/linux/coresight.h", "coresight_ops.\n", { after: "by @" });
    expect((await request<Location[]>("textDocument/definition", ops)).map(fileOf)).toEqual([
      "include/linux/coresight.h",
    ]);
    // Every handler agrees: the editor marked each `state` of the file while the others answered nothing.
    for (const method of ["textDocument/typeDefinition", "textDocument/documentHighlight"])
      expect(await request<unknown>(method, state)).toBeNull();
    expect(
      await request<Location[] | null>("textDocument/references", {
        ...state,
        context: { includeDeclaration: true },
      }),
    ).toBeNull();
  });

  test("a field where its struct declares it is that struct's, not any of the others named so", async () => {
    // include/net/request_sock.h: `int family;` in struct request_sock_ops listed 74 fields named family.
    const family = at("include/net/request_sock.h", "family;", { after: "struct request_sock_ops {" });
    const hover = (await request<Hover>("textDocument/hover", family)).contents as { value: string };
    expect(hover.value).toBe(
      "```c\nint family\n```\nfield of `struct request_sock_ops` — include/net/request_sock.h:31",
    );
    const definition = await request<Location[]>("textDocument/definition", family);
    expect(definition.map((l) => [fileOf(l), l.range.start])).toEqual([
      ["include/net/request_sock.h", family.position],
    ]);
  });

  test("a macro's parameter: hover names the macro, definition is its place in the list, references its uses", async () => {
    // include/net/tcp.h: `#define tcp_for_write_queue(skb, sk)` then `skb_queue_walk(&(sk)->sk_write_queue, skb)`.
    const head = "#define tcp_for_write_queue(skb, sk)";
    const use = at("include/net/tcp.h", "sk)->sk_write_queue, skb)", { after: head });
    const hover = (await request<Hover>("textDocument/hover", use)).contents as { value: string };
    expect(hover.value).toBe(`\`\`\`c\n${head}\n\`\`\`\nmacro parameter of \`tcp_for_write_queue\``);
    const declared = positionOf("include/net/tcp.h", "sk)", { after: "#define tcp_for_write_queue(skb, " });
    const definition = await request<Location[]>("textDocument/definition", use);
    expect(definition.map((l) => [fileOf(l), l.range.start])).toEqual([["include/net/tcp.h", declared]]);
    const references = await request<Location[]>("textDocument/references", {
      ...use,
      context: { includeDeclaration: true },
    });
    expect(references.map((l) => l.range.start)).toEqual([declared, use.position]);
    // A variable the replacement declares is its local: include/linux/wait.h's ___wait_event, `__ret;` at `__out:`.
    const ret = at("include/linux/wait.h", "__ret;", { after: "__out:\t" });
    const local = (await request<Hover>("textDocument/hover", ret)).contents as { value: string };
    expect(local.value).toBe("```c\nlong __ret = ret\n```\nlocal of `___wait_event`");
    // The member the replacement reaches through it is still struct sock's field.
    await expectFieldOf(
      "include/net/tcp.h",
      "skb_queue_walk(&(sk)->sk_write_queue",
      "sk_write_queue",
      "struct sock",
    );
    // A member through a parameter is typed by what the macro's invocations pass: include/net/ip_vs.h's
    // ip_vs_pe_put(pe) is given a `struct ip_vs_pe *` (39 fields named module); net/ipv4/fib_trie.c's
    // IS_TNODE(n) a `struct key_vector *`.
    await expectFieldOf("include/net/ip_vs.h", "\t\tmodule_put(pe->module", "module", "struct ip_vs_pe");
    await expectFieldOf(
      "net/ipv4/fib_trie.c",
      "#define IS_TNODE(n)\t((n)->bits",
      "bits",
      "struct key_vector",
    );
  });

  test("a designator a #define writes is of the struct its replacement declares, else of those with all its list", async () => {
    // include/linux/perf/arm_pmu.h's PMU_PROBE: `.init = (_fn)` beside .cpuid and .mask (103 fields named init).
    await expectFieldOf("include/linux/perf/arm_pmu.h", ".init = (_fn)", "init", "struct pmu_probe_info");
    // With no braces in the replacement: include/linux/ipack.h's IPACK_DEVICE.
    await expectFieldOf("include/linux/ipack.h", ".format = (", "format", "struct ipack_device_id");
    await expectFieldOf(
      "include/linux/semaphore.h",
      ".wait_list\t= LIST_HEAD_INIT",
      "wait_list",
      "struct semaphore",
    );
    // Two structs have all of SENSOR_ATTR's designators (include/linux/hwmon-sysfs.h): `.index = _index` is
    // a field of one of them, not one of the 168 named index.
    const index = at("include/linux/hwmon-sysfs.h", "index = _index");
    const both = await request<Location[]>("textDocument/definition", index);
    expect(both.map((l) => [fileOf(l), l.range.start.line + 1])).toEqual([
      ["include/linux/hwmon-sysfs.h", 27],
      ["include/linux/hwmon-sysfs.h", 42],
    ]);
    // What the replacement declares types it, through nested braces (net/batman-adv/sysfs.c's BATADV_ATTR:
    // `struct batadv_attribute batadv_attr_##_name = { .attr = {.name = …`, 20 structs had name and mode).
    await expectFieldOf("net/batman-adv/sysfs.c", ".attr = {.name", "name", "struct attribute");
    await expectFieldOf("net/batman-adv/sysfs.c", ".show   =", "show", "struct batadv_attribute");
    // A #define inside the brace list it is expanded in (include/linux/genl_magic_func.h's X-macro).
    await expectFieldOf(
      "include/linux/genl_magic_func.h",
      "#define GENL_mc_group(group) { .name",
      "name",
      "struct genl_multicast_group",
    );
    // Else what its invocations initialize: include/net/snmp.h's SNMP_MIB_ITEM in net/ipv4/proc.c's
    // `static const struct snmp_mib snmp4_net_list[] = { SNMP_MIB_ITEM("SyncookiesSent", …` (6 structs have
    // name and entry), net/sched/em_meta.c's META_FUNC in its `struct meta_ops` tables (31 fields named get).
    await expectFieldOf("include/net/snmp.h", "\t.name =", "name", "struct snmp_mib");
    await expectFieldOf("net/sched/em_meta.c", "#define META_FUNC(name) { .get", "get", "struct meta_ops");
    // Of several, the one its comment names: include/linux/i2c.h's I2C_BOARD_INFO "initializes essential
    // fields of a struct i2c_board_info" (24 structs have type and addr).
    await expectFieldOf("include/linux/i2c.h", "\t.type =", "type", "struct i2c_board_info");
    // An object-like #define's list too: include/asm-generic/qrwlock_types.h's __ARCH_RW_LOCK_UNLOCKED.
    await expectFieldOf("include/asm-generic/qrwlock_types.h", ".wait_lock =", "wait_lock", "struct qrwlock");
    // A lone designator tells nothing: include/linux/mutex.h's `, .magic = &lockname` lists every magic.
    const magic = at("include/linux/mutex.h", "magic = &lockname");
    expect((await request<Location[]>("textDocument/definition", magic)).length).toBeGreaterThan(1);
  });

  test("a global or field a sysctl table points to says which sysctl it is", async () => {
    // net/ipv4/sysctl_net_ipv4.c: ipv4_table's `.data = &sysctl_tcp_timestamps`, registered under net/ipv4.
    expect(await hoverValue("net/ipv4/tcp_input.c", "sysctl_tcp_timestamps __read_mostly")).toMatch(
      /\nsysctl `net\.ipv4\.tcp_timestamps` \(proc_dointvec, mode 0644\) — net\/ipv4\/sysctl_net_ipv4\.c:\d+$/m,
    );
    expect(await hoverValue("net/core/dev.c", "netdev_max_backlog __read_mostly")).toContain(
      "sysctl `net.core.netdev_max_backlog` (proc_dointvec, mode 0644) — net/core/sysctl_net_core.c:",
    );
    // A field through init_net's path: ipv4_net_table's `.data = &init_net.ipv4.sysctl_tcp_syncookies`.
    expect(
      await hoverValue("net/ipv4/tcp_input.c", "net->ipv4.sysctl_tcp_syncookies", { delta: 10 }),
    ).toContain("sysctl `net.ipv4.tcp_syncookies` (proc_dointvec, mode 0644) — net/ipv4/sysctl_net_ipv4.c:");
    // A table another file registers: net/ipv6/sysctl_net_ipv6.c registers what route.c's
    // ipv6_route_sysctl_init returns (a copy of ipv6_route_table_template) under net/ipv6/route.
    const gc = await hoverValue("net/ipv6/route.c", "net->ipv6.sysctl.ip6_rt_gc_min_interval;", {
      delta: 17,
    });
    expect(gc).toContain(
      "sysctl `net.ipv6.route.gc_min_interval` (proc_dointvec_jiffies, mode 0644) — net/ipv6/route.c:",
    );
    expect(gc).toContain("sysctl `net.ipv6.route.gc_min_interval_ms` (proc_dointvec_ms_jiffies, mode 0644)");
    // A directory printed at registration: net/ipv6/addrconf.c prints "net/ipv6/conf/%s" with dev_name.
    expect(await hoverValue("include/linux/ipv6.h", "accept_ra;")).toContain(
      "sysctl `net.ipv6.conf.<dev_name>.accept_ra` (proc_dointvec, mode 0644, `<…>` filled in where the table is registered) — net/ipv6/addrconf.c:",
    );
    // An enumerator indexing the array a macro-written entry points into: net/ipv4/devinet.c's
    // DEVINET_SYSCTL_RW_ENTRY(RP_FILTER, "rp_filter") stores ipv4_devconf.data + IPV4_DEVCONF_RP_FILTER - 1.
    expect(await hoverValue("include/uapi/linux/ip.h", "IPV4_DEVCONF_RP_FILTER")).toMatch(
      /\nsysctl `net\.ipv4\.conf\.<dev_name>\.rp_filter` \(devinet_conf_proc, mode 0644, `<…>` filled in where the table is registered\) — net\/ipv4\/devinet\.c:\d+$/m,
    );
    // A function-like macro whose expansion reaches that enumerator: include/linux/inetdevice.h's
    // IN_DEV_RPFILTER(in_dev) → IN_DEV_MAXCONF → IN_DEV_CONF_GET → ipv4_devconf_get(…, IPV4_DEVCONF_RP_FILTER).
    expect(await hoverValue("net/ipv4/fib_frontend.c", "IN_DEV_RPFILTER(")).toContain(
      "#define IN_DEV_RPFILTER(in_dev)",
    );
    expect(await hoverValue("net/ipv4/fib_frontend.c", "IN_DEV_RPFILTER(")).toMatch(
      /\nsysctl `net\.ipv4\.conf\.<dev_name>\.rp_filter` \(devinet_conf_proc, mode 0644, `<…>` filled in where the table is registered\) — net\/ipv4\/devinet\.c:\d+$/m,
    );
    // A field no table points to says nothing of sysctls.
    expect(await hoverValue("net/ipv4/tcp_input.c", "tp->rx_opt.rcv_tsecr", { delta: 11 })).not.toContain(
      "sysctl",
    );
  });

  test("an SNMP enumerator says which counter it is, as nstat names it", async () => {
    // net/ipv4/proc.c prints snmp4_net_list's names after "TcpExt:".
    expect(await hoverValue("net/ipv4/tcp_ipv4.c", "LINUX_MIB_TCPBACKLOGDROP")).toMatch(
      /\nnstat `TcpExtTCPBacklogDrop` \(TCPBacklogDrop on the `TcpExt:` lines\) — snmp4_net_list, net\/ipv4\/proc\.c:\d+$/m,
    );
    // One enumerator, four tables: Udp and UdpLite (one table printed twice), and net/ipv6/proc.c's names as
    // they are.
    // A counter a function prints without a table: net/ipv4/proc.c's icmp_put.
    expect(await hoverValue("net/ipv4/icmp.c", "ICMP_MIB_INERRORS")).toMatch(
      /\nnstat `IcmpInErrors` \(InErrors on the `Icmp:` lines\) — icmp_put, net\/ipv4\/proc\.c:\d+$/m,
    );
    const udp = await hoverValue("net/ipv4/udp.c", "UDP_MIB_INERRORS");
    expect(udp).toContain(
      "nstat `UdpInErrors`, `UdpLiteInErrors` (InErrors on the `Udp:`, `UdpLite:` lines)",
    );
    expect(udp).toContain("counter `Udp6InErrors` — snmp6_udp6_list, net/ipv6/proc.c:");
  });

  test("a CONFIG_ name is its Kconfig entry: hover shows it as written, definition and references go there", async () => {
    // net/ipv4/tcp_input.c: `#ifdef CONFIG_SYN_COOKIES` around tcp_syn_flood_action's cookie branch.
    const cookies = at("net/ipv4/tcp_input.c", "ifdef CONFIG_SYN_COOKIES", { delta: 6 });
    const hover = (await request<Hover>("textDocument/hover", cookies)).contents as { value: string };
    expect(hover.value).toMatch(
      /^```kconfig\nconfig SYN_COOKIES\n\tbool "IP: TCP syncookie support"\n\t---help---\n\t {2}Normal TCP\/IP networking/,
    );
    expect(hover.value).toContain("```\nnet/ipv4/Kconfig:264\n");
    expect(hover.value).toContain(
      "`CONFIG_SYN_COOKIES` is defined when the configuration sets SYN_COOKIES to y, inside `if NET`, `if INET`.",
    );
    expect(hover.value).toContain("This tree has no .config");
    // Its reverse dependencies: net/ipv4/netfilter/Kconfig:260 and net/ipv6/netfilter/Kconfig:271 select it.
    expect(hover.value).toContain(
      "Selected by `IP_NF_TARGET_SYNPROXY` (net/ipv4/netfilter/Kconfig:260) and `IP6_NF_TARGET_SYNPROXY` " +
        "(net/ipv6/netfilter/Kconfig:271): a configuration that sets one of them sets SYN_COOKIES too (to y)",
    );
    const definition = await request<Location[]>("textDocument/definition", cookies);
    expect(definition.map((l) => [fileOf(l), l.range.start.line, l.range.start.character])).toEqual([
      ["net/ipv4/Kconfig", 263, 7],
    ]);
    const references = await request<Location[]>("textDocument/references", {
      ...cookies,
      context: { includeDeclaration: true },
    });
    const places = references.map(fileOf);
    expect(places[0]).toBe("net/ipv4/Kconfig");
    expect(places).toEqual(expect.arrayContaining(["net/ipv4/tcp_input.c", "net/ipv4/tcp_ipv4.c"]));
    // IS_ENABLED(CONFIG_IPV6) in net/ipv4/af_inet.c: a tristate, in net/ipv6/Kconfig.
    const ipv6 = at("net/ipv4/af_inet.c", "IS_ENABLED(CONFIG_IPV6)", { delta: 11 });
    const tristate = (await request<Hover>("textDocument/hover", ipv6)).contents as { value: string };
    expect(tristate.value).toMatch(/^```kconfig\nmenuconfig IPV6\n\ttristate "The IPv6 protocol"/);
    expect(tristate.value).toContain("(m defines `CONFIG_IPV6_MODULE`), inside `if NET`, `if INET`.");
    expect((await request<Location[]>("textDocument/definition", ipv6)).map(fileOf)).toEqual([
      "net/ipv6/Kconfig",
    ]);
    // A symbol no Kconfig file of the indexed folders defines (arch/ has HOTPLUG_CPU) has no answer.
    const hotplug = at("include/linux/sched/hotplug.h", "CONFIG_HOTPLUG_CPU");
    expect(await request<Hover | null>("textDocument/hover", hotplug)).toBeNull();
    expect(await request<Location[] | null>("textDocument/definition", hotplug)).toBeNull();
  });

  test("after struct, union or enum a name is a tag only: an opaque one is where it is declared", async () => {
    // include/linux/soc/samsung/exynos-pmu.h: `extern struct regmap *exynos_get_pmu_regmap(void);` listed the
    // 58 fields named regmap. struct regmap is defined in drivers/, outside the tree: what the tree has of it
    // is `struct regmap;` (line 15 there, and in ten other headers); a file's own declaration is the one.
    const opaque = at("include/linux/soc/samsung/exynos-pmu.h", "regmap *exynos_get_pmu_regmap(void);");
    const declared = (await request<Hover>("textDocument/hover", opaque)).contents as { value: string };
    expect(declared.value).toMatch(
      /^```c\nstruct regmap;\n```\ninclude\/linux\/soc\/samsung\/exynos-pmu.h:15\n\nDeclared without a body/,
    );
    const declarations = await request<Location[]>("textDocument/definition", opaque);
    expect(declarations).toHaveLength(1);
    expect(fileOf(declarations[0]!)).toBe("include/linux/soc/samsung/exynos-pmu.h");
    expect(declarations[0]).toMatchObject({ range: { start: { line: 14, character: 7 } } });
    // In a .c file, the declarations of the headers it includes: `struct proc_dir_entry *pde` in
    // net/ipv4/route.c is include/linux/proc_fs.h's and others it reaches (fs/proc/internal.h defines it), of
    // eight in the tree; its type too.
    const pde = at("net/ipv4/route.c", "proc_dir_entry *pde;");
    const proc = await request<Location[]>("textDocument/definition", pde);
    expect(proc.map(fileOf)).toContain("include/linux/proc_fs.h");
    expect(proc.length).toBeGreaterThan(1);
    expect(proc.length).toBeLessThan(8);
    const procHover = (await request<Hover>("textDocument/hover", pde)).contents as { value: string };
    expect(procHover.value).toMatch(
      /^```c\nstruct proc_dir_entry;\n```\ninclude\/\S+:\d+ \(and \d+ other declarations?\)/,
    );
    const pdeType = await request<Location[]>("textDocument/typeDefinition", at("net/ipv4/route.c", "pde;"));
    expect(pdeType.map(fileOf)).toEqual(proc.map(fileOf));
    // A tag neither defined nor declared in the tree has no answer (include/linux/vfio.h's eventfd_ctx is
    // fs/eventfd.c's): never the fields named so.
    const nowhere = at("include/linux/vfio.h", "eventfd_ctx\t*eventfd;");
    expect(await request<Hover | null>("textDocument/hover", nowhere)).toBeNull();
    expect(await request<Location[] | null>("textDocument/definition", nowhere)).toBeNull();
    // A tag a macro renames is that macro: `struct mtype *map` in net/netfilter/ipset/ip_set_bitmap_gen.h.
    const renamed = at("net/netfilter/ipset/ip_set_bitmap_gen.h", "mtype *map = set->data;");
    const hover = (await request<Hover>("textDocument/hover", renamed)).contents as { value: string };
    expect(hover.value).toMatch(/^```c\n#define mtype MTYPE\n```/);
    // A known tag is its struct, though a function has its name: include/net/esp.h's ip_esp_hdr().
    const tag = at("include/net/esp.h", "ip_esp_hdr *)skb_transport_header(skb);");
    const struct = await request<Location[]>("textDocument/definition", tag);
    expect(struct.map(fileOf)).toEqual(["include/uapi/linux/ip.h"]);
  });

  test("a macro's parameter is replaced wherever its token is: after `->`, in offsetof, after struct", async () => {
    // include/linux/kernel.h's container_of: `((type *)0)->member` and `offsetof(type,member)` use `member`.
    const member = at("include/linux/kernel.h", "member ) *__mptr");
    const hover = (await request<Hover>("textDocument/hover", member)).contents as { value: string };
    expect(hover.value).toBe(
      "```c\n#define container_of(ptr, type, member)\n```\nmacro parameter of `container_of`",
    );
    const references = await request<Location[]>("textDocument/references", {
      ...member,
      context: { includeDeclaration: true },
    });
    expect(references.map((l) => l.range.start.line + 1)).toEqual([851, 852, 853]);
    // include/linux/kbuild.h: `#define OFFSET(sym, str, mem) DEFINE(sym, offsetof(struct str, mem))`.
    for (const needle of ["str, mem))", "mem))"]) {
      const used = at("include/linux/kbuild.h", needle);
      const value = (await request<Hover>("textDocument/hover", used)).contents as { value: string };
      expect(value.value, needle).toBe(
        "```c\n#define OFFSET(sym, str, mem)\n```\nmacro parameter of `OFFSET`",
      );
    }
  });

  test("a parameter or local named like a struct tag is that parameter or local, not the struct", async () => {
    // net/core/skbuff.c: skb_add_rx_frag(struct sk_buff *skb, int i, struct page *page, …) passes `page` on;
    // hovering it showed struct page.
    const page = at("net/core/skbuff.c", "page, off, size);", {
      after: "skb_add_rx_frag(struct sk_buff *skb",
    });
    const hover = (await request<Hover>("textDocument/hover", page)).contents as { value: string };
    expect(hover.value).toBe("```c\nstruct page *page\n```\nparameter of `skb_add_rx_frag`");
    // net/ipv4/tcp_ipv4.c: tcp_v4_rcv's `struct net *net = dev_net(skb->dev);`, used by __TCP_INC_STATS(net, …).
    const net = at("net/ipv4/tcp_ipv4.c", "net, TCP_MIB_INSEGS);", { after: "int tcp_v4_rcv(" });
    const definition = await request<Location[]>("textDocument/definition", net);
    expect(definition.map((l) => [fileOf(l), l.range.start])).toEqual([
      [
        "net/ipv4/tcp_ipv4.c",
        positionOf("net/ipv4/tcp_ipv4.c", "net = dev_net(skb->dev);", { after: "int tcp_v4_rcv(" }),
      ],
    ]);
    // After `struct` it is the tag still.
    const tag = at("net/ipv4/tcp_ipv4.c", "net *net = dev_net(skb->dev);", { after: "int tcp_v4_rcv(" });
    const struct = await request<Location[]>("textDocument/definition", tag);
    expect(struct.map(fileOf)).toEqual(["include/net/net_namespace.h"]);
  });

  test("in a trace event: TP_PROTO's parameters, the entry and its fields, not the names elsewhere", async () => {
    // include/trace/events/sock.h's sock_rcvqueue_full: `sk` in its TP_fast_assign listed 56 fields named sk.
    const event = "TRACE_EVENT(sock_rcvqueue_full,";
    const sk = at("include/trace/events/sock.h", "sk->sk_rmem_alloc);", { after: event });
    const hover = (await request<Hover>("textDocument/hover", sk)).contents as { value: string };
    expect(hover.value).toBe("```c\nstruct sock *sk\n```\nparameter of `trace_sock_rcvqueue_full`");
    const proto = positionOf("include/trace/events/sock.h", "sk, struct sk_buff *skb)", { after: event });
    const definition = await request<Location[]>("textDocument/definition", sk);
    expect(definition.map((l) => [fileOf(l), l.range.start])).toEqual([
      ["include/trace/events/sock.h", proto],
    ]);
    // A member through the parameter is its struct's; `__entry->truesize` the field the entry declares.
    await expectFieldOf("include/trace/events/sock.h", "skb->truesize;", "truesize", "struct sk_buff");
    const entry = at("include/trace/events/sock.h", "truesize   = skb", { after: event });
    const field = (await request<Hover>("textDocument/hover", entry)).contents as { value: string };
    expect(field.value).toBe(
      "```c\n__field(unsigned int, truesize)\n```\nevent field of `sock_rcvqueue_full`",
    );
    const references = await request<Location[]>("textDocument/references", {
      ...entry,
      context: { includeDeclaration: true },
    });
    expect(references.map((l) => l.range.start.line + 1)).toEqual([18, 24, 29]);
    // `__entry` is the event's entry, which TP_STRUCT__entry declares (five #defines of include/trace/ spell
    // it for the stages of the expansion; definition listed them).
    const pointer = at("include/trace/events/sock.h", "__entry->truesize   = skb", { after: event });
    const entryHover = (await request<Hover>("textDocument/hover", pointer)).contents as { value: string };
    expect(entryHover.value).toBe(
      "```c\nstruct trace_event_raw_sock_rcvqueue_full *__entry\n```\nevent entry of `sock_rcvqueue_full`",
    );
    const declared = positionOf("include/trace/events/sock.h", "TP_STRUCT__entry(", { after: event });
    expect(
      (await request<Location[]>("textDocument/definition", pointer)).map((l) => [fileOf(l), l.range.start]),
    ).toEqual([["include/trace/events/sock.h", declared]]);
    const entryUses = await request<Location[]>("textDocument/references", {
      ...pointer,
      context: { includeDeclaration: true },
    });
    expect(entryUses.map((l) => l.range.start.line + 1)).toEqual([16, 23, 24, 25, 29, 29, 29]);
    // include/trace/events/net.h: net_dev_queue's `skb` is its own parameter; `__entry->len` in the class.
    const queue = "DEFINE_EVENT(net_dev_template, net_dev_queue,";
    const skb = at("include/trace/events/net.h", "skb)", {
      after: `${queue}\n\n\tTP_PROTO(struct sk_buff *skb),\n\n\tTP_ARGS(`,
    });
    const parameter = (await request<Hover>("textDocument/hover", skb)).contents as { value: string };
    expect(parameter.value).toBe("```c\nstruct sk_buff *skb\n```\nparameter of `trace_net_dev_queue`");
    const len = at("include/trace/events/net.h", "len)", { after: "__entry->skbaddr, __entry->" });
    const classField = (await request<Hover>("textDocument/hover", len)).contents as { value: string };
    expect(classField.value).toBe(
      "```c\n__field( unsigned int, len )\n```\nevent field of `net_dev_template`",
    );
  });

  test("a label: hover and definition from a goto, references its gotos (not the 46 fields named out)", async () => {
    // net/802/psnap.c: register_snap_client's `goto out;` and its `out:`.
    const goto = at("net/802/psnap.c", "out;", { after: "if (find_snap_client(desc))\n\t\tgoto " });
    const label = positionOf("net/802/psnap.c", "out:", { after: "list_add_rcu(&proto->node, &snap_list);" });
    const hover = (await request<Hover>("textDocument/hover", goto)).contents as { value: string };
    expect(hover.value).toBe("```c\nout:\n```\nlabel in `register_snap_client`");
    const definition = await request<Location[]>("textDocument/definition", goto);
    expect(definition.map((l) => [fileOf(l), l.range.start])).toEqual([["net/802/psnap.c", label]]);
    const references = await request<Location[]>("textDocument/references", {
      ...goto,
      context: { includeDeclaration: true },
    });
    expect(references.map((l) => l.range.start)).toEqual([label, goto.position]);
  });

  test("__func__ is the enclosing function's name", async () => {
    // net/ipv4/af_inet.c: ipv4_offload_init's `pr_crit("%s: Cannot add TCP protocol offload\n", __func__);`.
    const func = at("net/ipv4/af_inet.c", "__func__);", { after: "Cannot add TCP protocol offload" });
    const hover = (await request<Hover>("textDocument/hover", func)).contents as { value: string };
    expect(hover.value).toBe(
      '```c\nstatic const char __func__[] = "ipv4_offload_init";\n```\npredefined in every C function',
    );
  });

  test("a prototype's parameter is that parameter, not one of the fields named like it", async () => {
    // include/net/tcp.h: `int tcp_v4_conn_request(struct sock *sk, struct sk_buff *skb);`, where `sk`
    // listed 56 fields named sk.
    const line = "int tcp_v4_conn_request(struct sock *sk, struct sk_buff *skb);";
    const sk = at("include/net/tcp.h", "sk, struct sk_buff *skb);", {
      after: "int tcp_v4_conn_request(struct sock *",
    });
    const hover = (await request<Hover>("textDocument/hover", sk)).contents as { value: string };
    expect(hover.value).toBe("```c\nstruct sock *sk\n```\nparameter of `tcp_v4_conn_request`");
    const definition = await request<Location[]>("textDocument/definition", sk);
    expect(definition.map((l) => [fileOf(l), l.range.start])).toEqual([["include/net/tcp.h", sk.position]]);
    const references = await request<Location[]>("textDocument/references", {
      ...sk,
      context: { includeDeclaration: true },
    });
    expect(references.map((l) => [fileOf(l), l.range.start])).toEqual([["include/net/tcp.h", sk.position]]);
    // So is one of a function-pointer field: include/net/request_sock.h, struct request_sock_ops'
    // `int (*rtx_syn_ack)(const struct sock *sk, struct request_sock *req);`.
    const field = at("include/net/request_sock.h", "sk,", { after: "(*rtx_syn_ack)(const struct sock *" });
    const inField = (await request<Hover>("textDocument/hover", field)).contents as { value: string };
    expect(inField.value).toBe("```c\nconst struct sock *sk\n```\nparameter of `rtx_syn_ack`");
    // And one of a function-pointer parameter, in that pointer's list alone: include/net/llc.h's
    // `void llc_add_pack(int type, void (*handler)(struct llc_sap *sap, struct sk_buff *skb));` (42 fields).
    const callback = at("include/net/llc.h", "skb));", {
      after: "void (*handler)(struct llc_sap *sap, struct sk_buff *",
    });
    const inCallback = (await request<Hover>("textDocument/hover", callback)).contents as { value: string };
    expect(inCallback.value).toBe("```c\nstruct sk_buff *skb\n```\nparameter of `handler`");
    // The prototype's own name is still the function, with the simulator's lines.
    const name = at("include/net/tcp.h", line, { delta: "int ".length });
    const fn = (await request<Hover>("textDocument/hover", name)).contents as { value: string };
    expect(fn.value).toContain("int tcp_v4_conn_request(struct sock *sk, struct sk_buff *skb)");
    expect(fn.value).toContain("**Kernel Lens**");
  });

  test("references on an #include line are the header's includes across the tree", async () => {
    const ask = async (file: string, needle: string, includeDeclaration: boolean) =>
      (await request<Location[]>("textDocument/references", {
        ...at(file, needle, { delta: needle.lastIndexOf(".h") - 1 }),
        context: { includeDeclaration },
      }))!;
    const tcp = await ask("net/ipv4/tcp_input.c", "#include <net/tcp.h>", false);
    const files = tcp.map(fileOf);
    expect(files).toContain("net/ipv4/tcp_ipv4.c");
    expect(files).toContain("net/ipv6/tcp_ipv6.c");
    expect(new Set(files).size).toBe(files.length);
    // Each is where an `#include` line writes the name, brackets and all.
    for (const location of tcp) {
      const line = readFileSync(new URL(location.uri), "utf8").split("\n")[location.range.start.line]!;
      expect(line.slice(location.range.start.character, location.range.end.character)).toBe("<net/tcp.h>");
      expect(line).toMatch(/^\s*#\s*include/);
    }
    // With the declaration: the header itself comes first.
    const withHeader = await ask("net/ipv4/tcp_input.c", "#include <net/tcp.h>", true);
    expect(fileOf(withHeader[0]!)).toBe("include/net/tcp.h");
    expect(withHeader).toHaveLength(tcp.length + 1);
    // A quoted name is looked for next to the including file: net/ipv4/fib_lookup.h's includers are in net/ipv4.
    const fib = await ask("net/ipv4/fib_semantics.c", '#include "fib_lookup.h"', false);
    expect(fib.map(fileOf).sort()).toEqual(["net/ipv4/fib_semantics.c", "net/ipv4/fib_trie.c"]);
  });

  test("a keyword names nothing and a directive's name has no references; a local implements nothing", async () => {
    const references = (params: ReturnType<typeof at>) =>
      request<Location[] | null>("textDocument/references", {
        ...params,
        context: { includeDeclaration: true },
      });
    // Each was a search of the whole tree: `int` listed ≈ 84,000 places, `if` ≈ 79,000; `define` took 2.6 s.
    expect(await references(at("net/ipv4/tcp_input.c", "int sysctl_tcp_timestamps"))).toBeNull();
    expect(await references(at("net/ipv4/tcp_input.c", "if (", { after: "tcp_gro_dev_warn" }))).toBeNull();
    expect(await references(at("net/ipv4/tcp_input.c", "define pr_fmt"))).toBeNull();
    // Nor a hover or a definition: include/linux/mmzone.h's `ZONE_PADDING(_pad1_)` before `struct free_area
    // free_area[MAX_ORDER];` once made `struct` a field of struct zone, and every `struct` hovered as it.
    const keyword = at("include/linux/mmzone.h", "struct free_area\tfree_area[MAX_ORDER];");
    expect(await request<Hover | null>("textDocument/hover", keyword)).toBeNull();
    expect(await request<Location[] | null>("textDocument/definition", keyword)).toBeNull();
    // The names they stand beside still have theirs.
    const timestamps = await references(at("net/ipv4/tcp_input.c", "sysctl_tcp_timestamps"));
    expect(timestamps!.length).toBeGreaterThan(1);
    // net/ipv6/inet6_hashtables.c: inet6_lookup's `return sk;`, where `sk` is its local, not the field `sk`
    // some ops table stores raw_sk in.
    const local = at("net/ipv6/inet6_hashtables.c", "sk;\n}\nEXPORT_SYMBOL_GPL(inet6_lookup);");
    expect(await request<Location[] | null>("textDocument/implementation", local)).toBeNull();
  });

  test("designators after a comment or an #endif, and in a struct defined with its variable", async () => {
    const cases: [string, string, string, string][] = [
      // `[IFLA_CARRIER_CHANGES] = { .type = NLA_U32 },  /* ignored */` is the element before.
      ["net/core/rtnetlink.c", "[IFLA_PHYS_SWITCH_ID]\t= { .type", "type", "struct nla_policy"],
      // `.compatsize = …,` and `#endif /* CONFIG_COMPAT */` come before `.me = THIS_MODULE`.
      ["net/ipv4/netfilter/ipt_CLUSTERIP.c", ".me\t\t= THIS_MODULE", "me", "struct xt_target"],
      // socket_file_ops: `.compat_ioctl` right after `#ifdef CONFIG_COMPAT`, `.mmap` right after `#endif`.
      ["net/socket.c", ".compat_ioctl = compat_sock_ioctl", "compat_ioctl", "struct file_operations"],
      ["net/socket.c", "#endif\n\t.mmap", "mmap", "struct file_operations"],
      // `static struct neigh_sysctl_table { … } neigh_sysctl_template __read_mostly = { .neigh_vars = {`
      [
        "net/core/neighbour.c",
        '"gc_thresh2",\n\t\t\t.maxlen\t\t= sizeof(int),\n\t\t\t.mode',
        "mode",
        "struct ctl_table",
      ],
      // A two-dimensional array of a struct defined with it: `} garp_applicant_state_table[…][…] = {` listed
      // 273 fields named state.
      ["net/802/garp.c", "{ .state = GARP_APPLICANT_AA,", "state", "struct garp_state_trans"],
    ];
    for (const [file, needle, member, holder] of cases) await expectFieldOf(file, needle, member, holder);
  });

  test("fields an object-like macro supplies: tc_gen in the tc_act structs, HASH_LEN_DECLARE in struct qstr", async () => {
    // [file, needle, member, holder, where defined, its type, how many definitions]
    const cases: [string, string, string, string, string, string, number][] = [
      // include/uapi/linux/pkt_cls.h: `#define tc_gen \` then `__u32 index; \` … `int bindcnt`.
      [
        "net/sched/act_gact.c",
        "gact->tcf_action = parm->action",
        "action",
        "struct tc_gact",
        "pkt_cls.h",
        "int",
        1,
      ],
      [
        "net/sched/act_gact.c",
        "tcf_hash_check(tn, parm->index",
        "index",
        "struct tc_gact",
        "pkt_cls.h",
        "__u32",
        1,
      ],
      // include/linux/dcache.h defines HASH_LEN_DECLARE (`u32 hash; u32 len`) once per byte order.
      ["net/socket.c", "if (dentry->d_name.len", "len", "struct qstr", "dcache.h", "u32", 2],
    ];
    for (const [file, needle, member, holder, definedIn, type, count] of cases) {
      const onMember = at(file, needle, { delta: needle.lastIndexOf(member) });
      const hover = (await request<Hover>("textDocument/hover", onMember)).contents as { value: string };
      expect(hover.value, needle).toContain(`field of \`${holder}\``);
      // As declared, the macro's spliced lines joined: `int action`, not `\ int action`.
      expect(hover.value, needle).toContain(`\n${type} ${member}\n`);
      const definitions = await request<Location[]>("textDocument/definition", onMember);
      expect(definitions, needle).toHaveLength(count);
      for (const definition of definitions) {
        expect(fileOf(definition), needle).toMatch(new RegExp(`/${definedIn.replace(".", "\\.")}$`));
        const line = readFileSync(path.join(kernelRoot, fileOf(definition)), "utf8").split("\n")[
          definition.range.start.line
        ]!;
        expect(line.slice(definition.range.start.character), needle).toMatch(new RegExp(`^${member}\\b`));
        expect(line, needle).toContain(type);
      }
    }
    // References of struct tc_gact's action: the declaration in the macro, not another struct's `action`
    // (struct tc_police's in the same header), and its uses; members whose holder cannot be typed
    // (`__entry->action` in trace events) are listed for every field of the name, as always.
    const onAction = at("net/sched/act_gact.c", "parm->action", { delta: "parm->".length });
    const references = await request<Location[]>("textDocument/references", {
      ...onAction,
      context: { includeDeclaration: true },
    });
    const places = references.map((r) => `${fileOf(r)}:${r.range.start.line + 1}`);
    expect(places.filter((p) => p.startsWith("include/uapi/linux/"))).toEqual([
      "include/uapi/linux/pkt_cls.h:86",
    ]);
    expect(places).toEqual(expect.arrayContaining(["net/sched/act_gact.c:112", "net/sched/act_gact.c:176"]));
  });

  test("type definition: a parameter's, a member's, a global's and a function's struct", async () => {
    const typeOf = async (file: string, needle: string, delta = 0) => {
      const result = await request<Location[] | null>(
        "textDocument/typeDefinition",
        at(file, needle, { delta }),
      );
      return result?.map((l) => [fileOf(l), l.range.start.line + 1]);
    };
    const line = (file: string, needle: string) => positionOf(file, needle).line + 1;
    expect(await typeOf("net/ipv4/tcp_ipv4.c", "skb->len")).toEqual([
      ["include/linux/skbuff.h", line("include/linux/skbuff.h", "struct sk_buff {")],
    ]);
    expect(await typeOf("net/ipv4/tcp_input.c", "tp->rx_opt.mss_clamp", 4)).toEqual([
      ["include/linux/tcp.h", line("include/linux/tcp.h", "struct tcp_options_received {")],
    ]);
    expect(await typeOf("net/ipv4/tcp_ipv4.c", "&tcp_hashinfo", 1)).toEqual([
      ["include/net/inet_hashtables.h", line("include/net/inet_hashtables.h", "struct inet_hashinfo {")],
    ]);
    expect(await typeOf("net/ipv4/inet_connection_sock.c", "inet_csk(sk)")).toEqual([
      [
        "include/net/inet_connection_sock.h",
        line("include/net/inet_connection_sock.h", "struct inet_connection_sock {"),
      ],
    ]);
    // A u16 field's type is the typedef tcp_input.c's includes reach (<asm/types.h> as asm-generic's), and a
    // local's typedef of no struct is that typedef.
    expect(await typeOf("net/ipv4/tcp_input.c", "tp->rx_opt.mss_clamp", 11)).toEqual([
      [
        "include/asm-generic/int-ll64.h",
        line("include/asm-generic/int-ll64.h", "typedef unsigned short u16;"),
      ],
    ]);
    expect(await typeOf("net/core/dev.c", "features = dev->features;")).toEqual([
      [
        "include/linux/netdev_features.h",
        line("include/linux/netdev_features.h", "typedef u64 netdev_features_t;"),
      ],
    ]);
  });

  test("hover on a struct shows it as written, comments left out", async () => {
    const hover = await request<Hover>(
      "textDocument/hover",
      at("net/ipv4/inet_connection_sock.c", "struct request_sock_queue *queue", { delta: 8 }),
    );
    const value = (hover.contents as { value: string }).value;
    expect(value).toMatch(/^```c\nstruct request_sock_queue \{\n\tspinlock_t rskq_lock;\n/);
    expect(value).toContain("\tatomic_t qlen;\n\tatomic_t young;\n");
    expect(value).not.toContain("/*");
  });

  test("enumerators: definition, hover with the implicit value, references, outline and workspace symbols", async () => {
    const states = "include/net/tcp_states.h";
    const definition = await request<Location[]>(
      "textDocument/definition",
      at("net/ipv4/tcp_input.c", "TCP_ESTABLISHED", { after: "int tcp_rcv_state_process(" }),
    );
    expect(definition.map((l) => [fileOf(l), l.range.start])).toEqual([
      [states, positionOf(states, "TCP_ESTABLISHED")],
    ]);
    const hover = await request<Hover>("textDocument/hover", at("net/ipv4/tcp_input.c", "TCP_SYN_RECV"));
    // The simulator's part (the run's sockets in that state) follows below a rule.
    expect((hover.contents as { value: string }).value.split("\n\n---\n\n")[0]).toBe(
      `\`\`\`c\nTCP_SYN_RECV /* = 3 */\n\`\`\`\nenumerator of an anonymous enum — ${states}:${positionOf(states, "TCP_SYN_RECV").line + 1}`,
    );
    const references = await request<Location[]>("textDocument/references", {
      ...at(states, "TCP_SYN_RECV"),
      context: { includeDeclaration: false },
    });
    expect(references.map(fileOf)).toContain("net/ipv4/tcp_minisocks.c");
    expect(references.map(fileOf)).not.toContain(states);
    const outline = await request<DocumentSymbol[]>("textDocument/documentSymbol", {
      textDocument: { uri: kernelUri(states) },
    });
    const anonymous = outline.find(
      (s) => s.kind === 10 && s.children?.some((c) => c.name === "TCP_ESTABLISHED"),
    );
    expect(anonymous?.children?.slice(0, 3).map((c) => [c.name, c.detail])).toEqual([
      ["TCP_ESTABLISHED", "1"],
      ["TCP_SYN_SENT", "2"],
      ["TCP_SYN_RECV", "3"],
    ]);
    const found = await request<SymbolInformation[]>("workspace/symbol", {
      query: "LINUX_MIB_LISTENOVERFLOWS",
    });
    expect(found[0]).toMatchObject({ name: "LINUX_MIB_LISTENOVERFLOWS", kind: 22 });
  });

  test("references of tcp_v4_conn_request include the conn_request(...) call in tcp_rcv_state_process", async () => {
    const result = await request<Location[]>("textDocument/references", {
      ...at("net/ipv4/tcp_ipv4.c", "tcp_v4_conn_request(struct sock"),
      context: { includeDeclaration: true },
    });
    const callSite = positionOf("net/ipv4/tcp_input.c", "conn_request(sk, skb)", {
      after: "int tcp_rcv_state_process(",
    });
    expect(result).toContainEqual(
      expect.objectContaining({
        uri: kernelUri("net/ipv4/tcp_input.c"),
        range: expect.objectContaining({ start: callSite }),
      }),
    );
    const opsEntry = positionOf("net/ipv4/tcp_ipv4.c", "tcp_v4_conn_request,", {
      after: "ipv4_specific = {",
    });
    expect(
      result.some((l) => fileOf(l) === "net/ipv4/tcp_ipv4.c" && l.range.start.line === opsEntry.line),
    ).toBe(true);
    // tcp_v6_conn_request calls it directly for v4-mapped addresses.
    expect(result.some((l) => fileOf(l) === "net/ipv6/tcp_ipv6.c")).toBe(true);
  });

  test("references of a field are its members typed as its struct: tp->snd_wnd, not opt.snd_wnd of tcp_repair_window", async () => {
    const where = (l: Location) => `${fileOf(l)}:${l.range.start.line + 1}:${l.range.start.character + 1}`;
    const place = (file: string, needle: string, delta = 0) => {
      const { line, character } = positionOf(file, needle, { delta });
      return `${file}:${line + 1}:${character + 1}`;
    };
    const fromUse = await request<Location[]>("textDocument/references", {
      ...at("net/ipv4/tcp_input.c", "tp->snd_wnd", { delta: 4 }),
      context: { includeDeclaration: true },
    });
    const places = fromUse.map(where);
    expect(places).toContain(place("include/linux/tcp.h", "snd_wnd;"));
    expect(places).toContain(place("net/ipv4/tcp.c", "tp->snd_wnd\t= opt.snd_wnd", 4));
    // `struct tcp_repair_window opt;`: its snd_wnd is another struct's; the comment in smc_tx.c is no use.
    expect(places).not.toContain(place("net/ipv4/tcp.c", "tp->snd_wnd\t= opt.snd_wnd", 18));
    expect(places).not.toContain(place("net/ipv4/tcp.c", "opt.max_window < opt.snd_wnd", 22));
    expect(places.some((p) => p.startsWith("net/smc/") || p.startsWith("include/uapi/"))).toBe(false);
    // From the declaration, without it: the same uses.
    const fromDeclaration = await request<Location[]>("textDocument/references", {
      ...at("include/linux/tcp.h", "snd_wnd;"),
      context: { includeDeclaration: false },
    });
    expect(fromDeclaration.map(where).sort()).toEqual(
      places.filter((p) => p !== place("include/linux/tcp.h", "snd_wnd;")).sort(),
    );
  });

  test("references of a member that is a macro (sk->sk_prot) start at its #define", async () => {
    const result = await request<Location[]>("textDocument/references", {
      ...at("net/ipv4/af_inet.c", "sk_prot->connect(sk, uaddr", { after: "int __inet_stream_connect(" }),
      context: { includeDeclaration: true },
    });
    expect(result[0]).toMatchObject({
      uri: kernelUri("include/net/sock.h"),
      range: { start: positionOf("include/net/sock.h", "sk_prot", { after: "#define sk_prot" }) },
    });
    expect(result.map(fileOf)).toContain("net/ipv4/tcp.c");
  });

  test("references of a global, a callback, a macro and a struct tag are where their names are written", async () => {
    const refs = async (file: string, needle: string, options = {}) =>
      (
        await request<Location[]>("textDocument/references", {
          ...at(file, needle, options),
          context: { includeDeclaration: false },
        })
      ).map((l) => `${fileOf(l)}:${l.range.start.line + 1}`);
    const hashinfo = await refs("net/ipv4/tcp_ipv4.c", "tcp_hashinfo;");
    expect(hashinfo).toContain(
      `net/ipv6/tcp_ipv6.c:${positionOf("net/ipv6/tcp_ipv6.c", "&tcp_hashinfo").line + 1}`,
    );
    expect(hashinfo).not.toContain(
      `net/ipv4/tcp_ipv4.c:${positionOf("net/ipv4/tcp_ipv4.c", "tcp_hashinfo;").line + 1}`,
    );
    const file = "net/ipv4/inet_connection_sock.c";
    // A timer callback is not called by name anywhere: only the text finds where it is set up.
    expect(await refs(file, "reqsk_timer_handler(unsigned long data)")).toEqual([
      `${file}:${positionOf(file, "reqsk_timer_handler,").line + 1}`,
    ]);
    const timeout = await refs("include/net/tcp.h", "TCP_TIMEOUT_INIT ");
    expect(timeout).toContain(`${file}:${positionOf(file, "TCP_TIMEOUT_INIT").line + 1}`);
    const tag = await refs("include/net/request_sock.h", "request_sock_queue {", {});
    expect(tag).toContain(`${file}:${positionOf(file, "struct request_sock_queue *queue").line + 1}`);
    expect(
      tag.every(
        (place) =>
          !place.startsWith(
            "include/net/request_sock.h:" +
              (positionOf("include/net/request_sock.h", "request_sock_queue {").line + 1),
          ),
      ),
    ).toBe(true);
  });

  test("call hierarchy walks tcp_v4_rcv → … → inet_csk_reqsk_queue_hash_add through the conn_request ops call", async () => {
    const [root] = await request<CallHierarchyItem[]>(
      "textDocument/prepareCallHierarchy",
      at("net/ipv4/tcp_ipv4.c", "tcp_v4_rcv(struct sk_buff *skb)\n{"),
    );
    expect(root?.name).toBe("tcp_v4_rcv");
    const path = await walk(root!, [
      "tcp_v4_do_rcv",
      "tcp_rcv_state_process",
      "tcp_v4_conn_request",
      "tcp_conn_request",
      "inet_csk_reqsk_queue_hash_add",
    ]);
    expect(path.map((item) => item.name)).toEqual([
      "tcp_v4_rcv",
      "tcp_v4_do_rcv",
      "tcp_rcv_state_process",
      "tcp_v4_conn_request",
      "tcp_conn_request",
      "inet_csk_reqsk_queue_hash_add",
    ]);
  });

  test("call hierarchy reaches inet_csk_reqsk_queue_add via tcp_check_req and the syn_recv_sock ops call", async () => {
    const [root] = await request<CallHierarchyItem[]>(
      "textDocument/prepareCallHierarchy",
      at("net/ipv4/tcp_ipv4.c", "tcp_v4_rcv(struct sk_buff *skb)\n{"),
    );
    const viaOps = await outgoing(await itemNamed("tcp_check_req"));
    expect(viaOps.map((c) => c.to.name)).toContain("tcp_v4_syn_recv_sock");
    const path = await walk(root!, [
      "tcp_check_req",
      "inet_csk_complete_hashdance",
      "inet_csk_reqsk_queue_add",
    ]);
    expect(path.at(-1)?.name).toBe("inet_csk_reqsk_queue_add");
  });

  test("incoming calls of tcp_v4_conn_request include tcp_rcv_state_process (through ipv4_specific)", async () => {
    const item = await itemNamed("tcp_v4_conn_request");
    const incoming = await request<CallHierarchyIncomingCall[]>("callHierarchy/incomingCalls", { item });
    expect(incoming.map((c) => c.from.name)).toEqual(
      expect.arrayContaining(["tcp_rcv_state_process", "tcp_v6_conn_request"]),
    );
  });

  test("incoming calls through a typed holder skip tables of other structs: tcp_v4_rcv is reached from ip_local_deliver_finish only", async () => {
    // net/ncsi calls nah->handler(…) on a struct ncsi_aen_handler, whose table sets no `.handler` field:
    // it is not a caller of tcp_protocol's .handler; sock_release's sock->ops->release(…) does reach inet_release.
    const incoming = await request<CallHierarchyIncomingCall[]>("callHierarchy/incomingCalls", {
      item: await itemNamed("tcp_v4_rcv"),
    });
    expect(incoming.map((c) => c.from.name)).toEqual(["ip_local_deliver_finish"]);
    const release = await request<CallHierarchyIncomingCall[]>("callHierarchy/incomingCalls", {
      item: await itemNamed("inet_release"),
    });
    expect(release.map((c) => c.from.name).sort()).toEqual(["inet6_release", "sock_release"]);
  });

  test("document symbols of net/ipv4/tcp_input.c", async () => {
    const symbols = await request<DocumentSymbol[]>("textDocument/documentSymbol", {
      textDocument: { uri: kernelUri("net/ipv4/tcp_input.c") },
    });
    const names = symbols.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "tcp_rcv_state_process",
        "tcp_conn_request",
        "tcp_ack",
        "sysctl_tcp_timestamps",
      ]),
    );
    const rcv = symbols.find((s) => s.name === "tcp_rcv_state_process");
    expect(rcv?.kind).toBe(12);
    expect(rcv!.range.end.line).toBeGreaterThan(rcv!.range.start.line + 100);
  });

  test("a typedef: hover shows it as written, definition goes to its name; outline and workspace symbols list it", async () => {
    // net/ipv4/ip_vti.c: `static netdev_tx_t vti_xmit(…)`; include/linux/netdevice.h: `typedef enum netdev_tx netdev_tx_t;`.
    const use = at("net/ipv4/ip_vti.c", "netdev_tx_t vti_xmit(");
    const declared = positionOf("include/linux/netdevice.h", "netdev_tx_t;", {
      after: "typedef enum netdev_tx ",
    });
    const hover = (await request<Hover>("textDocument/hover", use)).contents as { value: string };
    expect(hover.value).toBe(
      `\`\`\`c\ntypedef enum netdev_tx netdev_tx_t;\n\`\`\`\ninclude/linux/netdevice.h:${declared.line + 1}`,
    );
    const definition = await request<Location[]>("textDocument/definition", use);
    expect(definition.map((l) => [fileOf(l), l.range.start])).toEqual([
      ["include/linux/netdevice.h", declared],
    ]);
    // `u8` has a typedef in each of four headers; tcp_input.c sees asm-generic's, which its includes reach
    // through <asm/types.h>, and that one alone.
    const u8 = (await request<Hover>("textDocument/hover", at("net/ipv4/tcp_input.c", "u8 tcp_sacktag_one(")))
      .contents as { value: string };
    expect(u8.value).toMatch(/^```c\ntypedef unsigned char u8;\n```\ninclude\/asm-generic\/int-ll64\.h:\d+$/);
    const listed = await request<SymbolInformation[]>("workspace/symbol", { query: "netdev_tx_t" });
    expect(listed[0]).toMatchObject({ name: "netdev_tx_t", kind: 5 });
    const outline = await request<DocumentSymbol[]>("textDocument/documentSymbol", {
      textDocument: { uri: kernelUri("include/linux/netdevice.h") },
    });
    expect(outline.find((s) => s.name === "netdev_tx_t")).toMatchObject({
      kind: 5,
      detail: "typedef enum netdev_tx netdev_tx_t;",
    });
  });

  test("workspace symbols match fuzzily", async () => {
    const exact = await request<SymbolInformation[]>("workspace/symbol", { query: "tcp_v4_conn_request" });
    expect(exact[0]?.name).toBe("tcp_v4_conn_request");
    const fuzzy = await request<SymbolInformation[]>("workspace/symbol", { query: "tcpv4connreq" });
    expect(fuzzy.map((s) => s.name)).toContain("tcp_v4_conn_request");
    const struct = await request<SymbolInformation[]>("workspace/symbol", {
      query: "inet_connection_sock_af_ops",
    });
    expect(struct[0]).toMatchObject({ name: "inet_connection_sock_af_ops", kind: 23 });
    // Fields are listed with their struct.
    const field = await request<SymbolInformation[]>("workspace/symbol", { query: "sk_ack_backlog" });
    expect(field[0]).toMatchObject({ name: "sk_ack_backlog", kind: 8, containerName: "sock" });
    expect(fileOf(field[0]!.location)).toBe("include/net/sock.h");
    // A one-letter query matches nearly every name; the best 200 are still listed.
    expect(await request<SymbolInformation[]>("workspace/symbol", { query: "t" })).toHaveLength(200);
  });

  test("hover on a macro gives its definition's place", async () => {
    const hover = await request<Hover>("textDocument/hover", at("net/ipv4/tcp_input.c", "NET_INC_STATS("));
    const value = (hover.contents as { value: string }).value;
    expect(value).toContain(
      `#define NET_INC_STATS(net, field) SNMP_INC_STATS((net)->mib.net_statistics, field)\n\`\`\`\ninclude/net/ip.h:${positionOf("include/net/ip.h", "NET_INC_STATS(").line + 1}`,
    );
  });

  test("hover shows the signature and file:line; CodeLens sits above the modelled functions only", async () => {
    const hover = await request<Hover>(
      "textDocument/hover",
      at("net/ipv4/tcp_ipv4.c", "tcp_conn_request(", { after: "int tcp_v4_conn_request(" }),
    );
    const value = (hover.contents as { value: string }).value;
    expect(value).toContain("int tcp_conn_request(struct request_sock_ops *rsk_ops,");
    expect(value).toMatch(/net\/ipv4\/tcp_input\.c:\d+/);
    const lenses = await request<{ range: { start: { line: number } }; command: { title: string } }[]>(
      "textDocument/codeLens",
      { textDocument: { uri: kernelUri("net/ipv4/tcp_input.c") } },
    );
    const connRequest = at("net/ipv4/tcp_input.c", "int tcp_conn_request(").position.line;
    const here = lenses.filter((l) => l.range.start.line === connRequest).map((l) => l.command.title);
    expect(here).toEqual(["Kernel Lens: 1 call · SYN queue +1 · 1 sent", "Run to here"]);
    // tcp_fin is not modelled: no lens on its line.
    const fin = at("net/ipv4/tcp_input.c", "void tcp_fin(struct sock *sk)").position.line;
    expect(lenses.filter((l) => l.range.start.line === fin)).toEqual([]);
  });

  test("didOpen/didChange (incremental and full) update the index", async () => {
    const uri = kernelUri("net/ipv4/tcp_fastopen.c");
    const text = readFileSync(path.join(kernelRoot, "net/ipv4/tcp_fastopen.c"), "utf8");
    await server.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "c", version: 1, text },
    });
    const lines = text.split("\n").length;
    await server.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [
        {
          range: { start: { line: lines - 1, character: 0 }, end: { line: lines - 1, character: 0 } },
          text: "int kernel_lens_added_fn(struct sock *sk)\n{\n\treturn tcp_conn_request(NULL, NULL, sk, NULL);\n}\n",
        },
      ],
    });
    const added = await request<SymbolInformation[]>("workspace/symbol", { query: "kernel_lens_added_fn" });
    expect(added[0]?.location.range.start.line).toBe(lines - 1);
    const refs = await request<Location[]>("textDocument/references", {
      ...at("net/ipv4/tcp_input.c", "tcp_conn_request(struct request_sock_ops"),
      context: { includeDeclaration: false },
    });
    expect(
      refs.some((l) => fileOf(l) === "net/ipv4/tcp_fastopen.c" && l.range.start.line === lines + 1),
    ).toBe(true);

    await server.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 3 },
      contentChanges: [{ text: "int kernel_lens_renamed_fn(void) { return 0; }\n" }],
    });
    expect(await request<SymbolInformation[]>("workspace/symbol", { query: "kernel_lens_added_fn" })).toEqual(
      [],
    );
    const renamed = await request<SymbolInformation[]>("workspace/symbol", {
      query: "kernel_lens_renamed_fn",
    });
    expect(renamed[0]?.name).toBe("kernel_lens_renamed_fn");
    const definition = await request<Location[]>("textDocument/definition", {
      textDocument: { uri },
      position: { line: 0, character: 8 },
    });
    expect(definition[0]?.range.start).toEqual({ line: 0, character: 4 });
    await server.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  });

  test("bad requests get null or an error, and the server keeps answering", async () => {
    const unknownUri = await request("textDocument/definition", {
      textDocument: { uri: "file:///nonexistent/kernel/file.c" },
      position: { line: 0, character: 0 },
    });
    expect(unknownUri).toBeNull();
    const outOfRange = await request("textDocument/definition", at("net/ipv4/tcp_input.c", "tcp_ack(", {}));
    expect(outOfRange).not.toBeNull();
    expect(
      await request("textDocument/definition", {
        textDocument: { uri: kernelUri("net/ipv4/tcp_input.c") },
        position: { line: 999999, character: 5 },
      }),
    ).toBeNull();
    expect(
      await request("textDocument/hover", {
        textDocument: { uri: kernelUri("net/ipv4/tcp_input.c") },
        position: { line: -1, character: "x" },
      }),
    ).toBeNull();
    expect(await request("textDocument/references", { nonsense: true })).toBeNull();
    // Positional params are refused by the JSON-RPC layer with an error response: also fine for an editor.
    expect(await request("textDocument/implementation", null).catch((error: Error) => error.message)).toMatch(
      /parameters/,
    );
    expect(await request("callHierarchy/outgoingCalls", { item: { name: 42 } })).toBeNull();
    expect(
      await request("textDocument/documentSymbol", { textDocument: { uri: "untitled:foo" } }),
    ).toBeNull();
    await expect(request("kernelLens/noSuchMethod", {})).rejects.toThrow();
    const alive = await request<SymbolInformation[]>("workspace/symbol", { query: "tcp_v4_rcv" });
    expect(alive[0]?.name).toBe("tcp_v4_rcv");
  });
});

async function itemNamed(name: string): Promise<CallHierarchyItem> {
  const [symbol] = await request<SymbolInformation[]>("workspace/symbol", { query: name });
  const [item] = await request<CallHierarchyItem[]>("textDocument/prepareCallHierarchy", {
    textDocument: { uri: symbol!.location.uri },
    position: symbol!.location.range.start,
  });
  return item!;
}

function outgoing(item: CallHierarchyItem) {
  return request<CallHierarchyOutgoingCall[]>("callHierarchy/outgoingCalls", { item });
}

/** Follows outgoing calls by name, failing with the available names when a step is missing. */
async function walk(root: CallHierarchyItem, names: string[]): Promise<CallHierarchyItem[]> {
  const path = [root];
  let current = root;
  for (const name of names) {
    const calls = await outgoing(current);
    const next = calls.find((c) => c.to.name === name)?.to;
    expect(next, `${current.name} → ${name}; has ${calls.map((c) => c.to.name).join(", ")}`).toBeDefined();
    path.push(next!);
    current = next!;
  }
  return path;
}

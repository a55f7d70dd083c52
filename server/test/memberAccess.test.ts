// Member accesses and designators read back from the text, and declarations as hovers show them.
import { describe, expect, test } from "vitest";
import { declarationText, structText } from "../src/declarationText.js";
import { declaredTypeName } from "../src/declaredTypes.js";
import { designatorAt } from "../src/designators.js";
import { memberAccessAt, memberArgumentAt } from "../src/memberAccess.js";

/** The offset where `member` starts in `text`, after `after` when given. */
const at = (text: string, member: string, after = "") =>
  text.indexOf(member, text.indexOf(after)) + member.length - member.replace(/^[^A-Za-z_]+/, "").length;

describe("memberAccessAt", () => {
  test("a chain of fields from a variable", () => {
    const text = "\tif (sk->sk_lock . owned)";
    expect(memberAccessAt(text, at(text, "owned"))).toEqual({
      base: "sk",
      baseStart: text.indexOf("sk->"),
      path: ["sk_lock"],
    });
  });

  test("no chain across a blank line, nor from a sentence's period", () => {
    const comment = "/*\n   Reference count prevents destruction.\n\n   neigh->lock mainly serializes";
    expect(memberAccessAt(comment, at(comment, "lock"))).toMatchObject({ base: "neigh", path: [] });
    const sentence = "that buffer.  skb->len is set";
    expect(memberAccessAt(sentence, at(sentence, "len"))).toMatchObject({ base: "skb", path: [] });
    // A line may end a chain's step: `skb->\n\t\tlen` is one access.
    const split = "skb->\n\t\tlen";
    expect(memberAccessAt(split, at(split, "len"))).toMatchObject({ base: "skb", path: [] });
  });

  test("a call, a subscript, a cast and a dereference as the base", () => {
    const call = "inet_csk(sk)->icsk_accept_queue.qlen";
    expect(memberAccessAt(call, at(call, "qlen"))).toMatchObject({
      base: "inet_csk",
      baseIsCall: true,
      path: ["icsk_accept_queue"],
    });
    const subscript = "skb_shinfo(skb)->frags[i].page_offset";
    expect(memberAccessAt(subscript, at(subscript, "page_offset"))).toMatchObject({
      base: "skb_shinfo",
      path: ["frags"],
    });
    const cast = "((struct tcp_sock *)sk)->snd_cwnd";
    expect(memberAccessAt(cast, at(cast, "snd_cwnd"))).toMatchObject({
      base: "sk",
      castStruct: "tcp_sock",
      path: [],
    });
    // A cast types the member whatever expression it casts, a variable or none.
    const castOfMember = "s = ((struct seq_file *)file->private_data)->private;";
    expect(memberAccessAt(castOfMember, at(castOfMember, "private;"))).toMatchObject({
      base: "file",
      castStruct: "seq_file",
      path: [],
    });
    const castOfZero = "((struct sock *)0)->sk_prot";
    expect(memberAccessAt(castOfZero, at(castOfZero, "sk_prot"))).toMatchObject({ castStruct: "sock" });
    // Through a macro whose value is its argument, or container_of's struct.
    const rcu = "rcu_dereference(sk->sk_wq)->wait";
    expect(memberAccessAt(rcu, at(rcu, "wait"))).toEqual({ base: "sk", baseStart: 16, path: ["sk_wq"] });
    const perCpu = "this_cpu_ptr(&softnet_data)->input_pkt_queue";
    expect(memberAccessAt(perCpu, at(perCpu, "input_pkt_queue"))).toMatchObject({
      base: "softnet_data",
      path: [],
    });
    const container = "container_of(p, struct eppoll_entry, wait)->base";
    expect(memberAccessAt(container, at(container, "base"))).toMatchObject({
      castStruct: "eppoll_entry",
      path: [],
    });
    const deref = "(*tp)->rx_opt.mss_clamp";
    expect(memberAccessAt(deref, at(deref, "mss_clamp"))).toMatchObject({ base: "tp", path: ["rx_opt"] });
    // A member access in parentheses (net/batman-adv/debugfs.c).
    const inParentheses = "S_IFREG | ((*bat_debug)->attr).mode,";
    expect(memberAccessAt(inParentheses, at(inParentheses, "mode"))).toEqual({
      base: "bat_debug",
      baseStart: inParentheses.indexOf("bat_debug"),
      path: ["attr"],
    });
  });

  test("a keyword before parentheses makes them an expression, not a call", () => {
    const text = "return (sk)->sk_state;";
    expect(memberAccessAt(text, at(text, "sk_state"))).toEqual({ base: "sk", baseStart: 8, path: [] });
  });

  test("a name that is no member, `...` and an unreadable base are not followed", () => {
    expect(memberAccessAt("int owned;", 4)).toBeUndefined();
    expect(memberAccessAt("f(a, ...);", 9)).toBeUndefined();
    const sum = "(a + b)->c";
    expect(memberAccessAt(sum, at(sum, "c"))).toBeUndefined();
  });
});

describe("memberArgumentAt", () => {
  test("the member offsetof and container_of name, with the struct their type argument gives", () => {
    const text =
      "x = offsetof(struct tcphdr, check) / 2;\n" +
      "tp = list_entry(q, struct tcp_sock, tsq_node);\n" +
      "o = offsetof(union pptp_ctrl_union, clrreq.callID);\n";
    expect(memberArgumentAt(text, at(text, "check"))).toEqual({ struct: "tcphdr", path: [] });
    expect(memberArgumentAt(text, at(text, "tsq_node"))).toEqual({ struct: "tcp_sock", path: [] });
    expect(memberArgumentAt(text, at(text, "callID"))).toEqual({
      struct: "pptp_ctrl_union",
      path: ["clrreq"],
    });
    expect(memberArgumentAt(text, at(text, "clrreq"))).toEqual({ struct: "pptp_ctrl_union", path: [] });
  });

  test("other arguments, other calls and a member access are not", () => {
    const text = "p = container_of(head, struct tcp_sock, tsq_node); f(struct_x, check); y = a.b;";
    expect(memberArgumentAt(text, at(text, "head"))).toBeUndefined();
    expect(memberArgumentAt(text, at(text, "check"))).toBeUndefined();
    expect(memberArgumentAt(text, at(text, "b;"))).toBeUndefined();
  });
});

describe("designatorAt", () => {
  test("a table's designators; a nested one adds to the path", () => {
    const text =
      "static const struct net_offload tcpv4_offload __read_mostly = {\n" +
      "\t.callbacks = {\n\t\t.gso_segment = tcp4_gso_segment,\n\t\t.gro_receive = tcp4_gro_receive,\n\t},\n};";
    expect(designatorAt(text, at(text, ".callbacks"))).toEqual({ baseType: "net_offload", path: [] });
    expect(designatorAt(text, at(text, ".gro_receive"))).toEqual({
      baseType: "net_offload",
      path: ["callbacks"],
    });
  });

  test("an array's elements, between #ifdef lines and after [index] designators", () => {
    const text =
      'static struct ctl_table net_core_table[] = {\n#ifdef CONFIG_NET\n\t{\n\t\t.procname = "wmem_max",\n\t},\n' +
      "#endif\n\t{\n\t\t.mode = 0644,\n\t},\n};\n" +
      "static const struct net_protocol *protos[MAX] = { [IPPROTO_TCP] = { .handler = tcp_v4_rcv } };";
    expect(designatorAt(text, at(text, ".procname"))).toEqual({ baseType: "ctl_table", path: [] });
    expect(designatorAt(text, at(text, ".mode"))).toEqual({ baseType: "ctl_table", path: [] });
    expect(designatorAt(text, at(text, ".handler"))).toEqual({ baseType: "net_protocol", path: [] });
  });

  test("past a comment after the element before, and an #endif with its comment", () => {
    const text =
      "static const struct nla_policy ifla_policy[] = {\n\t[IFLA_MTU] = { .type = NLA_U32 },  /* ignored */\n" +
      "\t[IFLA_LINK] = { .type = NLA_U32 },\n};\n" +
      "static struct xt_target reg = {\n\t.size = 4,\n#ifdef CONFIG_COMPAT\n\t.compatsize = 4,\n" +
      "#endif /* CONFIG_COMPAT */\n\t.me = THIS_MODULE\n};";
    expect(designatorAt(text, at(text, ".type", "IFLA_LINK"))).toEqual({ baseType: "nla_policy", path: [] });
    expect(designatorAt(text, at(text, ".me"))).toEqual({ baseType: "xt_target", path: [] });
    // A designator of several parts.
    const parts = "read_descriptor_t rd_desc = {\n\t.arg.data = tss,\n};";
    expect(designatorAt(parts, at(parts, "data"))).toEqual({ baseType: "read_descriptor_t", path: ["arg"] });
    expect(memberAccessAt(parts, at(parts, "data"))).toBeUndefined();
    // No member access of the directive's last word: `CONFIG_COMPAT.compatsize`, `endif.me`.
    expect(memberAccessAt(text, at(text, ".compatsize"))).toBeUndefined();
    expect(memberAccessAt(text, at(text, ".me"))).toBeUndefined();
  });

  test("a struct defined with its variable: the tag, or the variable for an anonymous one", () => {
    const tagged =
      "static struct neigh_sysctl_table {\n\tstruct ctl_table neigh_vars[4];\n} neigh_sysctl_template __read_mostly = {\n" +
      "\t.neigh_vars = {\n\t\t[0] = {\n\t\t\t.mode = 0644,\n\t\t},\n\t},\n};";
    expect(designatorAt(tagged, at(tagged, ".mode"))).toEqual({
      baseType: "neigh_sysctl_table",
      path: ["neigh_vars"],
    });
    const anonymous = "static struct { spinlock_t lock; } icmp_global ____cacheline_aligned = { .lock = x };";
    expect(designatorAt(anonymous, at(anonymous, ".lock", "="))).toEqual({
      anonymousVariable: { name: "icmp_global", start: anonymous.indexOf("icmp_global") },
      path: [],
    });
  });

  test("a local, a typedef'd variable and a compound literal", () => {
    const text =
      "{\n\tstruct ethtool_value edata = { .cmd = ETHTOOL_GLINK };\n\tstatic notify_t n = { .instance = p };\n" +
      "\treturn (struct flowi4){ .daddr = d };\n}";
    expect(designatorAt(text, at(text, ".cmd"))).toEqual({ baseType: "ethtool_value", path: [] });
    expect(designatorAt(text, at(text, ".instance"))).toEqual({ baseType: "notify_t", path: [] });
    expect(designatorAt(text, at(text, ".daddr"))).toEqual({ baseType: "flowi4", path: [] });
  });

  test("a member access is no designator", () => {
    const text = "x = sk->sk_state;";
    expect(designatorAt(text, at(text, "sk_state"))).toBeUndefined();
  });
});

describe("declarationText", () => {
  test("a field, a function pointer over two lines, a global with attributes and an initializer", () => {
    const text =
      "struct lsap {\n\tint\t\towned; /* by user */\n\tvoid (*flow_indication)(void *instance,\n\t\tLOCAL_FLOW flow);\n};\n" +
      "int sysctl_tcp_syncookies __read_mostly = 1;\n";
    expect(declarationText(text, [1, 4, 1, 9])).toBe("int owned");
    expect(declarationText(text, [2, 8, 2, 23])).toBe(
      "void (*flow_indication)(void *instance, LOCAL_FLOW flow)",
    );
    expect(declarationText(text, [5, 4, 5, 25], [5, 0, 5, 44])).toBe(
      "int sysctl_tcp_syncookies __read_mostly",
    );
  });

  test("comments, directives and a `;` in a line comment before it are left out", () => {
    const text = "\tint a; // x; y\n#ifdef CONFIG_X\n\t/* the { count */ unsigned int\n\t\tcount, b;\n";
    expect(declarationText(text, [3, 2, 3, 7])).toBe("unsigned int count");
  });
});

describe("structText", () => {
  test("a long struct keeps its first lines and its closing brace", () => {
    const fields = Array.from({ length: 40 }, (_, i) => `\tint f${i}; /* field ${i} */`);
    const text = ["struct big {", ...fields, "};"].join("\n");
    const shown = structText(text, [0, 0, 41, 1])!.split("\n");
    expect(shown).toHaveLength(24);
    expect(shown.slice(0, 3)).toEqual(["struct big {", "\tint f0;", "\tint f1;"]);
    expect(shown.slice(-2)).toEqual(["\t/* … 19 more lines */", "}"]);
  });
});

describe("declaredTypeName", () => {
  test("a struct, a typedef, qualifiers; an anonymous type has no name", () => {
    expect(declaredTypeName("const struct sock *sk", "sk")).toBe("sock");
    expect(declaredTypeName("notify_t *notify", "notify")).toBe("notify_t");
    expect(declaredTypeName("static const volatile socket_lock_t lock", "lock")).toBe("socket_lock_t");
    expect(declaredTypeName("union { int val; struct linger ling; } v", "v")).toBeUndefined();
    expect(
      declaredTypeName(
        "struct net_device *dev = list_first_entry(&list, struct net_device, todo_list)",
        "dev",
      ),
    ).toBe("net_device");
    expect(declaredTypeName("struct in_ifaddr *prim = ifa, *prim1 = NULL", "prim1")).toBe("in_ifaddr");
    expect(declaredTypeName("skb_frag_t *frag = &skb_shinfo(skb)->frags[i]", "frag")).toBe("skb_frag_t");
  });
});

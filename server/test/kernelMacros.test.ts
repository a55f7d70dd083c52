import { describe, expect, test } from "vitest";
import { parseFunctionHead, parseVariableHead } from "../src/functionHeads.js";
import {
  ATTRIBUTE_MACROS,
  functionDefiningMacro,
  isAttributeMacro,
  isFunctionLikeAttribute,
  maskDeclarationNoise,
} from "../src/kernelMacros.js";

describe("kernel macro lists", () => {
  test.each([
    "__init",
    "__exit",
    "__net_init",
    "__net_exit",
    "__read_mostly",
    "__cold",
    "__packed",
    "notrace",
    "INDIRECT_CALLABLE_SCOPE",
    "__must_check",
    "__always_inline",
  ])("%s is an attribute", (name) => expect(isAttributeMacro(name)).toBe(true));

  test.each(["__releases", "__acquires", "__must_hold", "__printf", "__aligned", "__attribute__"])(
    "%s is a function-like attribute",
    (name) => expect(isFunctionLikeAttribute(name)).toBe(true),
  );

  test("types are not attributes (a typedef such as __wsum is a return type)", () => {
    for (const name of ["__wsum", "__be32", "u32", "size_t", "bool"])
      expect(ATTRIBUTE_MACROS.has(name)).toBe(false);
  });

  test("SYSCALL_DEFINE0..6 and COMPAT_SYSCALL_DEFINEn define functions with sys_/compat_sys_ aliases", () => {
    for (let n = 0; n <= 6; n++) {
      expect(functionDefiningMacro(`SYSCALL_DEFINE${n}`)?.aliasPrefix).toBe("sys_");
      expect(functionDefiningMacro(`COMPAT_SYSCALL_DEFINE${n}`)?.aliasPrefix).toBe("compat_sys_");
    }
    expect(functionDefiningMacro("EXPORT_SYMBOL")).toBeUndefined();
  });

  test("masking keeps offsets and blanks attributes, comments and preprocessor lines", () => {
    const text = "static int __init /* c */ foo(void) __releases(x)\n#ifdef A\n";
    const masked = maskDeclarationNoise(text);
    expect(masked.length).toBe(text.length);
    expect(masked.indexOf("foo")).toBe(text.indexOf("foo"));
    expect(masked).not.toMatch(/__init|__releases|ifdef|\/\*/);
  });
});

describe("function heads", () => {
  test.each([
    ["void __init f(void)", "f"],
    ["static int __net_init tcp_sk_init(struct net *net)", "tcp_sk_init"],
    ["__printf(2, 3) void foo_printk(int level, const char *fmt, ...)", "foo_printk"],
    ["static inline __wsum\ncsum_page(struct page *page, int offset, int copy)", "csum_page"],
    ["struct sock *tcp_v4_syn_recv_sock(const struct sock *sk)", "tcp_v4_syn_recv_sock"],
    ["void lock_sock_nested(struct sock *sk, int subclass)\n__acquires(&sk->sk_lock)", "lock_sock_nested"],
    ["INDIRECT_CALLABLE_SCOPE int tcp_v4_rcv(struct sk_buff *skb)", "tcp_v4_rcv"],
  ])("%s → %s", (head, name) => {
    expect(parseFunctionHead(head)?.name).toBe(name);
  });

  test("SYSCALL_DEFINE2(listen, …) is named listen and aliased sys_listen", () => {
    const head = parseFunctionHead("SYSCALL_DEFINE2(listen, int, fd, int, backlog)");
    expect(head?.name).toBe("listen");
    expect(head?.aliases).toEqual(["sys_listen"]);
  });

  test("statements, exports and function-pointer variables are not function heads", () => {
    expect(parseFunctionHead("EXPORT_SYMBOL(tcp_conn_request)")).toBeUndefined();
    expect(parseFunctionHead("static DEFINE_SPINLOCK(lock)")).toBeUndefined();
    expect(parseFunctionHead("int (*fp)(void)")).toBeUndefined();
    expect(parseFunctionHead("int x = foo(3)")).toBeUndefined();
  });

  test("the return struct is recorded (types inet_csk(sk)->icsk_af_ops)", () => {
    expect(
      parseFunctionHead("static inline struct inet_connection_sock *inet_csk(const struct sock *sk)")
        ?.returnStruct,
    ).toBe("inet_connection_sock");
  });

  test("variable heads skip attributes between the name and =", () => {
    const head = parseVariableHead("static struct pernet_operations __net_initdata tcp_sk_ops = ");
    expect(head?.name).toBe("tcp_sk_ops");
    expect(head?.structType).toBe("pernet_operations");
    expect(parseVariableHead("static struct inet_protosw inetsw_array[] =")?.isArray).toBe(true);
  });
});

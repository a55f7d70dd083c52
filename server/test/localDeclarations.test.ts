// Parameters and locals, scoped as C scopes them: the innermost declaration before the cursor.
import { describe, expect, test } from "vitest";
import { localDeclaration, localReferences, writtenAsNonCall } from "../src/localDeclarations.js";
import { LineIndex, rangeParts, startLine } from "../src/textPositions.js";
import { readKernelFile, symbolsOfKernelFile, symbolsOfText, testParser } from "./kernelSources.js";
import { plainRanges } from "./plainRanges.js";

const source = [
  "static int x;", // 0
  "int f(struct sock *sk, int (*getfrag)(void *from, int len))", // 1
  "{", // 2
  "\tint x = 1;", // 3
  "\tgetfrag(sk, x);", // 4
  "\tif (x) {", // 5
  "\t\tstruct sk_buff *x = NULL;", // 6
  "\t\tuse(x);", // 7
  "\t}", // 8
  "\tfor (int i = 0; i < x; i++)", // 9
  "\t\tuse(i);", // 10
  "\tuse(later);", // 11
  "\tint later = sk->sk_state;", // 12
  "\treturn x;", // 13
  "}", // 14
  "int g(void) { return x; }", // 15
].join("\n");

async function lookup(name: string, line: number, character: number) {
  const file = await symbolsOfText(source);
  return plainRanges(localDeclaration(await testParser(), source, file, name, { line, character }));
}

describe("localDeclaration", () => {
  test("a parameter, a function-pointer parameter, and the function they belong to", async () => {
    expect(await lookup("sk", 4, 10)).toEqual({
      kind: "parameter",
      range: [1, 19, 1, 21],
      text: "struct sock *sk",
      functionName: "f",
    });
    expect(await lookup("getfrag", 4, 2)).toMatchObject({
      kind: "parameter",
      range: [1, 29, 1, 36],
      text: "int (*getfrag)(void *from, int len)",
    });
  });

  test("the innermost declaration before the cursor wins; a block's ends with the block", async () => {
    expect(await lookup("x", 4, 14)).toMatchObject({ kind: "local", range: [3, 5, 3, 6], text: "int x = 1" });
    expect(await lookup("x", 7, 7)).toMatchObject({
      range: [6, 18, 6, 19],
      text: "struct sk_buff *x = NULL",
    });
    expect(await lookup("x", 13, 9)).toMatchObject({ range: [3, 5, 3, 6] });
    expect(await lookup("i", 10, 7)).toMatchObject({ kind: "local", range: [9, 10, 9, 11] });
  });

  test("a name functions have too: looked up only where the function writes it other than as a call", async () => {
    const file = await symbolsOfText(source);
    const parser = await testParser();
    const asFunction = (name: string, line: number, character: number) =>
      plainRanges(localDeclaration(parser, source, file, name, { line, character }, { namesFunction: true }));
    expect(await asFunction("getfrag", 4, 2)).toMatchObject({ kind: "parameter", range: [1, 29, 1, 36] });
    expect(await asFunction("use", 7, 3)).toBeUndefined();
    expect(writtenAsNonCall("\tuse(x);\n\tuse (y);", "use", 10)).toBe(false);
    expect(writtenAsNonCall("int (*use)(int); use(1);", "use", 17)).toBe(true);
    // A longer name holding it, or a use after the cursor, declares nothing before it.
    expect(writtenAsNonCall("reuse = 1; use(2); x = use;", "use", 11)).toBe(false);
  });

  test("a prototype declares its parameters only: not its own name, nor a name it does not declare", async () => {
    const text = "int tcp_v4_conn_request(struct sock *sk, struct sk_buff *skb);\nint x;\n";
    const file = await symbolsOfText(text);
    const parser = await testParser();
    const ask = (name: string, character: number, line = 0) =>
      plainRanges(localDeclaration(parser, text, file, name, { line, character }));
    expect(ask("sk", 37)).toEqual({
      kind: "parameter",
      range: [0, 37, 0, 39],
      text: "struct sock *sk",
      functionName: "tcp_v4_conn_request",
    });
    expect(ask("skb", 57)).toMatchObject({ kind: "parameter", text: "struct sk_buff *skb" });
    // At the prototype's name (where a kernel-doc `@sk` above it is looked up) its parameter still answers.
    expect(ask("sk", 4)).toMatchObject({ range: [0, 37, 0, 39] });
    expect(ask("tcp_v4_conn_request", 4)).toBeUndefined();
    expect(ask("len", 4)).toBeUndefined();
    // Outside the prototype nothing is a parameter of it.
    expect(ask("x", 4, 1)).toBeUndefined();
  });

  test("a function-pointer field declares its parameters; other fields declare none", async () => {
    const text = [
      "struct ops {",
      "\tint family;",
      "\tint (*send)(const struct sock *sk,",
      "\t\t    int len);",
      "};",
    ].join("\n");
    const file = await symbolsOfText(text, "ops.h");
    const parser = await testParser();
    const ask = (name: string, line: number, character: number) =>
      plainRanges(localDeclaration(parser, text, file, name, { line, character }));
    expect(ask("sk", 2, 33)).toEqual({
      kind: "parameter",
      range: [2, 32, 2, 34],
      text: "const struct sock *sk",
      functionName: "send",
    });
    expect(ask("len", 3, 10)).toMatchObject({ kind: "parameter", text: "int len" });
    expect(ask("send", 2, 8)).toBeUndefined();
    expect(ask("family", 1, 6)).toBeUndefined();
  });

  test("a label: `goto out;` and `out:` name the function's own label, wherever its blocks put them", async () => {
    const text = [
      "int f(int x)", // 0
      "{", // 1
      "\tif (x) {", // 2
      "\t\tgoto out;", // 3
      "\t}", // 4
      "\tint out = x;", // 5
      "out:", // 6
      "\treturn x;", // 7
      "}", // 8
      "int g(void) { goto out; out: return 0; }", // 9
    ].join("\n");
    const file = await symbolsOfText(text);
    const parser = await testParser();
    const label = { kind: "label", range: [6, 0, 6, 3], text: "out:", functionName: "f" };
    expect(plainRanges(localDeclaration(parser, text, file, "out", { line: 3, character: 8 }))).toEqual(
      label,
    );
    expect(plainRanges(localDeclaration(parser, text, file, "out", { line: 6, character: 1 }))).toEqual(
      label,
    );
    // A variable of the same name is another namespace: the local, not the label.
    expect(plainRanges(localDeclaration(parser, text, file, "out", { line: 5, character: 6 }))).toMatchObject(
      {
        kind: "local",
      },
    );
    const found = localReferences(parser, text, file, "out", { line: 3, character: 8 });
    expect(found?.uses.map(rangeParts)).toEqual([[3, 7, 3, 10]]);
    expect(
      plainRanges(localDeclaration(parser, text, file, "out", { line: 9, character: 20 })),
    ).toMatchObject({
      range: [9, 24, 9, 27],
      functionName: "g",
    });
  });

  test("a typedef of a function type, and a field below a comment holding a `;`, declare their parameters", async () => {
    const text = [
      "typedef void (*rcv_t)(struct dev *hdev, int len);", // 0
      "struct helper {", // 1
      "\t/* return verdict; or -1 */", // 2
      "\tint (*help)(struct sk_buff *skb,", // 3
      "\t\t    unsigned int protoff);", // 4
      "};", // 5
    ].join("\n");
    const file = await symbolsOfText(text, "h.h");
    const parser = await testParser();
    const ask = (name: string, line: number, character: number) =>
      plainRanges(localDeclaration(parser, text, file, name, { line, character }));
    expect(ask("hdev", 0, 36)).toEqual({
      kind: "parameter",
      range: [0, 34, 0, 38],
      text: "struct dev *hdev",
      functionName: "rcv_t",
    });
    expect(ask("rcv_t", 0, 16)).toBeUndefined();
    expect(ask("protoff", 4, 20)).toMatchObject({ text: "unsigned int protoff", functionName: "help" });
  });

  test("a macro's replacement declares locals as a body does, across its line continuations", async () => {
    const text = [
      "#define wait_ev(wq, ret) \\", // 0
      "({ long __ret = ret; \\", // 1
      "\tif (wq) __ret = 0; \\", // 2
      "\t__ret; })", // 3
      "int __ret;", // 4
    ].join("\n");
    const file = await symbolsOfText(text, "w.h");
    const parser = await testParser();
    const local = { kind: "local", range: [1, 8, 1, 13], text: "long __ret = ret", functionName: "wait_ev" };
    expect(plainRanges(localDeclaration(parser, text, file, "__ret", { line: 3, character: 2 }))).toEqual(
      local,
    );
    const found = localReferences(parser, text, file, "__ret", { line: 3, character: 2 });
    expect(found?.uses.map(rangeParts)).toEqual([
      [2, 9, 2, 14],
      [3, 1, 3, 6],
    ]);
    // After the #define, the global.
    expect(localDeclaration(parser, text, file, "__ret", { line: 4, character: 6 })).toBeUndefined();
  });

  test("a local typed by typeof(expression), which the grammar reads as a call: kfifo.h, mpls/internal.h", async () => {
    const parser = await testParser();
    const declared = async (path: string, before: string, name: string) => {
      const text = readKernelFile(path);
      const lines = new LineIndex(text);
      const found = localDeclaration(
        parser,
        text,
        await symbolsOfKernelFile(path),
        name,
        lines.positionAt(text.indexOf(before) + before.length),
      );
      return found && { ...found, line: startLine(found.range) + 1 };
    };
    // include/linux/kfifo.h: INIT_KFIFO, `typeof(&(fifo)) __tmp = &(fifo);`
    expect(await declared("include/linux/kfifo.h", "*__kfifo = &", "__tmp")).toMatchObject({
      kind: "local",
      text: "typeof(&(fifo)) __tmp = &(fifo)",
      functionName: "INIT_KFIFO",
      line: 139,
    });
    // net/mpls/internal.h: MPLS_INC_STATS, `__typeof__(*(mdev)->stats) *ptr = raw_cpu_ptr(…)`
    expect(await declared("net/mpls/internal.h", "ptr->stats.field++;", "ptr")).toMatchObject({
      kind: "local",
      functionName: "MPLS_INC_STATS",
      line: 42,
    });
  });

  test("a global function pointer declares its parameters: include/linux/netfilter/nf_conntrack_ftp.h", async () => {
    const path = "include/linux/netfilter/nf_conntrack_ftp.h";
    const text = readKernelFile(path);
    const lines = new LineIndex(text);
    const at = text.indexOf("skb,", text.indexOf("(*nf_nat_ftp_hook)"));
    const found = localDeclaration(
      await testParser(),
      text,
      await symbolsOfKernelFile(path),
      "skb",
      lines.positionAt(at),
    );
    expect(found).toMatchObject({
      kind: "parameter",
      text: "struct sk_buff *skb",
      functionName: "nf_nat_ftp_hook",
    });
  });

  test("not a local: declared after the cursor, outside any function, or in another function", async () => {
    expect(await lookup("later", 11, 6)).toBeUndefined();
    expect(await lookup("x", 0, 11)).toBeUndefined();
    expect(await lookup("x", 15, 21)).toBeUndefined();
  });

  test("references: the uses that resolve to the same declaration, not a shadowing one's", async () => {
    const file = await symbolsOfText(source);
    const found = localReferences(await testParser(), source, file, "x", { line: 13, character: 9 });
    expect(rangeParts(found!.declaration.range)).toEqual([3, 5, 3, 6]);
    expect(found?.uses.map(rangeParts)).toEqual([
      [4, 13, 4, 14],
      [5, 5, 5, 6],
      [9, 21, 9, 22],
      [13, 8, 13, 9],
    ]);
    const inner = localReferences(await testParser(), source, file, "x", { line: 6, character: 18 });
    expect(inner?.uses.map(rangeParts)).toEqual([[7, 6, 7, 7]]);
  });

  test("SYSCALL_DEFINEn(name, type, arg, …): the arguments are the parameters", async () => {
    const text = [
      "SYSCALL_DEFINE3(bind, int, fd, struct sockaddr __user *, umyaddr, int, addrlen)",
      "{",
      "\tint err = fd;",
      "\treturn move_addr_to_kernel(umyaddr, addrlen, err);",
      "}",
    ].join("\n");
    const file = await symbolsOfText(text);
    const parser = await testParser();
    expect(plainRanges(localDeclaration(parser, text, file, "umyaddr", { line: 3, character: 30 }))).toEqual({
      kind: "parameter",
      range: [0, 57, 0, 64],
      text: "struct sockaddr __user *umyaddr",
      functionName: "bind",
    });
    expect(localDeclaration(parser, text, file, "err", { line: 3, character: 48 })).toMatchObject({
      kind: "local",
      text: "int err = fd",
    });
    const fd = localReferences(parser, text, file, "fd", { line: 0, character: 27 });
    expect(plainRanges(fd?.declaration)).toMatchObject({ range: [0, 27, 0, 29], text: "int fd" });
    expect(fd?.uses.map(rangeParts)).toEqual([[2, 11, 2, 13]]);
  });

  /** The declaration of `name` as seen from `use` (its first occurrence after `after`) in a kernel file. */
  async function kernelLookup(relative: string, name: string, after: string, use: string) {
    const text = readKernelFile(relative);
    const offset = text.indexOf(use, text.indexOf(after));
    const before = text.slice(0, offset);
    const position = {
      line: before.split("\n").length - 1,
      character: offset - before.lastIndexOf("\n") - 1,
    };
    return localDeclaration(await testParser(), text, await symbolsOfKernelFile(relative), name, position);
  }

  test("a local declared inside an #ifdef block of the body", async () => {
    expect(
      await kernelLookup(
        "net/ipv4/netfilter/nf_nat_l3proto_ipv4.c",
        "ct",
        "nf_nat_ipv4_out(void *priv",
        "ct->tuplehash[dir].tuple.src.u3.ip",
      ),
    ).toMatchObject({ kind: "local", text: "const struct nf_conn *ct", functionName: "nf_nat_ipv4_out" });
  });

  test("a parameter, past the function head error recovery makes of `#if … else if (…) {`", async () => {
    expect(
      await kernelLookup(
        "net/ipv4/inet_diag.c",
        "req",
        "inet_diag_find_one_icsk(struct net",
        "req->id.idiag_dst[3]",
      ),
    ).toMatchObject({ kind: "parameter", text: "const struct inet_diag_req_v2 *req" });
  });

  test("a body error recovery splits: the last declaration of the name before the cursor", async () => {
    expect(
      await kernelLookup("net/core/pktgen.c", "pkt_dev", "pktgen_if_write(struct file", "pkt_dev->spi);"),
    ).toMatchObject({ kind: "local", text: "struct pktgen_dev *pkt_dev = seq->private" });
  });
});

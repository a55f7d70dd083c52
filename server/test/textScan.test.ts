// The text scan that lets tree-sitter skip bodies, comments and #define lines (server/src/textScan.ts),
// and how its calls compare with tree-sitter's own on net/ipv4.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { extractFileSymbols } from "../src/extract.js";
import type { FileSymbols } from "../src/fileSymbols.js";
import { directivesOf } from "../src/preprocessorLines.js";
import { scanText } from "../src/textScan.js";
import { kernelRoot, readKernelFile, testParser } from "./kernelSources.js";
import { startCharacter, startLine } from "../src/textPositions.js";

const scan = (text: string) => scanText(text, directivesOf(text));
const bodyTexts = (text: string) => scan(text).bodies.map((b) => text.slice(b.open, b.close + 1));

describe("scanText", () => {
  test("a body is a file-scope `{` after `)`; initializers, structs and enums are not bodies", () => {
    const text =
      "struct s { int a; };\nstatic int t[] = { 1, 2 };\nenum { A = F(1) };\n" +
      "int f(int a)\n{\n\treturn g(a);\n}\nSYSCALL_DEFINE2(listen, int, fd, int, backlog)\n{\n\treturn 0;\n}\n";
    expect(bodyTexts(text)).toEqual(["{\n\treturn g(a);\n}", "{\n\treturn 0;\n}"]);
    const { enumBodies, initializers } = scan(text);
    expect(
      enumBodies.map((list) => [text.slice(list.open, list.close + 1), list.calls.map((c) => c.name)]),
    ).toEqual([["{ A = F(1) }", ["F"]]]);
    expect(initializers.map((list) => text.slice(list.open, list.close + 1))).toEqual(["{ 1, 2 }"]);
  });

  test("a variable's brace list is read for calls only: no field set, no type defined", () => {
    const text =
      "static struct s t[] = {\n\tX(1),\n\t{ .f = g, .h = (struct k){ .a = 1 } },\n};\nint u = { 2 };\n";
    const { initializers, bodies } = scan(text);
    expect(bodies).toEqual([]);
    expect(initializers.map((list) => text.slice(list.open, list.close + 1))).toEqual([
      text.slice(text.indexOf("{"), text.indexOf("};") + 1),
      "{ 2 }",
    ]);
    expect(initializers[0]!.calls.map((c) => c.name)).toEqual(["X"]);
    expect(initializers[0]!.assignments).toEqual([]);
    expect(initializers[0]!.types).toEqual([]);
  });

  test("braces follow the first branch of an #if; calls are read in every branch", () => {
    const text =
      "int f(void)\n{\n#ifdef A\n\tif (a()) {\n#else\n\tif (b()) {\n#endif\n\t\tc();\n\t}\n}\nint g(void) { return 0; }\n";
    const { bodies, balanced } = scan(text);
    expect(balanced).toBe(true);
    expect(bodies.map((b) => b.calls.map((c) => c.name))).toEqual([["a", "b", "c"], []]);
    expect(text.slice(bodies[0]!.close - 1, bodies[0]!.close + 1)).toBe("\n}");
  });

  test("comments, strings and directives hide braces and calls; keywords and casts are not calls", () => {
    const text =
      'int f(void)\n{\n\t/* g() { */\n\tputs("h() {");\n#define X(a) k(a)\n' +
      "\treturn sizeof(int) + (u32)(x) + p->ops->run(1) + (*p->fn)(2) + 1.0e3;\n}\n";
    const [body] = scan(text).bodies;
    expect(body!.calls.map((c) => [c.name, c.field])).toEqual([
      ["puts", false],
      ["run", true],
      ["fn", true],
    ]);
  });

  test("a #define is skippable after a statement, not after a macro call without `;`", () => {
    const text = "int a;\n#define A 1\nDECLARE_X(y)\n#undef B\n#define B 2\n";
    expect(scan(text).defines.map((d) => [text.slice(d.start, d.end), d.afterStatement])).toEqual([
      ["#define A 1", true],
      ["#define B 2", false],
    ]);
  });

  test("#include, #undef and #pragma lines are skippable likewise, unless a macro computes the file", () => {
    const text =
      "#include <linux/tcp.h>\nint a;\n#undef A\n#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)\n" +
      "DECLARE_X(y)\n#pragma once\nint b;\n#if A\n#endif\n";
    expect(scan(text).skippableDirectives.map(([start, end]) => text.slice(start, end))).toEqual([
      "#include <linux/tcp.h>",
      "#undef A",
    ]);
  });

  test("a file-scope statement that is one macro call is a macro statement, with the calls in it", () => {
    const text =
      "EXPORT_SYMBOL(a);\nint f(void)\n{\n\treturn 0;\n}\nmodule_init(f);\n" +
      'MODULE_ALIAS("x-" __stringify(AF_INET));\n#define B 1\nMODULE_LICENSE("GPL");\n';
    const statements = scan(text).macroStatements;
    expect(statements.map((m) => text.slice(m.start, m.end))).toEqual([
      "EXPORT_SYMBOL(a);",
      "module_init(f);",
      'MODULE_ALIAS("x-" __stringify(AF_INET));',
      'MODULE_LICENSE("GPL");',
    ]);
    expect(statements.map((m) => m.calls.map((c) => c.name))).toEqual([
      ["EXPORT_SYMBOL"],
      ["module_init"],
      ["MODULE_ALIAS", "__stringify"],
      ["MODULE_LICENSE"],
    ]);
  });

  test("no macro statement where a statement did not just begin, or more than a call follows", () => {
    const text =
      "static DEFINE_MUTEX(m);\nstruct s { int a; } __attribute__((packed));\nint (x);\nF(a)(b);\n" +
      "G(a) = 1;\nmodule_init(a)\nmodule_exit(b);\nH(a\n#ifdef C\n, c\n#endif\n);\nI(a)\n#if D\n;\n#endif\n" +
      "static int t[] = { 1 };\nJ({ 0; });\n#if E\nK(e);\n#else\nL(e);\n#endif\n" +
      // An #else left open at its #endif is read again as a skipped branch: M(f) is taken back.
      "#if F\nint f;\n#else\nM(f);\nint g =\n#endif\n1;\n" +
      // A tracepoint template without its `;`: what follows does not begin a statement.
      "TRACE_EVENT(t, TP_PROTO(int x))\nN(t);\n";
    // Only K and L: a later #if branch is read like the first when the code before it is complete.
    expect(scan(text).macroStatements.map((m) => text.slice(m.start, m.end))).toEqual(["K(e);", "L(e);"]);
  });

  test("a comment opened on a #define line is part of it (include/linux/hil.h style)", () => {
    const text = "#define BICTCP_B 4 /*\n * a comment (with f() {)\n */\nint x;\n";
    const { defines, comments } = scan(text);
    expect(defines.map((d) => text.slice(d.start, d.end))).toEqual([text.slice(0, text.indexOf("\nint"))]);
    expect(comments).toEqual([]);
  });

  test("types defined in a body are kept for the parse", () => {
    const text = "int f(void)\n{\n\tstruct h { int a; } *p = q();\n\treturn r(p);\n}\n";
    const [body] = scan(text).bodies;
    const [start, end] = body!.types;
    expect(body!.types).toHaveLength(2);
    expect(text.slice(start, end)).toEqual("struct h { int a; } *p = q();");
    expect(body!.calls.map((c) => c.name)).toEqual(["r"]);
  });

  test("a field set to a name in a body is an assignment; expressions, comparisons and constants are not", () => {
    const text =
      "void f(struct sock *sk)\n{\n\tsk->sk_data_ready = sock_def_readable;\n\tops.cb = &g;\n" +
      "\tsk->len = len + 1;\n\tif (sk->state == h) return;\n\tsk->sk_user_data = NULL;\n\tx = y;\n}\n";
    const [body] = scan(text).bodies;
    expect(
      body!.assignments.map((a) => [a.field, a.target, text.slice(a.start, a.start + a.field.length)]),
    ).toEqual([
      ["sk_data_ready", "sock_def_readable", "sk_data_ready"],
      ["cb", "g", "cb"],
    ]);
    // A copy of another struct's field (net/ipv4/af_inet.c: inet_create) names that field.
    const copy = "void f(struct sock *sk)\n{\n\tsk->sk_backlog_rcv = sk->sk_prot->backlog_rcv;\n}\n";
    const [copied] = scan(copy).bodies[0]!.assignments;
    expect(copied).toMatchObject({ field: "sk_backlog_rcv", target: "backlog_rcv" });
    expect(copy.slice(copied!.targetStart, copied!.targetStart! + 11)).toBe("backlog_rcv");
  });

  test("a tracepoint template is read like a body: its calls, not the record it fills (include/trace/events/sock.h)", () => {
    const text = readKernelFile("include/trace/events/sock.h");
    const templates = scan(text).bodies.filter((b) => text[b.open] === "(");
    // sock_rcvqueue_full and sock_exceed_buf_limit: TRACE_EVENT( … ) from the parenthesis to its match.
    expect(templates).toHaveLength(2);
    for (const body of templates) {
      expect(text.slice(body.open - "TRACE_EVENT".length, body.open)).toBe("TRACE_EVENT");
      expect(text.slice(body.close, body.close + 2)).toBe(");");
      expect(body.assignments).toEqual([]);
    }
    expect(templates[1]!.calls.map((c) => c.name)).toEqual(
      expect.arrayContaining(["TP_PROTO", "TP_fast_assign", "strncpy", "atomic_read"]),
    );
    // In a #define it is not one (include/linux/tracepoint.h defines TRACE_EVENT itself).
    const defined = "#define TRACE_EVENT(name, proto) f(proto)\nint g(void);\n";
    expect(scan(defined).bodies).toEqual([]);
  });

  test("a later branch after complete code is read like a first one; one that leaves code open is skipped", () => {
    const text =
      "#ifdef CONFIG_X\nint f(void);\n#elif defined(Y)\nstatic inline int f(void) { return y(); }\n" +
      "#else\nstatic inline int f(void)\n{\n\treturn z();\n}\n#endif\n" +
      // The first branch leaves a body open: the #else is skipped, its braces not counted.
      "#ifdef A\nint g(int a) {\n#else\nint g(int b) {\n#endif\n\treturn w();\n}\n" +
      // The #else leaves its head open: read again as skipped, from where it began.
      "#ifdef B\nint p(void);\n#else\nint p(void)\n#endif\n{ return q(); }\n";
    const { bodies, prototypes, balanced } = scan(text);
    // A statement's code, its directive lines aside.
    const code = (start: number, end: number) =>
      text
        .slice(start, end)
        .split("\n")
        .filter((line) => line.trim() !== "" && !line.startsWith("#"))
        .join(" ")
        .trim();
    expect(balanced).toBe(true);
    expect(
      bodies.map((b) => [code(b.statementStart, b.open), b.calls.map((c) => c.name), !!b.parameters]),
    ).toEqual([
      ["static inline int f(void)", ["y"], true],
      ["static inline int f(void)", ["z"], true],
      // Calls are read in every branch, the skipped one's too.
      ["int g(int a)", ["g", "w"], true],
      ["int p(void)", ["q"], false],
    ]);
    expect(prototypes.map((p) => code(p.statementStart, p.end))).toEqual(["int f(void)", "int p(void)"]);
  });

  test("a body knows its parameter list unless an #if or another list makes the parse need it", () => {
    const text =
      "static int f(struct sock *sk, int (*cb)(int))\n{\n}\n" +
      "int (*g(int a))(char b)\n{\n}\n" +
      "int h(int a,\n#ifdef X\n int b)\n#else\n int c)\n#endif\n{\n}\n" +
      "SYSCALL_DEFINE2(listen, int, fd, int, backlog)\n{\n}\n";
    const lists = scan(text).bodies.map(
      (b) => b.parameters && text.slice(b.parameters[0], b.parameters[1] + 1),
    );
    expect(lists).toEqual([
      "(struct sock *sk, int (*cb)(int))",
      undefined,
      undefined,
      "(listen, int, fd, int, backlog)",
    ]);
  });

  test("a prototype's parameter list is found after a type and one name, not in a macro call", () => {
    const text =
      "struct sock *sk_alloc(struct net *net, int family);\n" +
      "extern unsigned long f(void);\n" +
      "EXPORT_SYMBOL(tcp_prot);\n" +
      "static DEFINE_MUTEX(lock);\n" +
      "int __xipram cfi_qry_present(struct map_info *map);\n" +
      "extern void (*hook)(struct sock *sk);\n" +
      "int x = g(1);\n" +
      "struct s { int (*fn)(int a); };\n" +
      "u32 h(u32 a);\n" +
      // A list is its statement's: not taken again at the `;` after a tracepoint template.
      "TRACE_EVENT(e, TP_PROTO(int b));\n";
    const lists = scan(text).prototypes.map(({ parameters: [open, close] }) => text.slice(open, close + 1));
    expect(lists).toEqual(["(struct net *net, int family)", "(void)", "(u32 a)"]);
  });

  test("unbalanced braces leave every body to the parse, and still end", () => {
    expect(scan("int f(void)\n{\n\tif (x) {\n").balanced).toBe(false);
    expect(scan("}\nint f(void) { return 0; }\n")).toMatchObject({ balanced: false, bodies: [] });
    expect(scan('int f(void) { "unterminated\n/* open').bodies).toEqual([]);
  });
});

/** "path:line:col callee kind in caller" for each call, to compare two extractions. */
function callKeys(file: FileSymbols): Set<string> {
  return new Set(
    file.calls.map(
      (c) =>
        `${file.path}:${startLine(c.range) + 1}:${startCharacter(c.range) + 1} ${c.callee} ${c.kind} in ${file.functions[c.caller]?.name ?? "-"}`,
    ),
  );
}

test("on net/ipv4 the scan finds tree-sitter's calls in bodies; the differences are listed", async () => {
  const parser = await testParser();
  const onlyScan: string[] = [];
  const onlyParse: string[] = [];
  let total = 0;
  const files = (readdirSync(path.join(kernelRoot, "net/ipv4"), { recursive: true }) as string[])
    .filter((file) => /\.[ch]$/.test(file))
    .sort();
  for (const file of files) {
    const relative = `net/ipv4/${file}`;
    const text = readKernelFile(relative);
    const scanned = callKeys(extractFileSymbols(parser, relative, text));
    const parsed = callKeys(extractFileSymbols(parser, relative, text, { parseBodies: true }));
    total += parsed.size;
    for (const key of scanned) if (!parsed.has(key)) onlyScan.push(key);
    for (const key of parsed) if (!scanned.has(key)) onlyParse.push(key);
  }
  expect(total).toBeGreaterThan(19_000);
  // tree-sitter reads `#if IS_ENABLED(CONFIG_IPV6)` as a call; the scan reads no directive.
  const notDirectives = onlyParse.filter((key) => !/ (IS_ENABLED|IS_BUILTIN|defined) direct /.test(key));
  expect(onlyParse.length - notDirectives.length).toBeGreaterThan(50);
  // The rest: macro invocations tree-sitter misread (for_each_possible_cpu(i) { … } as a nested
  // definition, DECLARE_SOCKADDR as a declarator), calls in regions its error recovery dropped, and a
  // call after a string in a file-scope macro statement (`MODULE_ALIAS("nf-nat-" __stringify(AF_INET));`).
  await expect(`${JSON.stringify({ onlyScan, onlyParse: notDirectives }, null, 1)}\n`).toMatchFileSnapshot(
    "./fixtures/body-scan-diff-net-ipv4.json",
  );
  expect(onlyScan.length + notDirectives.length).toBeLessThan(total / 100);
});

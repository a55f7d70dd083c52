import { describe, expect, test } from "vitest";
import { extractFileSymbols, parseInputOf } from "../src/extract.js";
import { kernelFilesIn, readKernelFile, testParser } from "./kernelSources.js";
import { endLine, startLine } from "../src/textPositions.js";

/** The names of the definitions (or prototypes) read from the text, and where each starts. */
function fromText(text: string, kind: "definitions" | "prototypes" = "definitions") {
  return parseInputOf(text)[kind].map((d) => ({
    name: d.head.name,
    start: text.slice(d.start, d.start + 12),
    end: text.slice(d.end - 2, d.end),
  }));
}

describe("definitions and prototypes read from the text", () => {
  test("a plain head is read from the text, from where the tree would start it", () => {
    const text = [
      "static int a;",
      "__printf(2, 3)",
      "static int log_it(struct x *x, const char *fmt, ...)",
      "{",
      "\treturn 0;",
      "}",
      "/* why */",
      "int __init net_init(void) { return 0; }",
      "",
    ].join("\n");
    // The attribute is blanked for the parse, so the tree started at `static`; a comment is not the head.
    expect(fromText(text)).toEqual([
      { name: "log_it", start: "static int l", end: "\n}" },
      { name: "net_init", start: "int __init n", end: " }" },
    ]);
  });

  test("a prototype, through its `;`; not a function type", async () => {
    const text = [
      "#ifdef CONFIG_ACPI",
      "int f(void);",
      "#else",
      "static inline int f(void) { return 0; }",
      "#endif",
      "__printf(3, 4)",
      "void log_it(const char *level, const char *fmt, ...);",
      "typedef int proc_handler (struct ctl_table *ctl, int write);",
      "extern struct sock *sk_alloc(struct net *net, int family) __malloc;",
      "",
    ].join("\n");
    expect(fromText(text, "prototypes")).toEqual([
      { name: "f", start: "int f(void);", end: ");" },
      // Braces in an #else branch are not counted: the head is read again from after the body's `}`.
      { name: "log_it", start: "void log_it(", end: ");" },
      { name: "sk_alloc", start: "extern struc", end: "c;" },
    ]);
    const symbols = extractFileSymbols(await testParser(), "t.h", text);
    expect(symbols.functions.filter((f) => !f.isDefinition).map((f) => f.name)).toEqual([
      "f",
      "log_it",
      "sk_alloc",
    ]);
    expect(symbols.functions.find((f) => f.name === "sk_alloc")?.returnStruct).toBe("sock");
  });

  test("left to the tree: macro-defined functions, directives in a head, types in a body, macro declarations before", async () => {
    const text = [
      "SYSCALL_DEFINE2(listen, int, fd, int, backlog)",
      "{",
      "\treturn 0;",
      "}",
      "static",
      "#ifdef CONFIG_X",
      "inline",
      "#endif",
      "int g(void) { return 0; }",
      "int h(void) { struct local { int a; } l; return l.a; }",
      "static DECLARE_WORK(cleanup_work, cleanup);",
      "void put(struct net *net) { queue_work(wq, &cleanup_work); }",
      "EXPORT_SYMBOL_GPL(put);",
      "int k(void) { return 1; }",
      "",
    ].join("\n");
    expect(fromText(text).map((d) => d.name)).toEqual(["k"]);
    // The tree still finds the others; the macro's variable ends on its own line, and the export is a call.
    const symbols = extractFileSymbols(await testParser(), "t.c", text);
    expect(symbols.functions.filter((f) => f.isDefinition).map((f) => f.name)).toEqual([
      "listen",
      "g",
      "h",
      "put",
      "k",
    ]);
    const work = symbols.variables.find((v) => v.name === "cleanup_work");
    expect(endLine(work!.range)).toBe(10);
    expect(symbols.calls.map((c) => c.callee)).toContain("EXPORT_SYMBOL_GPL");
  });

  test("the index of net/ipv4, net/core and include/net is the same with functions and structs read from the tree", async () => {
    const parser = await testParser();
    const differing: string[] = [];
    let definitions = 0;
    let prototypes = 0;
    let structBodies = 0;
    for (const relative of kernelFilesIn(["net/ipv4", "net/core", "include/net"])) {
      const text = readKernelFile(relative);
      const input = parseInputOf(text);
      definitions += input.definitions.length;
      structBodies += input.structMembers.size;
      prototypes += input.prototypes.length;
      const read = extractFileSymbols(parser, relative, text);
      const parsed = extractFileSymbols(parser, relative, text, { declarationsFromText: false });
      // `#if IS_ENABLED(CONFIG_IPV6)` in a struct body the tree parses is a "call" to it; the scan, as in
      // any body, reads no directive line.
      const lines = text.split("\n");
      for (const symbols of [read, parsed])
        symbols.calls = symbols.calls.filter(
          (call) => !lines[startLine(call.range)]!.trimStart().startsWith("#"),
        );
      if (JSON.stringify(read) !== JSON.stringify(parsed)) differing.push(relative);
    }
    expect(definitions).toBeGreaterThan(3_500);
    expect(prototypes).toBeGreaterThan(2_000);
    expect(structBodies).toBeGreaterThan(500);
    // (net/core/sock.c differed while bodies in an #else were parsed: the tree's error recovery in
    // sock_prot_inuse_get depended on what came before it.)
    expect(differing).toEqual([]);
  });
});

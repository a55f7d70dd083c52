import { describe, expect, test } from "vitest";
import { extractFileSymbols } from "../src/extract.js";
import { plainStructMembers, type TextMembers } from "../src/structFields.js";
import { symbolsOfText, testParser } from "./kernelSources.js";

/** The members read from the text of the first `{ … }` in `text`, each field as "name: type"; the members of
 * an anonymous struct or union in braces, a member struct as "{kind} {fields}: {its members}", those of an
 * #if branch in their place. */
function members(text: string) {
  const read = plainStructMembers(text, text.indexOf("{"), text.lastIndexOf("}"));
  return read && describeMembers(read);
}

function describeMembers(read: TextMembers): { fields: string[]; fieldMacros: string[] } {
  const fields: string[] = [];
  const fieldMacros: string[] = [];
  for (const statement of read.statements) {
    if ("field" in statement) {
      const f = statement.field;
      fields.push(
        `${f.name}: ${f.structType ? `struct ${f.structType}` : f.typeText}${f.isFunctionPointer ? " (fn)" : ""}`,
      );
    } else if ("fieldMacro" in statement) {
      fieldMacros.push(statement.fieldMacro);
    } else if ("anonymous" in statement) {
      fields.push(`{ ${describeMembers(statement.anonymous).fields.join("; ")} }`);
    } else if ("branch" in statement) {
      // An #if branch: its members in text order, as the body's own.
      const branch = describeMembers(statement.branch);
      fields.push(...branch.fields);
      fieldMacros.push(...branch.fieldMacros);
    } else {
      const { kind, fields: declared, members: inner } = statement.memberStruct;
      const names = declared.map((f) => f.name).join(", ");
      fields.push(`${kind} ${names}: { ${describeMembers(inner).fields.join("; ")} }`);
    }
  }
  return { fields, fieldMacros };
}

describe("plain struct bodies read from the text", () => {
  test("types, pointers, arrays, bit fields, several declarators, comments, a field macro, directive lines", () => {
    const text = [
      "struct s {",
      "\tconst struct sock *sk; /* the socket */",
      "\tunsigned long long\tbytes, *counts[NR_CPUS];",
      "\tu8 flags:3,",
      "\t   more:5;",
      "\tchar * const name;",
      "\tenum tcp_ca_state state;",
      "\ttc_gen;",
      "\tint (*connect)(struct sock *sk, struct sockaddr /* uaddr */ *uaddr, int addr_len);",
      "\tstruct sock *(*accept)(struct sock *sk, void (*done)(int), int *err);",
      "#ifdef CONFIG_XFRM",
      "\tstruct xfrm_policy *sk_policy[2];",
      "#else",
      "#define NO_POLICY 1",
      "#endif",
      "};",
    ].join("\n");
    expect(members(text)).toEqual({
      fields: [
        "sk: struct sock",
        "bytes: unsigned long long",
        "counts: unsigned long long",
        "flags: u8",
        "more: u8",
        "name: char",
        "state: enum tcp_ca_state",
        "connect: int (fn)",
        "accept: struct sock (fn)",
        "sk_policy: struct xfrm_policy",
      ],
      fieldMacros: ["tc_gen"],
    });
  });

  test("anything else leaves the body to the tree", () => {
    for (const body of [
      "DECLARE_BITMAP(flags, 8);",
      "int (*fn[2])(int a);",
      "int (fn)(int a);",
      "int\n#ifdef CONFIG_X\n\ta;\n#endif",
      "struct tagged { int a; } inner;",
      "enum { A, B } state;",
      "union { int a; } u = 1;",
      "#endif\n\tint a;",
      "int a;\n#else\n\tint b;",
      "#ifdef CONFIG_X\n\tint a;",
      "union {\n#ifdef CONFIG_X\n\t\tint a;\n\t};\n#endif",
      "char name[sizeof(long)];",
      'char *s = "x";',
      "u8 odd *p;",
      "int;",
      "unsigned int :3;",
      "int a",
    ]) {
      expect(members(`struct s {\n\t${body}\n};`), body).toBeUndefined();
    }
  });

  test("anonymous structs and unions, and member structs, nested", () => {
    const text = [
      "struct s {",
      "\tunion {",
      "\t\tstruct sock *sk;",
      "\t\tstruct { u16 a, b; };",
      "\t};",
      "\tstruct {",
      "\t\tunion { int x; } inner;",
      "\t\tint (*fn)(void);",
      "\t} stats, *more;",
      "};",
    ].join("\n");
    expect(members(text)).toEqual({
      fields: [
        "{ sk: struct sock; { a: u16; b: u16 } }",
        "struct stats, more: { union inner: { x: int }; fn: int (fn) }",
      ],
      fieldMacros: [],
    });
  });

  test("nested bodies read from the text index as the tree reads them", async () => {
    const outer = [
      "struct outer {",
      "\tint first;",
      "\tunion {",
      "\t\tstruct sock *sk;",
      "\t\tstruct { u16 a, b; };",
      "\t\tgen_fields;",
      "\t};",
      "\tstruct {",
      "\t\tunion { int x; } inner;",
      "\t\tint (*fn)(struct outer *o);",
      "\t} stats, *more;",
      "\tint last;",
      "};",
    ].join("\n");
    const branches = [
      "struct branches {",
      "\tint first;",
      "#ifdef CONFIG_X",
      "\tunion { long l; void *p; };",
      "#endif",
      "\tint last;",
      "};",
    ].join("\n");
    // Member structs and field macros in #if branches: tree-sitter nests each branch in the one before it and
    // the tree is walked a level at a time, so conds.after_if comes before those in the branches above it.
    const conditionals = [
      "struct conds {",
      "\tint first;",
      "#ifdef CONFIG_A",
      "\tstruct { int a; } in_a;",
      "\tmacro_a;",
      "#elif defined(CONFIG_B)",
      "\tstruct { int b; } in_b;",
      "#else",
      "\tstruct { int c; } in_c;",
      "\tmacro_c;",
      "#endif",
      "\tstruct { int d; } after_if;",
      "\tmacro_d;",
      "\tunion {",
      "#if X",
      "\t\tstruct { int e; } in_union;",
      "#endif",
      "\t\tint f;",
      "\t};",
      "};",
    ].join("\n");
    for (const body of [outer, branches, conditionals]) expect(members(body), body).toBeDefined();
    const text = `${outer}\n${branches}\n${conditionals}\nstruct after { struct outer *o; };\n`;
    const parser = await testParser();
    const fromText = extractFileSymbols(parser, "test.c", text);
    const fromTree = extractFileSymbols(parser, "test.c", text, { declarationsFromText: false });
    expect(fromText.structs).toEqual(fromTree.structs);
    expect(fromText.structs.map((s) => [s.name, s.fields.map((f) => f.name), s.fieldMacros])).toEqual([
      ["outer.stats.inner", ["x"], undefined],
      ["outer.stats", ["inner", "fn"], undefined],
      ["outer", ["first", "sk", "a", "b", "stats", "more", "last"], ["gen_fields"]],
      ["branches", ["first", "l", "p", "last"], undefined],
      ["conds.after_if", ["d"], undefined],
      ["conds.in_union", ["e"], undefined],
      ["conds.in_a", ["a"], undefined],
      ["conds.in_b", ["b"], undefined],
      ["conds.in_c", ["c"], undefined],
      [
        "conds",
        ["first", "in_a", "in_b", "in_c", "after_if", "in_union", "f"],
        ["macro_d", "macro_a", "macro_c"],
      ],
      ["after", ["o"], undefined],
    ]);
  });

  test("the index takes them as the tree gave them, and the tree's where a body is not plain", async () => {
    const symbols = await symbolsOfText(
      "struct a { struct sock *sk; u32 n; };\nstruct b { int (*fn)(struct a *a); struct { int x; } a; char s[sizeof(int)]; };\n",
    );
    expect(
      symbols.structs.map((s) => [s.name, s.fields.map((f) => [f.name, f.structType ?? f.typeText])]),
    ).toEqual([
      [
        "a",
        [
          ["sk", "sock"],
          ["n", "u32"],
        ],
      ],
      ["b.a", [["x", "int"]]],
      [
        "b",
        [
          ["fn", "int"],
          ["a", "b.a"],
          ["s", "char"],
        ],
      ],
    ]);
  });
});

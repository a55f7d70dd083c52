import { describe, expect, test } from "vitest";
import { plainStructMembers } from "../src/structFields.js";
import { symbolsOfText } from "./kernelSources.js";

/** The members read from the text of the first `{ … }` in `text`, each field as "name: type". */
function members(text: string) {
  const read = plainStructMembers(text, text.indexOf("{"), text.lastIndexOf("}"));
  return (
    read && {
      fields: read.fields.map(
        (f) =>
          `${f.name}: ${f.structType ? `struct ${f.structType}` : f.typeText}${f.isFunctionPointer ? " (fn)" : ""}`,
      ),
      fieldMacros: read.fieldMacros,
    }
  );
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
      "struct { int a; } inner;",
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

  test("the index takes them as the tree gave them, and the tree's where a body is not plain", async () => {
    const symbols = await symbolsOfText(
      "struct a { struct sock *sk; u32 n; };\nstruct b { int (*fn)(struct a *a); struct { int x; } a; };\n",
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
        ],
      ],
    ]);
  });
});

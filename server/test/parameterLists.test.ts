// Parameter names read from the text (server/src/parameterLists.ts), which the index uses where the parse
// leaves a definition's parameter list out; checked against what the tree declares on net/ipv4 and net/core.
import type { Node } from "web-tree-sitter";
import { describe, expect, test } from "vitest";
import { parameterNames } from "../src/declarators.js";
import { parseInputOf, parseTree } from "../src/extract.js";
import { parameterName, parameterNamesIn } from "../src/parameterLists.js";
import { kernelFilesIn, readKernelFile, testParser } from "./kernelSources.js";

describe("parameterName", () => {
  test.each([
    ["struct sock *sk", "sk"],
    ["const struct sk_buff *skb", "skb"],
    ["unsigned long flags", "flags"],
    ["u32", ""],
    ["unsigned int", ""],
    ["void", ""],
    ["struct sock *", ""],
    ["...", ""],
    ["char __user *optval", "optval"],
    ["int unused __maybe_unused", "unused"],
    ["int x __attribute__((unused))", "x"],
    ["char name[IFNAMSIZ]", "name"],
    ["void (*destructor)(struct sock *)", "destructor"],
    ["void (* const cb)(int)", "cb"],
    ["void (*)(int)", ""],
    // net/ipv4/ip_output.c: ip_append_data takes a function type, not a pointer.
    ["int getfrag(void *from, char *to, int offset, int len, int odd, struct sk_buff *skb)", "getfrag"],
    // net/core/skbuff.c: skb_checksum_setup_ip.
    ["typeof(IPPROTO_IP) proto", "proto"],
    ["enum sock_type type /* SOCK_STREAM */", "type"],
  ])("%s → %j", (parameter, name) => {
    expect(parameterName(parameter)).toBe(name);
  });

  test("a list by position; an empty list has none", () => {
    const text = "int f(struct sock *sk, int, void (*cb)(int a, int b))";
    expect(parameterNamesIn(text, text.indexOf("("), text.length - 1)).toEqual(["sk", "", "cb"]);
    expect(parameterNamesIn("f( )", 1, 3)).toEqual([]);
  });
});

test("on net/ipv4 and net/core the text reads the names the tree declares, at every definition", async () => {
  const parser = await testParser();
  const differences: string[] = [];
  let compared = 0;
  for (const relative of kernelFilesIn(["net/ipv4", "net/core"])) {
    const text = readKernelFile(relative);
    const input = parseInputOf(text);
    const lists = input.scan.bodies.map((body) => body.parameters);
    // The tree as it was before lists and definitions were left out: the reference.
    for (const body of input.scan.bodies) delete body.parameters;
    input.definitions = [];
    const tree = parseTree(parser, input)!;
    input.scan.bodies.forEach((body, index) => {
      const list = lists[index];
      let definition: Node | null = tree.rootNode.descendantForIndex(body.open);
      while (definition && definition.type !== "function_definition") definition = definition.parent;
      if (!list || !definition || definition.endIndex !== body.close + 1) return;
      compared++;
      const fromTree = parameterNames(definition);
      const fromText = parameterNamesIn(text, list[0], list[1]);
      if (JSON.stringify(fromTree) !== JSON.stringify(fromText)) {
        const line = text.slice(0, list[0]).split("\n").length;
        differences.push(
          `${relative}:${line} tree ${JSON.stringify(fromTree)} text ${JSON.stringify(fromText)}`,
        );
      }
    });
    tree.delete();
  }
  expect(compared).toBeGreaterThan(3_500);
  expect(differences).toEqual([
    // `(__get_raw_cpu_id)`: a function BPF_CALL_0 defines; a name without a type declares nothing either way.
    'net/core/filter.c:152 tree [] text [""]',
  ]);
});

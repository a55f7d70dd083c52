// Trace event templates: the template around a position, its entry's fields (also through the file's own
// macros) and its TP_PROTO parameters as locals (server/src/traceEvents.ts, localDeclarations.ts).
import { expect, test } from "vitest";
import { localDeclaration, localReferences } from "../src/localDeclarations.js";
import { LineIndex, rangeParts } from "../src/textPositions.js";
import { entryTemplate, eventFields, traceEventAt } from "../src/traceEvents.js";
import { symbolsOfText, testParser } from "./kernelSources.js";

const text = [
  "", // 0: a text that starts with a blank line
  "#define MAC_ENTRY(entry_mac) __array(u8, entry_mac, ETH_ALEN)", // 1
  "#define WIPHY_ENTRY\t__array(char, wiphy_name, 32)", // 2
  "DECLARE_EVENT_CLASS(dev_class,", // 3
  "\t/* skb: the packet */ TP_PROTO(struct sk_buff *skb, const u8 *peer),", // 4
  "\tTP_ARGS(skb, peer),", // 5
  "\tTP_STRUCT__entry(", // 6
  "\t\tWIPHY_ENTRY", // 7
  "\t\tMAC_ENTRY(peer)", // 8
  "\t\t__field(unsigned int, len)", // 9
  "\t\t__field(u16, ids[3])", // 10
  "\t\t__string(name, skb->dev->name)", // 11
  "\t),", // 12
  "\tTP_fast_assign(", // 13
  "\t\t__entry->len = skb->len; __assign_str(name, skb->dev->name);", // 14
  "\t),", // 15
  '\tTP_printk("len=%u %s", __entry->len, __get_str(name))', // 16
  ");", // 17
  "DEFINE_EVENT_PRINT(dev_class, dev_queue,", // 18
  "\tTP_PROTO(struct sk_buff *skb, const u8 *peer),", // 19
  "\tTP_ARGS(skb, peer),", // 20
  '\tTP_printk("%u", __entry->len)', // 21
  ");", // 22
  "int len;", // 23
].join("\n");
const lines = new LineIndex(text);
const offset = (line: number, character: number) => lines.offsetAt({ line, character });

test("the template around a position, and none outside one or before any line's start", () => {
  expect(traceEventAt(text, offset(14, 20))).toMatchObject({
    macro: "DECLARE_EVENT_CLASS",
    name: "dev_class",
  });
  const event = traceEventAt(text, offset(21, 22))!;
  expect(event).toMatchObject({ macro: "DEFINE_EVENT_PRINT", name: "dev_queue", className: "dev_class" });
  expect(entryTemplate(text, event)?.name).toBe("dev_class");
  expect(traceEventAt(text, offset(23, 4))).toBeUndefined();
  expect(traceEventAt(text, offset(2, 3))).toBeUndefined();
  expect(traceEventAt(text, 0)).toBeUndefined();
});

test("an entry's fields: by its macros, an array's name, through the file's macros with their arguments", () => {
  const fields = eventFields(text, traceEventAt(text, offset(9, 3))!);
  expect(fields.map((f) => [f.name, f.text, f.type, lines.positionAt(f.nameStart)])).toEqual([
    ["wiphy_name", "__array(char, wiphy_name, 32)", "char", { line: 2, character: 34 }],
    ["peer", "__array(u8, peer, ETH_ALEN)", "u8", { line: 8, character: 12 }],
    ["len", "__field(unsigned int, len)", "unsigned int", { line: 9, character: 24 }],
    ["ids", "__field(u16, ids[3])", "u16", { line: 10, character: 15 }],
    ["name", "__string(name, skb->dev->name)", undefined, { line: 11, character: 11 }],
  ]);
});

async function lookUp(name: string, line: number, character: number, member = false) {
  const file = await symbolsOfText(text, "include/trace/events/dev.h");
  const parser = await testParser();
  const position = { line, character };
  const lookup = member ? { notLocal: "member" as const } : {};
  const declaration = localDeclaration(parser, text, file, name, position, lookup);
  const references = localReferences(parser, text, file, name, position, lookup);
  return {
    declaration: declaration && { ...declaration, range: rangeParts(declaration.range) },
    uses: references?.uses.map((range) => rangeParts(range)[0]),
  };
}

test("`__entry->len` is the entry's field, used in the class and in the events that print it", async () => {
  const expected = {
    declaration: {
      kind: "event field",
      range: [9, 24, 9, 27],
      text: "__field(unsigned int, len)",
      functionName: "dev_class",
      type: "unsigned int",
    },
    uses: [14, 16, 21],
  };
  expect(await lookUp("len", 14, 12, true)).toEqual(expected);
  expect(await lookUp("len", 21, 28, true)).toEqual(expected);
  expect(await lookUp("len", 9, 25)).toEqual(expected);
  // `skb->len` is no entry field, nor is `len` outside a template.
  expect((await lookUp("len", 14, 24, true)).declaration).toBeUndefined();
  expect((await lookUp("len", 23, 5)).declaration).toBeUndefined();
});

test("a string field is named by the helpers that take its name: __assign_str, __get_str", async () => {
  const name = await lookUp("name", 16, 49);
  expect(name.declaration).toMatchObject({
    kind: "event field",
    range: [11, 11, 11, 15],
    functionName: "dev_class",
  });
  expect(name.uses).toEqual([14, 16]);
  expect((await lookUp("name", 14, 41)).declaration?.range).toEqual(name.declaration?.range);
});

test("a TP_PROTO parameter wherever the template uses it: TP_ARGS, the entry's expressions, the assignments", async () => {
  const skb = await lookUp("skb", 14, 18);
  expect(skb.declaration).toEqual({
    kind: "parameter",
    range: [4, 48, 4, 51],
    text: "struct sk_buff *skb",
    functionName: "dev_class",
  });
  expect(skb.uses).toEqual([5, 11, 14, 14]);
  expect((await lookUp("peer", 20, 15)).declaration).toMatchObject({
    kind: "parameter",
    range: [19, 41, 19, 45],
    functionName: "trace_dev_queue",
  });
});

// The designators a #define's replacement writes beside each other (server/src/macroDesignators.ts).
import { expect, test } from "vitest";
import { designatorsBeside } from "../src/macroDesignators.js";

const text = [
  "#define PMU_PROBE(_cpuid, _mask, _fn)\t\\",
  "{\t\t\t\t\t\\",
  "\t.cpuid = (_cpuid), /* .x = 1 */\t\\",
  '\t.mask = (_mask), .name = "a.b = c",\t\\',
  "\t.init = (_fn), .in = { .inner = 1 },\t\\",
  "\t.last = LIST_HEAD_INIT((name).wait_list), \\",
  "}",
  "#define IPACK_DEVICE(_format, vend, dev) \\",
  "\t .format = (_format), \\",
  "\t .vendor = (vend)",
].join("\n");
const replacement = (head: string) => {
  const from = text.indexOf(")", text.indexOf(head)) + 1;
  const end = text.indexOf("\n#define", from);
  return [from, end < 0 ? text.length : end] as const;
};

test("the designators of the list the member is in, not those of a nested list, a comment or a string", () => {
  const [from, to] = replacement("PMU_PROBE");
  // The member's name, after its dot.
  const beside = (name: string) => designatorsBeside(text, from, to, text.indexOf(`.${name}`) + 1);
  const outer = ["cpuid", "mask", "name", "init", "in", "last"];
  expect(beside("cpuid")).toEqual(outer);
  expect(beside("init")).toEqual(outer);
  expect(beside("inner")).toEqual(["inner"]);
  // A member after `(name)` is no designator.
  expect(beside("wait_list")).toBeUndefined();
});

test("a replacement without braces: its top level", () => {
  const [from, to] = replacement("IPACK_DEVICE");
  expect(designatorsBeside(text, from, to, text.indexOf(".vendor") + 1)).toEqual(["format", "vendor"]);
});

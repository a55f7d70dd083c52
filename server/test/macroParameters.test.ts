// A function-like macro's parameters, read from its #define (server/src/macroParameters.ts).
import { expect, test } from "vitest";
import { macroParameterAt } from "../src/macroParameters.js";
import { LineIndex, rangeParts } from "../src/textPositions.js";
import { symbolsOfText } from "./kernelSources.js";

const text = [
  "#define for_queue(skb, sk) \\", // 0
  "\twalk(&(sk)->sk_queue, skb, (q)->sk, #sk) /* sk */", // 1
  "int sk;", // 2
].join("\n");

async function at(name: string, line: number, character: number) {
  const file = await symbolsOfText(text, "q.h");
  const found = macroParameterAt(file, text, new LineIndex(text), name, { line, character });
  return found && { ...found, range: rangeParts(found.range), uses: found.uses.map(rangeParts) };
}

test("a parameter is declared in the list and used wherever the replacement writes its token, also stringified or after `->`", async () => {
  const expected = {
    range: [0, 23, 0, 25],
    head: "for_queue(skb, sk)",
    macro: "for_queue",
    // `(sk)->sk_queue`, `(q)->sk` (the preprocessor replaces that token too, as container_of's `->member`)
    // and `#sk`; not the comment's word.
    uses: [
      [1, 8, 1, 10],
      [1, 33, 1, 35],
      [1, 38, 1, 40],
    ],
  };
  expect(await at("sk", 0, 24)).toEqual(expected);
  expect(await at("sk", 1, 9)).toEqual(expected);
  expect(await at("sk", 1, 34)).toEqual(expected);
  expect(await at("skb", 1, 24)).toMatchObject({ range: [0, 18, 0, 21], uses: [[1, 23, 1, 26]] });
});

test("not a parameter: a word of a comment, a name not in the list, after the #define", async () => {
  expect(await at("sk", 1, 46)).toBeUndefined();
  expect(await at("walk", 1, 2)).toBeUndefined();
  expect(await at("sk", 2, 5)).toBeUndefined();
});

test("`__VA_ARGS__` is what the list's unnamed `...` stands for; a named `args...` is the word itself", async () => {
  const variadic = [
    "#define pr_x(fmt, ...) \\",
    "\tprintk(fmt, ##__VA_ARGS__)",
    "#define pr_y(fmt, args...) f(args)",
  ].join("\n");
  const file = await symbolsOfText(variadic, "v.h");
  const lines = new LineIndex(variadic);
  const found = macroParameterAt(file, variadic, lines, "__VA_ARGS__", { line: 1, character: 16 });
  expect(found && { range: rangeParts(found.range), uses: found.uses.map(rangeParts) }).toEqual({
    range: [0, 18, 0, 21],
    uses: [[1, 15, 1, 26]],
  });
  expect(macroParameterAt(file, variadic, lines, "args", { line: 2, character: 30 })).toMatchObject({
    head: "pr_y(fmt, args...)",
  });
  expect(macroParameterAt(file, variadic, lines, "__VA_ARGS__", { line: 2, character: 2 })).toBeUndefined();
});

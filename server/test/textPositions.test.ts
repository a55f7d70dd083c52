// Offsets to positions and back (server/src/textPositions.ts), in any order of asking.
import { expect, test } from "vitest";
import { LineIndex } from "../src/textPositions.js";

test("positions of offsets asked in order, backwards and at random agree with counting newlines", () => {
  const text = "int a;\n\nstruct s {\n\tint b;\n};\n" + "x\n".repeat(200) + "last";
  const lines = new LineIndex(text);
  const counted = (offset: number) => {
    const before = text.slice(0, offset);
    return { line: before.split("\n").length - 1, character: offset - (before.lastIndexOf("\n") + 1) };
  };
  const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % offsets.length;
  for (const order of [offsets, [...offsets].reverse(), offsets.map(random)]) {
    for (const offset of order) expect(lines.positionAt(offset)).toEqual(counted(offset));
  }
  expect(lines.rangeAt(7, text.length)).toEqual([1, 0, 205, 4]);
  expect(lines.offsetAt({ line: 2, character: 99 })).toBe(text.indexOf("\n\tint b"));
});

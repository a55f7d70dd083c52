// Offsets to positions and back (server/src/textPositions.ts), in any order of asking.
import { expect, test } from "vitest";
import {
  byRangeStart,
  compactRange,
  endCharacter,
  endLine,
  LineIndex,
  rangeContains,
  rangeKey,
  rangeParts,
  sameRange,
  startCharacter,
  startLine,
  toLspRange,
} from "../src/textPositions.js";

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
  expect(rangeParts(lines.rangeAt(7, text.length))).toEqual([1, 0, 205, 4]);
  expect(lines.offsetAt({ line: 2, character: 99 })).toBe(text.indexOf("\n\tint b"));
});

test("a range packs into one number where its parts fit, and reads back the same either way", () => {
  const cases: [number, number, number, number][] = [
    [0, 0, 0, 0],
    [1, 19, 1, 21],
    [2865, 0, 2874, 1],
    [2 ** 17 - 1, 4095, 2 ** 17 - 1 + 4095, 4095], // every field at its largest
  ];
  for (const parts of cases) {
    const range = compactRange(...parts);
    expect(typeof range, parts.join(",")).toBe("number");
    expect(rangeParts(range)).toEqual(parts);
    expect([startLine(range), startCharacter(range), endLine(range), endCharacter(range)]).toEqual(parts);
  }
  // Past a field's bits (a 5,000-character line, a 4,096-line function, line 131,072), the parts are kept.
  const unpacked: [number, number, number, number][] = [
    [3, 5000, 3, 5004],
    [3, 0, 3 + 4096, 1],
    [2 ** 17, 0, 2 ** 17, 1],
    [3, 4, 3, 4096],
  ];
  for (const parts of unpacked) expect(compactRange(...parts)).toEqual(parts);
});

test("ranges compare, contain and key the same in either form", () => {
  const packed = compactRange(4, 2, 6, 1);
  const parts = [4, 2, 6, 1] as const;
  expect(sameRange(packed, parts)).toBe(true);
  expect(sameRange(packed, compactRange(4, 2, 6, 2))).toBe(false);
  expect(rangeKey(packed)).toBe(rangeKey(parts));
  expect(toLspRange(packed)).toEqual({ start: { line: 4, character: 2 }, end: { line: 6, character: 1 } });
  for (const range of [packed, parts]) {
    expect(rangeContains(range, { line: 5, character: 99 })).toBe(true);
    expect(rangeContains(range, { line: 4, character: 1 })).toBe(false);
    expect(rangeContains(range, { line: 6, character: 2 })).toBe(false);
  }
  // By start: line, then character; the end does not order.
  const sorted = [compactRange(3, 9, 3, 10), compactRange(3, 2, 8, 0), [1, 0, 1, 1] as const].sort(
    byRangeStart,
  );
  expect(sorted.map(rangeParts)).toEqual([
    [1, 0, 1, 1],
    [3, 2, 8, 0],
    [3, 9, 3, 10],
  ]);
});

// The parser wrapper (server/src/parser.ts): left-out spans, handed to tree-sitter in pieces.
import { Parser } from "web-tree-sitter";
import { expect, test } from "vitest";
import { LineIndex } from "../src/textPositions.js";
import { readKernelFile, testParser } from "./kernelSources.js";

test("a parse with spans left out is tree-sitter's own on the whole string with those ranges, node text whole", async () => {
  const parser = await testParser();
  const text = readKernelFile("net/ipv4/tcp_input.c");
  const lines = new LineIndex(text);
  // Every function body's inside and every comment: thousands of ranges, many beyond one 5,120-character piece.
  const spans: [number, number][] = [];
  for (const match of text.matchAll(/\/\*[\s\S]*?\*\/|\n\{[\s\S]*?\n\}/g)) {
    const start = match[0].startsWith("\n") ? match.index + 2 : match.index;
    const end = match[0].startsWith("\n") ? match.index + match[0].length - 1 : match.index + match[0].length;
    if (spans.length === 0 || start >= spans.at(-1)![1]) spans.push([start, end]);
  }
  expect(spans.length).toBeGreaterThan(250);
  const tree = parser.parse(text, undefined, { spans, lines })!;

  const reference = new Parser();
  reference.setLanguage(parser.language);
  const point = (offset: number) => {
    const { line, character } = lines.positionAt(offset);
    return { row: line, column: character };
  };
  const includedRanges = [];
  let start = 0;
  for (const [spanStart, spanEnd] of [...spans, [text.length, text.length] as [number, number]]) {
    if (spanStart > start || spanStart === text.length)
      includedRanges.push({
        startIndex: start,
        endIndex: spanStart,
        startPosition: point(start),
        endPosition: point(spanStart),
      });
    start = spanEnd;
  }
  const expected = reference.parse(text, null, { includedRanges })!;
  expect(tree.rootNode.toString()).toBe(expected.rootNode.toString());
  // Text of a node read after the parse comes from the whole string, left-out spans included.
  const definition = tree.rootNode.namedChildren.find((node) => node?.type === "function_definition")!;
  expect(definition.text).toBe(text.slice(definition.startIndex, definition.endIndex));
  expect(tree.rootNode.text).toBe(text.slice(tree.rootNode.startIndex, tree.rootNode.endIndex));
  tree.delete();
  expected.delete();
  reference.delete();
});

import { describe, expect, test } from "vitest";
import {
  commentAndLiteralSpans,
  endOfCommentOrLiteral,
  lexicalContextAt,
} from "../src/commentsAndLiterals.js";

/** The text of what starts at `needle` in `text`. */
const skipped = (text: string, needle: string) => {
  const start = text.indexOf(needle);
  const end = endOfCommentOrLiteral(text, start);
  return end === undefined ? undefined : text.slice(start, end);
};

describe("where a comment or literal ends", () => {
  test("comments: a block through */, a line up to its newline, an open block to the end", () => {
    expect(skipped("a /* b */ c", "/*")).toBe("/* b */");
    expect(skipped("a // b\nc", "//")).toBe("// b");
    expect(skipped("a // b", "//")).toBe("// b");
    expect(skipped("a /* b", "/*")).toBe("/* b");
    expect(skipped("a / b", "/")).toBeUndefined();
    expect(skipped("x", "x")).toBeUndefined();
  });

  test("literals: escapes, a quote of the other kind, a backslash-newline, one left open on its line", () => {
    expect(skipped(String.raw`f("a\"b", c)`, '"')).toBe(String.raw`"a\"b"`);
    expect(skipped(`c == '"' || d`, "'")).toBe(`'"'`);
    expect(skipped(String.raw`'\\' x`, "'")).toBe(String.raw`'\\'`);
    expect(skipped('"one \\\ntwo" x', '"')).toBe('"one \\\ntwo"');
    expect(skipped('"open\nnext"', '"')).toBe('"open\n');
    expect(skipped('x = "end', '"')).toBe('"end');
  });

  test("spans of a snippet, in order; code between them is not covered", () => {
    const text = [
      "/* head */",
      'static const char *s = "/* not a comment */"; // tail',
      "int d = a / b; char q = '\\'';",
    ].join("\n");
    expect(commentAndLiteralSpans(text).map(([a, b]) => text.slice(a, b))).toEqual([
      "/* head */",
      '"/* not a comment */"',
      "// tail",
      "'\\''",
    ]);
  });

  test("what a word is part of: code, a comment begun lines before, a string, a line comment", () => {
    const text = [
      "/* head",
      ' * "quoted, left open and a word',
      " * still */ code_after = 1;",
      'char *s = "/* not */ in"; x = y; // tail word',
      "a = b / c; /* one */ d;",
    ].join("\n");
    const of = (word: string, after = "") => lexicalContextAt(text, text.indexOf(word, text.indexOf(after)));
    expect(of("head")).toBe("comment");
    expect(of("word")).toBe("comment");
    expect(of("still")).toBe("comment");
    expect(of("code_after")).toBe("code");
    expect(of("not")).toBe("string");
    expect(of("in", "not */")).toBe("string");
    expect(of("y;")).toBe("code");
    expect(of("word", "tail")).toBe("comment");
    expect(of("c;")).toBe("code");
    expect(of("one")).toBe("comment");
    expect(of("d;")).toBe("code");
  });
});

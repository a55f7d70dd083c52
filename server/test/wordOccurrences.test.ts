// Whole-word occurrences in code: comments, strings and longer names are left out.
import { describe, expect, test } from "vitest";
import { wordOccurrences, wordStartsInCode, type FileOccurrences } from "../src/wordOccurrences.js";

describe("wordStartsInCode", () => {
  test("whole words outside comments, strings and character literals", () => {
    const text =
      '/* qlen here */ x = q->qlen + qlen_max; // qlen\nprintk("qlen %d", qlen);\nc = \'"\'; y = qlen;\n';
    expect(wordStartsInCode(text, "qlen")).toEqual([
      text.indexOf("q->qlen") + 3,
      text.indexOf(", qlen)") + 2,
      text.indexOf("y = qlen") + 4,
    ]);
  });

  test("an unterminated comment runs to the end", () => {
    expect(wordStartsInCode("a; /* a", "a")).toEqual([0]);
  });
});

describe("wordOccurrences", () => {
  test("reads bytes or an editor's text, and keeps files that have the name", async () => {
    const files: Record<string, string | Buffer> = {
      "a.c": Buffer.from("int tcp_hashinfo;\n"),
      "b.c": "/* tcp_hashinfo */\n",
      "c.c": "f(&tcp_hashinfo);\n",
    };
    const found: FileOccurrences[] = [];
    await wordOccurrences(
      Object.keys(files),
      "tcp_hashinfo",
      (path) => files[path],
      (file) => found.push(file),
    );
    expect(found.map((f) => [f.path, f.starts])).toEqual([
      ["a.c", [4]],
      ["c.c", [3]],
    ]);
  });
});

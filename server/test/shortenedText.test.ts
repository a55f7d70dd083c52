// A long text shown in a hover, cut the same way everywhere (server/src/shortenedText.ts).
import { describe, expect, it } from "vitest";
import { shortened } from "../src/shortenedText.js";

describe("shortened", () => {
  it("keeps a text of at most the length, cuts a longer one and marks the cut", () => {
    expect(shortened("abc", 3)).toBe("abc");
    expect(shortened("abcd", 3)).toBe("abc…");
    expect(shortened("", 0)).toBe("");
  });
});

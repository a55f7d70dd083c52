// Directive lines (server/src/preprocessorLines.ts): where each starts and ends.
import { expect, test } from "vitest";
import { directiveRanges } from "../src/preprocessorLines.js";

test("a directive is a line whose first code is #, continuation lines and a comment opened on it included", () => {
  const text =
    "#include <a.h>\n  \t# define X(a) \\\n\tf(a)\nint x = a # b;\n#if A /* open\n   still */\nint y;\r#endif\n#";
  expect(directiveRanges(text).map(([start, end]) => text.slice(start, end))).toEqual([
    "#include <a.h>",
    "  \t# define X(a) \\\n\tf(a)",
    "#if A /* open\n   still */",
    // A carriage return starts a line too (as a multiline `^` reads it).
    "#endif",
    "#",
  ]);
});

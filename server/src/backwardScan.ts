// Reading C text backwards from a position, as the member and designator readers do: over white space,
// comments and directive lines, to the identifier before, to the bracket that opens a closed one.
import { isIdentifierPart } from "./kernelMacros.js";

/** Back over white space, comments and directive lines: a comment after an array's element, the
 * `#ifdef CONFIG_NET` lines that sit between its elements. */
export function skipBlankBack(text: string, at: number): number {
  for (;;) {
    at = skipSpaceBack(text, at);
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    if (/^[ \t]*#/.test(text.slice(lineStart, at))) at = lineStart;
    else if (text.startsWith("*/", at - 2)) {
      const open = text.lastIndexOf("/*", at - 3);
      if (open < 0) return at;
      at = open;
    } else return at;
  }
}

export function skipSpaceBack(text: string, at: number): number {
  while (at > 0 && /\s/.test(text[at - 1]!)) at--;
  return at;
}

export function identifierBefore(text: string, end: number): { name: string; start: number } | undefined {
  let start = end;
  while (start > 0 && isIdentifierPart(text[start - 1]!)) start--;
  if (start === end || /[0-9]/.test(text[start]!)) return undefined;
  return { name: text.slice(start, end), start };
}

/** The `open` bracket matching the `close` at `at`, scanning back on the same few lines. */
export function matchingOpen(text: string, at: number, open: string, close: string): number | undefined {
  let depth = 0;
  for (let i = at; i >= Math.max(0, at - 2_000); i--) {
    if (text[i] === close) depth++;
    else if (text[i] === open && --depth === 0) return i;
  }
  return undefined;
}

/** Back over the subscripts ending at `end` (`tbl[i][j]`), which do not change the type a chain walks;
 * undefined when one does not open on the lines before. */
export function beforeSubscripts(text: string, end: number): number | undefined {
  let at = end;
  while (text[at - 1] === "]") {
    const open = matchingOpen(text, at - 1, "[", "]");
    if (open === undefined) return undefined;
    at = skipSpaceBack(text, open);
  }
  return at;
}

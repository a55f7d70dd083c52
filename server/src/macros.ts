// #define'd names, object-like and function-like, read from the directive lines the text scan found
// (textScan.ts): a directive is a line, so the text says what it defines, also where tree-sitter could
// not (inside an enum body, include/uapi/linux/in.h: `IPPROTO_TCP = 6,` then `#define IPPROTO_TCP
// IPPROTO_TCP`, or in a region its error recovery swallowed).
import type { MacroSymbol } from "./fileSymbols.js";
import { collapse } from "./functionHeads.js";
import { withoutComments } from "./declarationText.js";
import type { DefineLine } from "./textScan.js";
import { rangeEnd, type LineIndex } from "./textPositions.js";
import { shortened } from "./shortenedText.js";

const MAX_VALUE_LENGTH = 80;

const DEFINE_HEAD = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/;

/** The macro each `#define` directive defines. */
export function macrosOfDirectives(
  text: string,
  lines: LineIndex,
  defines: readonly DefineLine[],
): MacroSymbol[] {
  const macros: MacroSymbol[] = [];
  for (const { start, end } of defines) {
    const head = defineHead(text, start, end);
    if (!head) continue;
    const { name, nameStart, valueStart } = head;
    const hash = text.indexOf("#", start);
    const value = collapse(withoutComments(text.slice(valueStart, end).replace(/\\\r?\n/g, " ")));
    const symbol: MacroSymbol = {
      name,
      range: lines.rangeAt(hash, Math.min(text.length, end + 1)),
      selectionRange: lines.rangeAt(nameStart, nameStart + name.length),
      value: shortened(value, MAX_VALUE_LENGTH),
    };
    if (head.parameters !== undefined) symbol.parameters = head.parameters;
    macros.push(symbol);
  }
  return macros;
}

function defineHead(text: string, start: number, end: number) {
  const head = DEFINE_HEAD.exec(text.slice(start, Math.min(end, start + 512)));
  if (!head) return undefined;
  const name = head[1]!;
  const nameStart = start + head[0].length - name.length;
  let valueStart = nameStart + name.length;
  let parameters: string | undefined;
  if (text[valueStart] === "(") {
    const close = text.indexOf(")", valueStart);
    if (close < 0 || close > end) return undefined;
    parameters = text.slice(valueStart, close + 1);
    valueStart = close + 1;
  }
  return { name, nameStart, valueStart, parameters };
}

/** Where a `#define`'s replacement is, as offsets into the file's text: after the name and its parameter
 * list, to the end of its last continued line. */
export function replacementOf(
  macro: MacroSymbol,
  text: string,
  lines: LineIndex,
): { start: number; end: number } {
  const start = lines.offsetAt(rangeEnd(macro.selectionRange)) + (macro.parameters?.length ?? 0);
  return { start, end: Math.max(start, Math.min(text.length, lines.offsetAt(rangeEnd(macro.range)))) };
}

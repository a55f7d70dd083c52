// #define'd names, object-like and function-like.
import type { QueryMatch, Tree } from "web-tree-sitter";
import type { MacroSymbol } from "./fileSymbols.js";
import { collapse } from "./functionHeads.js";
import { directiveEnd } from "./preprocessorLines.js";
import type { LineIndex } from "./textPositions.js";

const MAX_VALUE_LENGTH = 80;

/** What stands between the start of a `#define` directive and the name it defines. */
const DIRECTIVE_HEAD = /^#[ \t]*define[ \t]+$/;

export function extractMacros(matches: QueryMatch[], text: string, lines: LineIndex): MacroSymbol[] {
  const macros: MacroSymbol[] = [];
  for (const match of matches) {
    const macro = match.captures.find((c) => c.name === "macro")?.node;
    const name = match.captures.find((c) => c.name === "macro.name")?.node;
    const parameters = match.captures.find((c) => c.name === "macro.parameters")?.node;
    // A continuation line the grammar misreads can make it name the macro `if`: then the text says.
    if (!macro || !name || !DIRECTIVE_HEAD.test(text.slice(macro.startIndex, name.startIndex))) continue;
    const value = collapse(macro.childForFieldName("value")?.text.replace(/\\\n/g, " ") ?? "");
    const symbol: MacroSymbol = {
      name: name.text,
      range: lines.rangeAt(macro.startIndex, macro.endIndex),
      selectionRange: lines.rangeAt(name.startIndex, name.endIndex),
      value: value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value,
    };
    if (parameters) symbol.parameters = parameters.text;
    macros.push(symbol);
  }
  return macros;
}

const DEFINE_LINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm;

/**
 * The `#define` lines tree-sitter made no preproc_def of: inside an enum body (include/uapi/linux/in.h:
 * `IPPROTO_TCP = 6,` then `#define IPPROTO_TCP IPPROTO_TCP`), or in a region its error recovery
 * swallowed. A directive is a line, so the text says what it defines; lines inside comments are skipped.
 */
export function recoverMacroDirectives(
  text: string,
  lines: LineIndex,
  tree: Tree,
  found: readonly MacroSymbol[],
): MacroSymbol[] {
  const startLines = new Set(found.map((macro) => macro.range[0]));
  const recovered: MacroSymbol[] = [];
  DEFINE_LINE.lastIndex = 0;
  for (let match = DEFINE_LINE.exec(text); match; match = DEFINE_LINE.exec(text)) {
    const hash = text.indexOf("#", match.index);
    const line = lines.positionAt(hash).line;
    if (startLines.has(line)) continue;
    if (tree.rootNode.descendantForIndex(hash)?.type === "comment") continue;
    const name = match[1]!;
    const nameStart = match.index + match[0].length - name.length;
    const end = directiveEnd(text, hash);
    let valueStart = nameStart + name.length;
    let parameters: string | undefined;
    if (text[valueStart] === "(") {
      const close = text.indexOf(")", valueStart);
      if (close < 0 || close > end) continue;
      parameters = text.slice(valueStart, close + 1);
      valueStart = close + 1;
    }
    const value = collapse(text.slice(valueStart, end).replace(/\\\r?\n/g, " "));
    const symbol: MacroSymbol = {
      name,
      range: lines.rangeAt(hash, Math.min(text.length, end + 1)),
      selectionRange: lines.rangeAt(nameStart, nameStart + name.length),
      value: value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value,
    };
    if (parameters !== undefined) symbol.parameters = parameters;
    recovered.push(symbol);
    startLines.add(line);
  }
  return recovered;
}

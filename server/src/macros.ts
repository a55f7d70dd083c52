// #define'd names, object-like and function-like.
import type { QueryMatch } from "web-tree-sitter";
import type { MacroSymbol } from "./fileSymbols.js";
import { collapse } from "./functionHeads.js";
import type { LineIndex } from "./textPositions.js";

const MAX_VALUE_LENGTH = 80;

export function extractMacros(matches: QueryMatch[], lines: LineIndex): MacroSymbol[] {
  const macros: MacroSymbol[] = [];
  for (const match of matches) {
    const macro = match.captures.find((c) => c.name === "macro")?.node;
    const name = match.captures.find((c) => c.name === "macro.name")?.node;
    const parameters = match.captures.find((c) => c.name === "macro.parameters")?.node;
    if (!macro || !name) continue;
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

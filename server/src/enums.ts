// Enums and their enumerators: include/net/tcp_states.h's `TCP_ESTABLISHED = 1, TCP_SYN_SENT, …` and
// include/uapi/linux/snmp.h's LINUX_MIB_LISTENOVERFLOWS are constants a reader of net/ipv4 meets on every
// page. An implicit value is the one before plus 1; after an #if inside the list the values depend on the
// configuration, so they are left unknown until the next explicit integer.
import type { Node, QueryMatch } from "web-tree-sitter";
import type { EnumSymbol, EnumeratorSymbol } from "./fileSymbols.js";
import { collapse } from "./functionHeads.js";
import type { LineIndex } from "./textPositions.js";

const MAX_VALUE_LENGTH = 60;
const CONDITIONALS = new Set([
  "preproc_if",
  "preproc_ifdef",
  "preproc_else",
  "preproc_elif",
  "preproc_elifdef",
]);

export function extractEnums(matches: QueryMatch[], lines: LineIndex): EnumSymbol[] {
  const enums: EnumSymbol[] = [];
  for (const match of matches) {
    const node = match.captures.find((c) => c.name === "enum")?.node;
    const body = match.captures.find((c) => c.name === "enum.body")?.node;
    if (!node || !body) continue;
    const tag = node.childForFieldName("name");
    const typedef =
      node.parent?.type === "type_definition" ? node.parent.childForFieldName("declarator") : null;
    const named = tag ?? (typedef?.type === "type_identifier" ? typedef : null);
    // An anonymous enum is selected at its `enum` keyword.
    const selected = named ?? node.child(0) ?? node;
    const whole = !tag && named ? node.parent! : node;
    const symbol: EnumSymbol = {
      range: lines.rangeAt(whole.startIndex, whole.endIndex),
      selectionRange: lines.rangeAt(selected.startIndex, selected.endIndex),
      enumerators: enumeratorsOf(body, lines),
    };
    if (named) symbol.name = named.text;
    enums.push(symbol);
  }
  return enums;
}

function enumeratorsOf(list: Node, lines: LineIndex): EnumeratorSymbol[] {
  const enumerators: EnumeratorSymbol[] = [];
  let next: number | undefined = 0;
  const visit = (parent: Node, conditional: boolean) => {
    for (const child of parent.namedChildren) {
      if (!child) continue;
      if (CONDITIONALS.has(child.type)) {
        visit(child, true);
        next = undefined;
        continue;
      }
      if (child.type !== "enumerator") continue;
      const name = child.childForFieldName("name");
      if (!name) continue;
      const symbol: EnumeratorSymbol = {
        name: name.text,
        range: lines.rangeAt(name.startIndex, name.endIndex),
      };
      const value = child.childForFieldName("value");
      if (value) {
        // `TCP_CA_Loss = 4` before a `#define` line and the closing brace: the grammar's value runs on.
        const written = collapse(value.text.split(/\n\s*#/)[0]!);
        symbol.value = written.length > MAX_VALUE_LENGTH ? `${written.slice(0, MAX_VALUE_LENGTH)}…` : written;
        next = integerValue(written);
      }
      if (next !== undefined && !conditional) symbol.number = next;
      next = next === undefined || conditional ? undefined : next + 1;
      enumerators.push(symbol);
    }
  };
  visit(list, false);
  return enumerators;
}

/** A plain integer literal (decimal, hex, octal; u/l suffixes), negated or not; else undefined. */
function integerValue(written: string): number | undefined {
  const literal = /^(-?)\s*(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[uUlL]*$/.exec(written);
  if (!literal) return undefined;
  const digits = literal[2]!;
  const magnitude = /^0[xX]/.test(digits)
    ? Number.parseInt(digits.slice(2), 16)
    : digits.startsWith("0")
      ? Number.parseInt(digits, 8)
      : Number(digits);
  return literal[1] === "-" ? -magnitude : magnitude;
}

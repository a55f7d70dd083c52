// Attribute tables the sysfs macros fill (kernelMacros.ts: SYSFS_ATTRIBUTE_MACROS): in net/core/net-sysfs.c,
// `static struct rx_queue_attribute rps_cpus_attribute = __ATTR(rps_cpus, …, show_rps_map, store_rps_map);`
// stores show_rps_map in .show, so `attribute->show(queue, attribute, buf)` in rx_queue_attr_show reaches it;
// `static DEVICE_ATTR_RO(speed);` stores speed_show in dev_attr_speed's .show. Read from the text at file
// scope, as the grammar sees a call where the macro writes a brace list.
import { skipSpaceBack } from "./backwardScan.js";
import type { OpsEntry } from "./fileSymbols.js";
import { spanAround } from "./opsTables.js";
import { parseVariableHead } from "./functionHeads.js";
import { DECLARING_MACROS, SYSFS_ATTRIBUTE_MACROS, type AttributeFunctions } from "./kernelMacros.js";
import { closingParen, topLevelArguments } from "./macroArguments.js";
import { declarationStart } from "./declarationText.js";
import { directiveTest, type Directives } from "./preprocessorLines.js";
import type { FunctionBody } from "./textScan.js";
import type { LineIndex } from "./textPositions.js";

const ATTRIBUTE_CALL = /\b(__ATTR\w*|DEVICE_ATTR\w*)\s*\(/g;

/** The .show and .store entries of each attribute macro written at file scope, outside comments and
 * directives; an argument NULL stores nothing. */
export function attributeTableEntries(
  text: string,
  bodies: readonly FunctionBody[],
  comments: readonly (readonly [number, number])[],
  directives: Directives,
  lines: LineIndex,
): OpsEntry[] {
  if (!text.includes("_ATTR")) return [];
  const entries: OpsEntry[] = [];
  const inDirective = directiveTest(directives);
  ATTRIBUTE_CALL.lastIndex = 0;
  for (let match; (match = ATTRIBUTE_CALL.exec(text));) {
    const macro = match[1]!;
    const functions = SYSFS_ATTRIBUTE_MACROS.get(macro);
    if (!functions || inDirective(match.index)) continue;
    if (spanAround(comments, match.index, (c) => c)) continue;
    if (spanAround(bodies, match.index, (b) => [b.open, b.close])) continue;
    const open = match.index + match[0].length - 1;
    const close = closingParen(text, open);
    if (close === undefined) continue;
    const args = topLevelArguments(text, open, close);
    const table = tableOf(text, match.index, macro, args[0] && text.slice(...args[0]));
    if (!table) continue;
    const written = args.map((range) => text.slice(...range));
    for (const { field, target, argument } of stored(functions, written)) {
      const [start, end] = args[argument]!;
      entries.push({ ...table, field, target, range: lines.rangeAt(start, end) });
    }
  }
  return entries;
}

/** A stored function: the field, the function, and the argument it is written in. */
interface StoredFunction {
  field: string;
  target: string;
  argument: number;
}

/** What a call of a macro that declares its own attribute stores, from the call's text as a generator's
 * expansion writes it: `DEVICE_ATTR_RO(rx_packets)` stores rx_packets_show in dev_attr_rx_packets.show. */
export function storedByAttributeDeclaration(
  call: string,
): (Pick<OpsEntry, "structType" | "table"> & StoredFunction)[] {
  const name = /^(\w+)\s*\(/.exec(call);
  const functions = name && SYSFS_ATTRIBUTE_MACROS.get(name[1]!);
  const declaring = name && DECLARING_MACROS.get(name[1]!);
  const close = name ? closingParen(call, name[0].length - 1) : undefined;
  if (!functions || !declaring?.structType || close === undefined) return [];
  const written = topLevelArguments(call, name![0].length - 1, close).map((range) => call.slice(...range));
  if (!written[0]) return [];
  const table = { structType: declaring.structType, table: (declaring.namePrefix ?? "") + written[0] };
  return stored(functions, written).map((s) => ({ ...table, ...s }));
}

/** The functions a macro's arguments store; an argument NULL stores nothing. */
function stored(functions: AttributeFunctions, written: string[]): StoredFunction[] {
  return storedFunctions(functions).flatMap(({ field, argument, suffix }) => {
    const target = written[argument] === undefined ? "" : written[argument] + suffix;
    return /^[A-Za-z_]\w*$/.test(target) && target !== "NULL" ? [{ field, target, argument }] : [];
  });
}

/** The variable the macro initializes and its struct: the one it declares itself (DEVICE_ATTR), or the one
 * declared before its `=`. */
function tableOf(
  text: string,
  at: number,
  macro: string,
  name: string | undefined,
): { structType: string; table: string } | undefined {
  const declaring = DECLARING_MACROS.get(macro);
  if (declaring?.structType && name) {
    return { structType: declaring.structType, table: (declaring.namePrefix ?? "") + name };
  }
  const equals = skipSpaceBack(text, at);
  if (text[equals - 1] !== "=") return undefined;
  const head = parseVariableHead(text.slice(declarationStart(text, equals - 1), equals - 1));
  return head?.structType && !head.isArray ? { structType: head.structType, table: head.name } : undefined;
}

function storedFunctions(
  functions: AttributeFunctions,
): { field: string; argument: number; suffix: string }[] {
  switch (functions) {
    case "arguments":
      return [
        { field: "show", argument: 2, suffix: "" },
        { field: "store", argument: 3, suffix: "" },
      ];
    case "read-only":
      return [{ field: "show", argument: 0, suffix: "_show" }];
    case "write-only":
      return [{ field: "store", argument: 0, suffix: "_store" }];
    case "read-write":
      return [
        { field: "show", argument: 0, suffix: "_show" },
        { field: "store", argument: 0, suffix: "_store" },
      ];
  }
}

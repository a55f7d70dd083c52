// Tracepoints: `TRACE_EVENT(kfree_skb, TP_PROTO(struct sk_buff *skb, void *location), …)` is where
// trace_kfree_skb() and its register/unregister helpers are defined (include/linux/tracepoint.h:
// __DECLARE_TRACE pastes `trace_##name` and the rest), so calls such as trace_kfree_skb(skb, location)
// in net/core/skbuff.c go to definition, hover and call hierarchy like any function.
import type { FunctionSymbol } from "./fileSymbols.js";
import { collapse } from "./functionHeads.js";
import { closingParen, topLevelArguments } from "./macroArguments.js";
import { directivesOf, directiveTest, rangeTest, type Directives } from "./preprocessorLines.js";
import type { LineIndex } from "./textPositions.js";

/** Macros that declare a tracepoint, and which argument names it (DEFINE_EVENT's first is the class). */
export const TRACEPOINT_MACROS: ReadonlyMap<string, number> = new Map([
  ["TRACE_EVENT", 0],
  ["TRACE_EVENT_FN", 0],
  ["TRACE_EVENT_FN_COND", 0],
  ["TRACE_EVENT_CONDITION", 0],
  ["DECLARE_TRACE", 0],
  ["DECLARE_TRACE_NOARGS", 0],
  ["DECLARE_TRACE_CONDITION", 0],
  ["DEFINE_EVENT", 1],
  ["DEFINE_EVENT_FN", 1],
  ["DEFINE_EVENT_PRINT", 1],
  ["DEFINE_EVENT_CONDITION", 1],
]);

/** Macros whose arguments are a tracepoint's template, text no C parser can read (`TP_fast_assign(
 * __entry->len = skb->len;)`): the index scans them for calls like a body instead of parsing them. */
export const TRACEPOINT_TEMPLATE_MACROS: ReadonlySet<string> = new Set([
  ...TRACEPOINT_MACROS.keys(),
  "DECLARE_EVENT_CLASS",
]);

const INVOCATION = /^[ \t]*([A-Z_]+)\(/gm;

/** Every tracepoint macro's name holds one of these; one search for all three takes half the time of three. */
const TRACEPOINT_NAME_PART = /TRACE_EVENT|DECLARE_TRACE|DEFINE_EVENT/;

/** The other functions __DECLARE_TRACE defines for a tracepoint `name`. */
function tracepointAliases(name: string): string[] {
  return [
    `trace_${name}_rcuidle`,
    `trace_${name}_enabled`,
    `register_trace_${name}`,
    `register_trace_prio_${name}`,
    `unregister_trace_${name}`,
    `check_trace_callback_type_${name}`,
  ];
}

/** One function symbol `trace_<name>` per tracepoint declared at file scope (not in a #define or a
 * comment: `comments` are their [start, end), in order). */
export function extractTracepoints(
  text: string,
  lines: LineIndex,
  comments: readonly (readonly [number, number])[],
  directives: Directives = directivesOf(text),
): FunctionSymbol[] {
  const tracepoints: FunctionSymbol[] = [];
  // 103 of net/ + include/'s 5,823 files name one; the others need no scan.
  if (!TRACEPOINT_NAME_PART.test(text)) return tracepoints;
  const inDirective = directiveTest(directives);
  const inComment = rangeTest(comments);
  INVOCATION.lastIndex = 0;
  for (let match = INVOCATION.exec(text); match; match = INVOCATION.exec(text)) {
    const macro = match[1]!;
    const nameArgument = TRACEPOINT_MACROS.get(macro);
    if (nameArgument === undefined) continue;
    const start = match.index + match[0].length - macro.length - 1;
    if (inDirective(start)) continue;
    if (inComment(start)) continue;
    const open = start + macro.length;
    const close = closingParen(text, open);
    if (close === undefined) continue;
    const args = topLevelArguments(text, open, close);
    const name = args[nameArgument];
    // Pasted after `trace_`, so a leading digit is fine (net/mac802154/trace.h: 802154_drv_start).
    if (!name || !/^\w+$/.test(text.slice(name[0], name[1]))) continue;
    const eventName = text.slice(name[0], name[1]);
    const proto = args.map(([from, to]) => text.slice(from, to)).find((arg) => arg.startsWith("TP_PROTO("));
    const parameters = proto ? collapse(proto.slice("TP_PROTO(".length, -1)) : "void";
    tracepoints.push({
      name: `trace_${eventName}`,
      aliases: tracepointAliases(eventName),
      isDefinition: true,
      range: lines.rangeAt(start, close + 1),
      selectionRange: lines.rangeAt(name[0], name[1]),
      signature: `void trace_${eventName}(${parameters})`,
    });
  }
  return tracepoints;
}

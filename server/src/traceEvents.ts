// Trace event templates (include/trace/events/*.h, net/*/trace.h): inside
// `TRACE_EVENT(sock_rcvqueue_full, TP_PROTO(struct sock *sk, …), TP_ARGS(…), TP_STRUCT__entry(
// __field(int, rmem_alloc) …), TP_fast_assign(__entry->rmem_alloc = atomic_read(&sk->sk_rmem_alloc); …),
// TP_printk(…))` a TP_PROTO parameter is the tracepoint's parameter wherever the template uses it, and
// `__entry->rmem_alloc` is the field the event's entry declares (include/trace/trace_events.h makes the
// entry `struct trace_event_raw_<name>`; a DEFINE_EVENT's entry is its DECLARE_EVENT_CLASS's).
import { lexicalContextAt, endOfCommentOrLiteral } from "./commentsAndLiterals.js";
import type { FileSymbols } from "./fileSymbols.js";
import { collapse, skipNonCode } from "./functionHeads.js";
import { isIdentifierPart, isIdentifierStart } from "./kernelMacros.js";
import { closingParen, topLevelArguments } from "./macroArguments.js";
import { parameterNames } from "./macroParameters.js";
import { TRACEPOINT_MACROS, TRACEPOINT_TEMPLATE_MACROS } from "./tracepoints.js";

/** One `TP_…(…)` argument of a template: its macro's name and parentheses, and what it is: the parameters
 * (TP_PROTO), the entry (TP_STRUCT__entry, or a subsystem's wrapper of it such as btrfs's
 * TP_STRUCT__entry_btrfs), the assignments (TP_fast_assign…) or another use of the parameters. */
export interface TemplatePart {
  macro: string;
  role: "proto" | "entry" | "assign" | "other";
  start: number;
  open: number;
  close: number;
}

export interface TraceEvent {
  macro: string;
  /** The event's name, or the class's (DECLARE_EVENT_CLASS). */
  name: string;
  /** The class a DEFINE_EVENT (and its variants) takes its entry and assignments from. */
  className?: string;
  /** Where the macro's name starts, and one past its `)`. */
  start: number;
  end: number;
  /** Where its first argument starts: the event's name, or the class (DEFINE_EVENT, DECLARE_EVENT_CLASS). */
  firstArgument: number;
  parts: TemplatePart[];
}

/** An event field: `__field(int, rmem_alloc)` declares rmem_alloc. */
export interface EventField {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** The declaring macro call as written, whitespace collapsed. */
  text: string;
  /** The field's C type as the entry struct has it, when the macro gives one. */
  type?: string;
}

/** include/trace/trace_events.h's entry macros: which argument names the field, which is its type, and
 * which (`expression`) is evaluated when the event fires (a length, the string copied), so may use the
 * parameters. */
const ENTRY_DECLARERS: ReadonlyMap<string, { name: number; type?: number; expression?: number }> = new Map([
  ["__field", { name: 1, type: 0 }],
  ["__field_ext", { name: 1, type: 0 }],
  ["__field_struct", { name: 1, type: 0 }],
  ["__field_struct_ext", { name: 1, type: 0 }],
  ["__array", { name: 1, type: 0 }],
  ["__dynamic_array", { name: 1, expression: 2 }],
  ["__string", { name: 0, expression: 1 }],
  ["__bitmask", { name: 0, expression: 1 }],
]);

/** Templates span tens of lines; the search for the one around a position looks back no further. */
const MAX_LOOKBACK = 40_000;

const INVOCATION = /^[ \t]*([A-Z_]+)\(/;

/** A template's macro at the start of a line. */
const ANY_TEMPLATE = /^[ \t]*(TRACE_EVENT|DECLARE_EVENT_CLASS|DEFINE_EVENT|DECLARE_TRACE)\w*\(/m;

const holdsTemplates = new WeakMap<FileSymbols, boolean>();

/** Whether the file invokes a trace event template anywhere (asked once per file's symbols): a request
 * elsewhere looks for none. Its tracepoints may all come from macros of its own (include/trace/events/
 * fs_dax.h), so the text is searched. */
export function mayHoldTraceEvents(file: FileSymbols, text: string): boolean {
  let holds = holdsTemplates.get(file);
  if (holds === undefined) {
    holds = ANY_TEMPLATE.test(text);
    holdsTemplates.set(file, holds);
  }
  return holds;
}

/** The trace event template whose parentheses hold `offset`, if one does. */
export function traceEventAt(text: string, offset: number): TraceEvent | undefined {
  for (let lineStart = text.lastIndexOf("\n", offset - 1) + 1; ;) {
    const start = templateStartOnLine(text, lineStart);
    if (start !== undefined) {
      const event = traceEventOf(text, start);
      // Templates do not nest: the last one starting before the position holds it or nothing does.
      return event && offset < event.end ? event : undefined;
    }
    if (lineStart === 0 || offset - lineStart > MAX_LOOKBACK) return undefined;
    // The line before (lastIndexOf from a negative index would look at index 0 again).
    lineStart = lineStart === 1 ? 0 : text.lastIndexOf("\n", lineStart - 2) + 1;
  }
}

function templateStartOnLine(text: string, lineStart: number): number | undefined {
  const match = INVOCATION.exec(text.slice(lineStart, lineStart + 80));
  if (!match || !TRACEPOINT_TEMPLATE_MACROS.has(match[1]!)) return undefined;
  const start = lineStart + match[0].length - match[1]!.length - 1;
  return lexicalContextAt(text, start) === "code" ? start : undefined;
}

/** The template invoked at `start` (its macro's name). */
function traceEventOf(text: string, start: number): TraceEvent | undefined {
  const macro = /^[A-Z_]+/.exec(text.slice(start, start + 40))?.[0];
  if (!macro) return undefined;
  const open = start + macro.length;
  const close = closingParen(text, open);
  if (close === undefined) return undefined;
  const args = topLevelArguments(text, open, close);
  const nameArgument = macro === "DECLARE_EVENT_CLASS" ? 0 : TRACEPOINT_MACROS.get(macro);
  const nameAt = nameArgument === undefined ? undefined : args[nameArgument];
  if (!nameAt) return undefined;
  const parts: TemplatePart[] = [];
  for (const [argumentStart, to] of args) {
    // Past a comment before the part (include/trace/events/dma_fence.h: `/* fence: … */ TP_PROTO(…)`) and
    // the line continuations of a template a macro writes (fs_dax.h: DEFINE_PMD_FAULT_EVENT).
    let from = skipNonCode(text, argumentStart);
    while (/^\\\r?\n/.test(text.slice(from, from + 3)))
      from = skipNonCode(text, text.indexOf("\n", from) + 1);
    const part = /^[A-Za-z_]\w*(?=\s*\()/.exec(text.slice(from, Math.min(to, from + 40)))?.[0];
    if (!part) continue;
    const partOpen = text.indexOf("(", from + part.length);
    if (partOpen < 0 || partOpen >= to) continue;
    const partClose = closingParen(text, partOpen);
    if (partClose !== undefined && partClose < to) {
      parts.push({ macro: part, role: roleOf(part), start: from, open: partOpen, close: partClose });
    }
  }
  const event: TraceEvent = {
    macro,
    name: text.slice(...nameAt),
    start,
    end: close + 1,
    firstArgument: args[0]![0],
    parts,
  };
  if (macro.startsWith("DEFINE_EVENT") && args[0]) event.className = text.slice(...args[0]);
  return event;
}

function roleOf(macro: string): TemplatePart["role"] {
  if (macro === "TP_PROTO") return "proto";
  if (macro.startsWith("TP_STRUCT__entry")) return "entry";
  return macro.startsWith("TP_fast_assign") ? "assign" : "other";
}

/** The function a template's TP_PROTO declares the parameters of: trace_<event>, or a class's own name. */
export function tracepointFunctionName(event: TraceEvent): string {
  return event.macro === "DECLARE_EVENT_CLASS" ? event.name : `trace_${event.name}`;
}

export function partOf(event: TraceEvent, role: TemplatePart["role"]): TemplatePart | undefined {
  return event.parts.find((part) => part.role === role);
}

/** The template that declares the event's entry: its own, or its class's in the same file. */
export function entryTemplate(text: string, event: TraceEvent): TraceEvent | undefined {
  if (event.className === undefined) return event;
  return templatesOf(text, "DECLARE_EVENT_CLASS", event.className)[0];
}

/** The events a class's DEFINE_EVENT and its variants define in the file (DEFINE_EVENT_PRINT writes a
 * TP_printk of its own over the class's entry). */
export function eventsOfClass(text: string, template: TraceEvent): TraceEvent[] {
  return template.macro === "DECLARE_EVENT_CLASS" ? templatesOf(text, "DEFINE_EVENT\\w*", template.name) : [];
}

/** The templates of the file invoking a macro matching `macro` with `first` as their first argument. */
function templatesOf(text: string, macro: string, first: string): TraceEvent[] {
  const invocation = new RegExp(`^[ \\t]*(${macro})\\(\\s*${first}\\s*,`, "gm");
  const templates: TraceEvent[] = [];
  for (let match = invocation.exec(text); match; match = invocation.exec(text)) {
    const start = match.index + match[0].indexOf(match[1]!);
    const template = lexicalContextAt(text, start) === "code" ? traceEventOf(text, start) : undefined;
    if (template) templates.push(template);
  }
  return templates;
}

/** The fields the event's entry (TP_STRUCT__entry) declares, also through macros of the file
 * (net/wireless/trace.h: `WIPHY_ENTRY` is `__array(char, wiphy_name, 32)`, `MAC_ENTRY(peer)` declares
 * `peer`). */
export function eventFields(text: string, event: TraceEvent): EventField[] {
  const entry = partOf(event, "entry");
  return entry ? fieldsDeclaredIn(text, entry.open + 1, entry.close, new Map(), 0) : [];
}

/** The expressions an entry writes in its own text (`dev->name` in `__string(name, dev->name)`), as offsets. */
export function entryExpressions(text: string, entry: TemplatePart): [number, number][] {
  const expressions: [number, number][] = [];
  const call = /\b(__\w+)\s*\(/g;
  call.lastIndex = entry.open + 1;
  for (let match = call.exec(text); match && match.index < entry.close; match = call.exec(text)) {
    const open = match.index + match[0].length - 1;
    const close = closingParen(text, open);
    if (close === undefined || close > entry.close) break;
    const index = ENTRY_DECLARERS.get(match[1]!)?.expression;
    const expression = index === undefined ? undefined : topLevelArguments(text, open, close)[index];
    if (expression && expression[1] > expression[0]) expressions.push(expression);
    call.lastIndex = close + 1;
  }
  return expressions;
}

/** What names an event field in a template: `__entry->name`, and the helpers of include/trace/
 * trace_events.h given its name (`__get_str(name)` in TP_printk, `__assign_str(name, src)` in
 * TP_fast_assign). */
const ENTRY_REFERENCE = String.raw`(?:\b__entry\s*->\s*|\b__(?:get_str|get_dynamic_array|get_dynamic_array_len|get_bitmask|assign_str|assign_bitmask)\s*\(\s*)`;

const ENDS_IN_ENTRY_REFERENCE = new RegExp(`${ENTRY_REFERENCE}$`);

/** Whether the word at `nameStart` names an event field (ENTRY_REFERENCE before it). */
export function isEntryReference(text: string, nameStart: number): boolean {
  return ENDS_IN_ENTRY_REFERENCE.test(text.slice(Math.max(0, nameStart - 40), nameStart));
}

/** The uses of event field `name` in a template (ENTRY_REFERENCE), outside comments and strings. */
export function entryFieldUses(text: string, event: TraceEvent, name: string): number[] {
  const uses: number[] = [];
  const pattern = new RegExp(`${ENTRY_REFERENCE}(${name})\\b`, "g");
  pattern.lastIndex = event.start;
  for (let match = pattern.exec(text); match && match.index < event.end; match = pattern.exec(text)) {
    const at = match.index + match[0].length - name.length;
    if (lexicalContextAt(text, match.index) === "code") uses.push(at);
  }
  return uses;
}

/** What a template's TP_fast_assign and TP_printk call the event's entry: include/trace/trace_events.h
 * defines it, stage by stage, as the `struct trace_event_raw_<name> *` each stage has at hand. */
export const ENTRY_POINTER = "__entry";

/** The uses of ENTRY_POINTER in a template, outside comments and strings. */
export function entryPointerUses(text: string, event: TraceEvent): number[] {
  const uses: number[] = [];
  const pattern = new RegExp(`\\b${ENTRY_POINTER}\\b`, "g");
  pattern.lastIndex = event.start;
  for (let match = pattern.exec(text); match && match.index < event.end; match = pattern.exec(text)) {
    if (lexicalContextAt(text, match.index) === "code") uses.push(match.index);
  }
  return uses;
}

/** Substitutions for a macro's parameters: each parameter's argument, as offsets in the file. */
type Arguments = Map<string, [number, number]>;

/** Macros expand within macros no deeper than this (a cycle would otherwise never end). */
const MAX_EXPANSION_DEPTH = 4;

function fieldsDeclaredIn(
  text: string,
  from: number,
  to: number,
  substituted: Arguments,
  depth: number,
): EventField[] {
  const fields: EventField[] = [];
  for (let i = from; i < to; i++) {
    const skipped = endOfCommentOrLiteral(text, i);
    if (skipped !== undefined) {
      i = skipped - 1;
      continue;
    }
    if (!isIdentifierStart(text[i]!) || (i > 0 && isIdentifierPart(text[i - 1]!))) continue;
    let end = i;
    while (end < to && isIdentifierPart(text[end]!)) end++;
    const word = text.slice(i, end);
    const open = /^\s*\(/.test(text.slice(end, end + 20)) ? text.indexOf("(", end) : undefined;
    const close = open === undefined ? undefined : closingParen(text, open);
    const args = open === undefined || close === undefined ? [] : topLevelArguments(text, open, close);
    const declarer = ENTRY_DECLARERS.get(word);
    if (declarer) {
      const nameAt = args[declarer.name];
      const typeAt = declarer.type === undefined ? undefined : args[declarer.type];
      if (nameAt && close !== undefined) {
        const argument = substituted.get(text.slice(...nameAt)) ?? nameAt;
        // `__field(nid_t, nid[3])` (include/trace/events/f2fs.h) declares nid.
        const name = /^[A-Za-z_]\w*(?=\s*(\[[^\]]*\])?$)/.exec(text.slice(...argument))?.[0];
        const at = [argument[0], argument[0] + (name?.length ?? 0)] as const;
        if (name) {
          // As the entry gets it: `MAC_ENTRY(peer)` declares `__array(u8, peer, ETH_ALEN)`.
          const expanded = (first: number, last: number) => substitute(text, first, last, substituted);
          const field: EventField = {
            name,
            nameStart: at[0],
            nameEnd: at[1],
            text: expanded(i, close + 1),
          };
          if (typeAt) field.type = expanded(...typeAt);
          fields.push(field);
        }
      }
    } else if (depth < MAX_EXPANSION_DEPTH) {
      const macro = macroDefinition(text, word);
      if (macro && (macro.parameters.length === 0) === (open === undefined)) {
        const passed: Arguments = new Map(
          macro.parameters.map((parameter, k) => [parameter, args[k] ?? [i, i]] as const),
        );
        fields.push(
          ...fieldsDeclaredIn(text, macro.replacementStart, macro.replacementEnd, passed, depth + 1),
        );
      }
    }
    i = close ?? end - 1;
  }
  return fields;
}

/** The text from `from` to `to` with a macro's parameters replaced by their arguments, whitespace collapsed. */
function substitute(text: string, from: number, to: number, substituted: Arguments): string {
  const written = text.slice(from, to);
  if (substituted.size === 0) return collapse(written);
  return collapse(
    written.replace(/[A-Za-z_]\w*/g, (word) => {
      const argument = substituted.get(word);
      return argument ? text.slice(...argument) : word;
    }),
  );
}

/** The file's `#define name…`: its parameters and where its replacement is (continued lines included). */
function macroDefinition(
  text: string,
  name: string,
): { parameters: string[]; replacementStart: number; replacementEnd: number } | undefined {
  const head = new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${name}(\\([^)]*\\))?`, "m").exec(text);
  if (!head) return undefined;
  const replacementStart = head.index + head[0].length;
  let replacementEnd = replacementStart;
  for (;;) {
    const lineEnd = text.indexOf("\n", replacementEnd);
    replacementEnd = lineEnd < 0 ? text.length : lineEnd;
    if (lineEnd < 0 || text[lineEnd - 1] !== "\\") break;
    replacementEnd = lineEnd + 1;
  }
  return { parameters: parameterNames(head[1] ?? ""), replacementStart, replacementEnd };
}

// What declares the parameters and locals at a position, as the span of text localDeclarations.ts parses
// alone: a function definition, or a macro's replacement read as one; or what declares parameters only: a
// prototype, the typedef of a function (pointer) type, a function-pointer global or field. A field's range
// is its name only, so its declaration is found in the text around it.
import { declarationStart } from "./declarationText.js";
import type { FileSymbols, FunctionSymbol, MacroSymbol } from "./fileSymbols.js";
import { replacementOf } from "./macros.js";
import {
  entryExpressions,
  mayHoldTraceEvents,
  partOf,
  traceEventAt,
  tracepointFunctionName,
  type TraceEvent,
} from "./traceEvents.js";
import { rangeContains, rangeEnd, rangeStart, type LineIndex, type Position } from "./textPositions.js";

/** The function definition whose range holds `position`, if one does. */
export function definitionAt(file: FileSymbols, position: Position): FunctionSymbol | undefined {
  return file.functions.find((f) => f.isDefinition && rangeContains(f.range, position));
}

/** What declares the parameters and locals at a position, as offsets into the file's text. */
export interface Declarer {
  /** The function, typedef or field the parameters belong to. */
  name: string;
  start: number;
  end: number;
  /** Parameters only: nothing in it is a local, and its own name is no parameter. */
  parametersOnly: boolean;
  /** As written, for a definition a macro makes (SYSCALL_DEFINE3(bind, …)): FunctionSymbol.signature. */
  signature?: string;
  /** What to parse instead of the span: a macro's replacement (`text`, as long as the span, its line
   * continuations blanked) as the body of a function. */
  parseAs?: { prefix: string; text: string; suffix: string };
}

/** The definition around `position`, else the prototype (`sk` in include/net/tcp.h's
 * `int tcp_v4_conn_request(struct sock *sk, struct sk_buff *skb);`), else the typedef of a function (pointer)
 * type, else the function-pointer field (`sk` in struct request_sock_ops'
 * `int (*rtx_syn_ack)(const struct sock *sk, …);`). */
export function declarerAt(
  file: FileSymbols,
  text: string,
  lines: LineIndex,
  position: Position,
): Declarer | undefined {
  const event = mayHoldTraceEvents(file, text) ? traceEventAt(text, lines.offsetAt(position)) : undefined;
  if (event) return traceEventDeclarer(event, text);
  const fn = definitionAt(file, position) ?? file.functions.find((f) => rangeContains(f.range, position));
  if (fn) {
    return {
      name: fn.name,
      start: lines.offsetAt(rangeStart(fn.range)),
      end: lines.offsetAt(rangeEnd(fn.range)),
      parametersOnly: !fn.isDefinition,
      signature: fn.signature,
    };
  }
  const macro = file.macros.find((m) => rangeContains(m.range, position));
  if (macro) return macroDeclarer(macro, text, lines);
  const typedef = file.typedefs.find((t) => rangeContains(t.range, position));
  if (typedef) {
    // `typedef void (*rcv_to_hci_t)(struct nfc_hci_dev *hdev, struct sk_buff *skb);`
    const start = lines.offsetAt(rangeStart(typedef.range));
    return { name: typedef.name, start, end: lines.offsetAt(rangeEnd(typedef.range)), parametersOnly: true };
  }
  return (
    functionPointerVariableAt(file, text, lines, position) ??
    functionPointerFieldAt(file, text, lines, position)
  );
}

/** A global function pointer's declaration, which declares its parameters (`skb` in
 * include/linux/netfilter/nf_conntrack_ftp.h's `extern unsigned int (*nf_nat_ftp_hook)(struct sk_buff *skb, …);`).
 * Other globals declare none: a table's initializer is not parsed for a lookup. */
function functionPointerVariableAt(
  file: FileSymbols,
  text: string,
  lines: LineIndex,
  position: Position,
): Declarer | undefined {
  const variable = file.variables.find((v) => rangeContains(v.range, position));
  if (!variable) return undefined;
  const start = lines.offsetAt(rangeStart(variable.range));
  const nameStart = lines.offsetAt(rangeStart(variable.selectionRange));
  if (!/\(\s*\*\s*$/.test(text.slice(Math.max(start, nameStart - 40), nameStart))) return undefined;
  return { name: variable.name, start, end: lines.offsetAt(rangeEnd(variable.range)), parametersOnly: true };
}

/** A macro's replacement, read as a function's body: the variables it declares are its locals
 * (`long __ret = ret;` in include/linux/wait.h's ___wait_event, used as `__ret` through the replacement). */
function macroDeclarer(macro: MacroSymbol, text: string, lines: LineIndex): Declarer {
  const { start, end } = replacementOf(macro, text, lines);
  const replacement = text.slice(start, end).replace(/\\(?=\r?\n)/g, " ");
  return {
    name: macro.name,
    start,
    end,
    parametersOnly: false,
    parseAs: { prefix: "void __replacement(void) {", text: replacement, suffix: "\n}" },
  };
}

/** A trace event template read as a function: its TP_PROTO the parameter list, and as its body what uses the
 * parameters (TP_ARGS, TP_CONDITION, TP_printk and the expressions of TP_STRUCT__entry as statements,
 * TP_fast_assign's statements as they are); the rest is blanked, every offset kept. */
function traceEventDeclarer(event: TraceEvent, text: string): Declarer {
  const { start, end } = event;
  const chars = text.slice(start, end).replace(/[^\n]/g, " ").split("");
  // A template a macro writes (include/trace/events/fs_dax.h: DEFINE_PMD_FAULT_EVENT) loses its line
  // continuations.
  const keep = (from: number, to: number) => {
    for (let i = from; i < to; i++)
      if (!(text[i] === "\\" && text[i + 1] === "\n")) chars[i - start] = text[i]!;
  };
  const put = (at: number, character: string) => {
    if (at < end) chars[at - start] = character;
  };
  const proto = partOf(event, "proto");
  if (proto) {
    keep(proto.open, proto.close + 1);
    put(proto.close + 1, "{");
  }
  for (const part of event.parts) {
    if (part.role === "assign") keep(part.open + 1, part.close);
    else if (part.role === "entry") {
      for (const [from, to] of entryExpressions(text, part)) {
        keep(from, to);
        put(to, ";");
      }
    } else if (part.role === "other" && part.start > (proto?.close ?? start)) {
      keep(part.start, part.close + 1);
      put(part.close + 1, ";");
    }
  }
  return {
    name: tracepointFunctionName(event),
    start,
    end,
    parametersOnly: false,
    parseAs: {
      prefix: proto ? "void __tracepoint" : "void __tracepoint(void) {",
      text: chars.join(""),
      suffix: "\n}",
    },
  };
}

/** The function-pointer field whose declaration, from the code before its name (declarationStart, which a
 * field's hover reads too) to the `;` after, holds `position`. A field's range is its name only. */
function functionPointerFieldAt(
  file: FileSymbols,
  text: string,
  lines: LineIndex,
  position: Position,
): Declarer | undefined {
  const offset = lines.offsetAt(position);
  for (const struct of file.structs) {
    if (!rangeContains(struct.range, position)) continue;
    for (const field of struct.fields) {
      if (!field.isFunctionPointer) continue;
      const nameStart = lines.offsetAt(rangeStart(field.range));
      const end = text.indexOf(";", nameStart);
      if (nameStart > offset || end < offset) continue;
      return {
        name: field.name,
        start: declarationStart(text, nameStart),
        end: end + 1,
        parametersOnly: true,
      };
    }
  }
  return undefined;
}

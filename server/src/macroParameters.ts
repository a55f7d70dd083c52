// A function-like macro's parameters: `sk` in include/net/tcp.h's
// `#define tcp_for_write_queue(skb, sk) skb_queue_walk(&(sk)->sk_write_queue, skb)` is its second
// parameter, declared in the `#define`'s list and used wherever its replacement writes the word as code
// (also as `#sk` or `a##sk`, and after `->`: the preprocessor replaces every such token, which is how
// include/linux/kernel.h's container_of names its `member` in `((type *)0)->member`). Read from the
// directive's text: no parse.
import { lexicalContextAt } from "./commentsAndLiterals.js";
import type { FileSymbols, MacroSymbol } from "./fileSymbols.js";
import { isIdentifierPart } from "./kernelMacros.js";
import { replacementOf } from "./macros.js";
import { rangeContains, type CompactRange, type LineIndex, type Position } from "./textPositions.js";

export interface MacroParameter {
  /** The parameter's name in the `#define`'s list. */
  range: CompactRange;
  /** The macro's head as written: "tcp_for_write_queue(skb, sk)". */
  head: string;
  macro: string;
  /** Where the replacement writes it. */
  uses: CompactRange[];
}

/** The parameter `name` of the function-like macro whose `#define` holds `position`, when the word there
 * is that parameter (in the list or a use of it). */
export function macroParameterAt(
  file: FileSymbols,
  text: string,
  lines: LineIndex,
  name: string,
  position: Position,
): MacroParameter | undefined {
  const macro = file.macros.find((m) => m.parameters !== undefined && rangeContains(m.range, position));
  if (!macro?.parameters) return undefined;
  const { start: listEnd, end } = replacementOf(macro, text, lines);
  const listStart = listEnd - macro.parameters.length;
  // `__VA_ARGS__` is what an unnamed `...` stands for (include/linux/printk.h's pr_err(fmt, ...)).
  const variadic = name === "__VA_ARGS__";
  const declared = variadic
    ? variadicDots(text, listStart, listEnd)
    : wordsIn(text, name, listStart, listEnd)[0];
  if (declared === undefined) return undefined;
  const uses = wordsIn(text, name, listEnd, end).filter((at) => isUse(text, at));
  const offset = lines.offsetAt(position);
  const atWord = (start: number) => start <= offset && offset <= start + name.length;
  if (!atWord(declared) && !uses.some(atWord)) return undefined;
  const rangeOf = (start: number) => lines.rangeAt(start, start + name.length);
  return {
    range: variadic ? lines.rangeAt(declared, declared + 3) : rangeOf(declared),
    head: headOf(macro),
    macro: macro.name,
    uses: uses.map(rangeOf),
  };
}

/** Where an unnamed `...` ends the list from `from` to `to` (`, ...)`, not `args...`). */
function variadicDots(text: string, from: number, to: number): number | undefined {
  const dots = text.lastIndexOf("...", to);
  return dots >= from && /[(,]\s*$/.test(text.slice(from, dots)) ? dots : undefined;
}

/** Where `name` is in a macro's parameter list, given its head (`#define ip_vs_pe_put(pe)`); -1 if absent. */
export function parameterIndex(head: string, name: string): number {
  return parameterNames(head).indexOf(name);
}

/** The parameters a macro's head lists, in order: `TP_STRUCT__entry(args)` → ["args"]; none for `name` or
 * `name()`. */
export function parameterNames(head: string): string[] {
  const open = head.indexOf("(");
  if (open < 0) return [];
  return head
    .slice(open + 1, head.lastIndexOf(")"))
    .split(",")
    .map((parameter) => parameter.trim())
    .filter((parameter) => parameter !== "");
}

function headOf(macro: MacroSymbol): string {
  return `${macro.name}${macro.parameters!.replace(/\s+/g, " ")}`;
}

/** Where `name` is written as a whole word between `from` and `to`. */
function wordsIn(text: string, name: string, from: number, to: number): number[] {
  const found: number[] = [];
  for (
    let at = text.indexOf(name, from);
    at >= 0 && at + name.length <= to;
    at = text.indexOf(name, at + 1)
  ) {
    const before = at > 0 ? text[at - 1]! : " ";
    const after = at + name.length < text.length ? text[at + name.length]! : " ";
    if (!isIdentifierPart(before) && !isIdentifierPart(after)) found.push(at);
  }
  return found;
}

/** Code, not a comment or a string. */
function isUse(text: string, at: number): boolean {
  return lexicalContextAt(text, at) === "code";
}

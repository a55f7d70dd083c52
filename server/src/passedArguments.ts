// Functions passed as arguments and stored by the callee: `netif_napi_add(dev, &cell->napi, gro_cell_poll,
// NAPI_POLL_WEIGHT)` reaches `n->poll(n, weight)` in net/core/dev.c: napi_poll through netif_napi_add's
// `napi->poll = poll;`. The body scan keeps calls, not their arguments: they are read from the caller's
// text when a request needs them.
import { closingParen, topLevelArguments } from "./macroArguments.js";
import type { ServerContext } from "./serverContext.js";
import { LineIndex, type CompactRange } from "./textPositions.js";

/** A name passed as an argument, and where it is written. */
export interface PassedName {
  name: string;
  start: number;
}

/** The name the call whose callee is written at `calleeStart` passes at `position` (`&x` reads as x);
 * undefined for an expression, a constant (NULL) or a call without that many arguments. */
export function passedName(text: string, calleeStart: number, position: number): PassedName | undefined {
  let open = calleeStart;
  while (open < text.length && /[\w$]/.test(text[open]!)) open++;
  while (open < text.length && /\s/.test(text[open]!)) open++;
  if (text[open] !== "(") return undefined;
  const close = closingParen(text, open);
  const argument = close === undefined ? undefined : topLevelArguments(text, open, close)[position];
  if (!argument) return undefined;
  // Comments blanked, not removed, so offsets hold.
  const written = text
    .slice(argument[0], argument[1])
    .replace(/\/\*[\s\S]*?\*\//g, (c) => " ".repeat(c.length));
  const match = /^(\s*(?:&\s*)?)([A-Za-z_]\w*)\s*$/.exec(written);
  const name = match?.[2];
  if (!name || /^[A-Z0-9_]+$/.test(name)) return undefined;
  return { name, start: argument[0] + match[1]!.length };
}

/** The parameter names of a signature as the index keeps it (FunctionSymbol.signature), by position:
 * `dev`, `napi`, `poll`, `weight` for
 * `void netif_napi_add(struct net_device *dev, struct napi_struct *napi, int (*poll)(struct napi_struct *, int), int weight)`;
 * `""` where none can be told (`void`, `struct sock *`). */
export function signatureParameters(signature: string, name: string): string[] {
  const head = new RegExp(`\\b${name}\\s*\\(`).exec(signature);
  if (!head) return [];
  const open = head.index + head[0].length - 1;
  const close = closingParen(signature, open);
  if (close === undefined) return [];
  return topLevelArguments(signature, open, close).map(([start, end]) => {
    const parameter = signature.slice(start, end);
    const pointer = /\(\s*\*\s*([A-Za-z_]\w*)\s*\)/.exec(parameter);
    if (pointer) return pointer[1]!;
    const words = parameter.replace(/\[[^\]]*\]/g, " ").match(/[A-Za-z_]\w*/g) ?? [];
    // A type alone (`struct sock *`, `int`) has no name; a name follows its type.
    return words.length >= 2 && !/^(struct|union|enum)$/.test(words.at(-2)!) ? words.at(-1)! : "";
  });
}

/** passedName for a call the index holds, read from its file (the editor's text when it is open). */
export function passedArgumentFromText(
  context: ServerContext,
  path: string,
  callee: CompactRange,
  position: number,
): { name: string; range: CompactRange } | undefined {
  const text = context.documents.textOf(context.paths.uri(path));
  if (text === undefined) return undefined;
  const lines = new LineIndex(text);
  const passed = passedName(text, lines.offsetAt({ line: callee[0], character: callee[1] }), position);
  return (
    passed && { name: passed.name, range: lines.rangeAt(passed.start, passed.start + passed.name.length) }
  );
}

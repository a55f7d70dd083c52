// Functions passed as arguments and stored by the callee: `netif_napi_add(dev, &cell->napi, gro_cell_poll,
// NAPI_POLL_WEIGHT)` reaches `n->poll(n, weight)` in net/core/dev.c: napi_poll through netif_napi_add's
// `napi->poll = poll;`. The body scan keeps calls, not their arguments: they are read from the caller's
// text when a request needs them.
import { closingParen, topLevelArguments } from "./macroArguments.js";
import type { ServerContext } from "./serverContext.js";
import { rangeStart, type CompactRange } from "./textPositions.js";

/** A name passed as an argument, and where it is written. */
export interface PassedName {
  name: string;
  start: number;
}

/** As the call graph sees it: the name and its range in the caller's file. */
export interface PassedArgument {
  name: string;
  range: CompactRange;
}

/** What the call whose callee is written at `calleeStart` passes, by position: a name (`&x` reads as x),
 * or undefined for an expression or a constant (NULL); empty when the call's parentheses do not close. */
export function passedNames(text: string, calleeStart: number): (PassedName | undefined)[] {
  let open = calleeStart;
  while (open < text.length && /[\w$]/.test(text[open]!)) open++;
  while (open < text.length && /\s/.test(text[open]!)) open++;
  if (text[open] !== "(") return [];
  const close = closingParen(text, open);
  if (close === undefined) return [];
  return topLevelArguments(text, open, close).map(([start, end]) => {
    // Comments blanked, not removed, so offsets hold.
    const written = text.slice(start, end).replace(/\/\*[\s\S]*?\*\//g, (c) => " ".repeat(c.length));
    const match = /^(\s*(?:&\s*)?)([A-Za-z_]\w*)\s*$/.exec(written);
    const name = match?.[2];
    if (!name || /^[A-Z0-9_]+$/.test(name)) return undefined;
    return { name, start: start + match[1]!.length };
  });
}

/** The parameter names of a signature as the index keeps it (FunctionSymbol.signature), by position:
 * `dev`, `napi`, `poll`, `weight` for
 * `void netif_napi_add(struct net_device *dev, struct napi_struct *napi, int (*poll)(struct napi_struct *, int), int weight)`;
 * `""` where none can be told (`void`, `struct sock *`). */
export function signatureParameters(signature: string, name: string): string[] {
  // GNU C allows `$` in names: escaped, not an anchor.
  const head = new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}\\s*\\(`).exec(signature);
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

/** passedNames for calls of one file the index holds, read once from it (the editor's text when open). */
export function passedArgumentsFromText(
  context: ServerContext,
  path: string,
  callees: readonly CompactRange[],
): (PassedArgument | undefined)[][] {
  const source = context.documents.sourceOf(context.paths.uri(path));
  if (!source) return callees.map(() => []);
  const { text, lines } = source;
  return callees.map((callee) =>
    passedNames(text, lines.offsetAt(rangeStart(callee))).map(
      (passed) =>
        passed && {
          name: passed.name,
          range: lines.rangeAt(passed.start, passed.start + passed.name.length),
        },
    ),
  );
}

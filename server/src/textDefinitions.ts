// Function definitions read from the text alone, so the parse leaves them out whole: with bodies and
// parameter lists already left out, what tree-sitter built of a definition (type, declarator, braces) was a
// quarter of its nodes over net/ + include/, and the index read the head from the text anyway.
import { parseFunctionHead, skipNonCode, skipSpaces, type FunctionHead } from "./functionHeads.js";
import type { Directives } from "./preprocessorLines.js";
import type { FunctionBody } from "./textScan.js";

export interface TextDefinition {
  head: FunctionHead;
  /** Where the head text given to parseFunctionHead began (head offsets count from here). */
  headFrom: number;
  /** The definition's first character and the end of its body (after the `}`). */
  start: number;
  end: number;
}

/**
 * The bodies whose head reads as `[storage] [attributes] type name(params)` from where its statement starts
 * to the parameter list the scan found. `parsed` is the text tree-sitter is given (attribute macros blanked):
 * a definition starts where the tree would start it. Left to the tree: a function a macro defines
 * (`SYSCALL_DEFINE2(…)`), a head holding a directive line (leaving it out would unbalance an #if), a body
 * defining a type (the type stays in the parse), whatever parseFunctionHead cannot read (a macro invocation
 * without `;` before it), and a definition right after a declaration a macro makes (below).
 */
export function textDefinitions(
  text: string,
  parsed: string,
  bodies: readonly FunctionBody[],
  directives: Directives,
): TextDefinition[] {
  const ranges = directives();
  let nextDirective = 0;
  const definitions: TextDefinition[] = [];
  for (const body of bodies) {
    const parameters = body.parameters;
    if (!parameters || body.types.length > 0 || text.charCodeAt(body.open) !== OPEN_BRACE) continue;
    const headFrom = skipNonCode(parsed, body.statementStart);
    if (afterMacroDeclaration(text, body.statementStart)) continue;
    const head = parseFunctionHead(text.slice(headFrom, body.open));
    if (!head || skipSpaces(text, headFrom + head.nameOffset + head.name.length) !== parameters[0]) continue;
    const start = skipSpaces(text, headFrom + head.startOffset);
    while (nextDirective < ranges.length && ranges[nextDirective]![0] < start) nextDirective++;
    if (nextDirective < ranges.length && ranges[nextDirective]![0] < body.open) continue;
    definitions.push({ head, headFrom, start, end: body.close + 1 });
  }
  return definitions;
}

/** `static DECLARE_WORK(net_cleanup_work, cleanup_net);` (net/core/net_namespace.c) reads to tree-sitter as a
 * type still waiting for its declarator, which it takes from what follows: a definition, or, were the
 * definition left out, the `EXPORT_SYMBOL_GPL(__put_net)` after it. Such a statement ends right before. */
const MACRO_DECLARATION = /\b(?:static|extern)\s+(?:[A-Za-z_]\w*\s+)*[A-Z_][A-Z0-9_]*\s*\([^;{}]*\)\s*;$/;

/** How far back the statement before a definition is looked at. */
const MACRO_DECLARATION_REACH = 240;

function afterMacroDeclaration(text: string, statementStart: number): boolean {
  if (text.charCodeAt(statementStart - 1) !== SEMICOLON) return false;
  return MACRO_DECLARATION.test(
    text.slice(Math.max(0, statementStart - MACRO_DECLARATION_REACH), statementStart),
  );
}

const OPEN_BRACE = 0x7b;
const SEMICOLON = 0x3b;

// Function definitions and prototypes read from the text alone, so the parse leaves them out whole: with
// bodies and parameter lists already left out, what tree-sitter built of them (type, declarator, braces) was
// a third of its nodes over net/ + include/, and the index read their heads from the text anyway.
import { parseFunctionHead, skipNonCode, skipSpaces, type FunctionHead } from "./functionHeads.js";
import type { Directives } from "./preprocessorLines.js";
import type { FunctionBody, PrototypeStatement } from "./textScan.js";

/** A definition or prototype read from the text. */
export interface TextFunction {
  head: FunctionHead;
  /** Its first character, where the head text given to parseFunctionHead began (head offsets count from
   * here), and the end of its body (after the `}`) or of its `;`. */
  start: number;
  end: number;
}

/**
 * The bodies whose head reads as `[storage] [attributes] type name(params)` from where its statement starts
 * to the parameter list the scan found. Left to the tree besides what HeadReader leaves: a function a macro
 * defines (`SYSCALL_DEFINE2(…)`, its name is not before the list) and a body defining a type (the type stays
 * in the parse).
 */
export function textDefinitions(
  text: string,
  parsed: string,
  bodies: readonly FunctionBody[],
  directives: Directives,
): TextFunction[] {
  const reader = new HeadReader(text, parsed, directives);
  const definitions: TextFunction[] = [];
  for (const body of bodies) {
    const parameters = body.parameters;
    if (!parameters || body.types.length > 0 || text.charCodeAt(body.open) !== OPEN_BRACE) continue;
    const read = reader.read(body.statementStart, parameters[0], body.open);
    if (read) definitions.push({ ...read, end: body.close + 1 });
  }
  return definitions;
}

/** The prototypes the scan found whose head reads likewise, each through its `;`. */
export function textPrototypes(
  text: string,
  parsed: string,
  prototypes: readonly PrototypeStatement[],
  directives: Directives,
): TextFunction[] {
  const reader = new HeadReader(text, parsed, directives);
  const found: TextFunction[] = [];
  for (const prototype of prototypes) {
    const read = reader.read(prototype.statementStart, prototype.parameters[0], prototype.end);
    if (read) found.push({ ...read, end: prototype.end + 1 });
  }
  return found;
}

/**
 * Reads heads in text order. `parsed` is the text tree-sitter is given (attribute macros blanked): a head
 * starts where the tree would start it, past comments, directive lines and blanked attributes. None for a
 * head holding a directive line (leaving it out would unbalance an #if), a head parseFunctionHead cannot
 * read (a macro invocation without `;` before it) or whose name is not right before the parameter list, and
 * a head right after a declaration a macro makes (MACRO_DECLARATION).
 */
class HeadReader {
  private nextDirective = 0;
  private readonly ranges: readonly (readonly [number, number])[];

  constructor(
    private readonly text: string,
    private readonly parsed: string,
    directives: Directives,
  ) {
    this.ranges = directives();
  }

  /** The head from `statementStart` to `end` (its `{` or `;`), whose parameter list opens at `open`. */
  read(statementStart: number, open: number, end: number): Omit<TextFunction, "end"> | undefined {
    const { text, ranges } = this;
    if (afterMacroDeclaration(text, statementStart)) return undefined;
    // Again from where the head starts when code came before it: the `}` of a body in an #else branch,
    // whose braces the scan does not count, then `__printf(3, 4)`, blanked in `parsed` alone.
    let start = statementStart;
    let head: FunctionHead | undefined;
    do {
      start = skipNonCode(this.parsed, start + (head?.startOffset ?? 0));
      head = parseFunctionHead(text.slice(start, end));
    } while (head && head.startOffset > 0);
    if (!head || skipSpaces(text, start + head.nameOffset + head.name.length) !== open) return undefined;
    if (TYPEDEF.test(text.slice(start, start + TYPEDEF_LENGTH))) return undefined;
    while (this.nextDirective < ranges.length && ranges[this.nextDirective]![0] < start) this.nextDirective++;
    if (this.nextDirective < ranges.length && ranges[this.nextDirective]![0] < end) return undefined;
    return { head, start };
  }
}

/** `static DECLARE_WORK(net_cleanup_work, cleanup_net);` (net/core/net_namespace.c) reads to tree-sitter as a
 * type still waiting for its declarator, which it takes from what follows: a definition, or, were the
 * definition left out, the `EXPORT_SYMBOL_GPL(__put_net)` after it. Such a statement ends right before. */
const MACRO_DECLARATION = /\b(?:static|extern)\s+(?:[A-Za-z_]\w*\s+)*[A-Z_][A-Z0-9_]*\s*\([^;{}]*\)\s*;$/;

/** How far back the statement before a definition is looked at. */
const MACRO_DECLARATION_REACH = 240;

function afterMacroDeclaration(text: string, statementStart: number): boolean {
  const semicolon = statementStart - 1;
  if (text.charCodeAt(semicolon) !== SEMICOLON) return false;
  // A match holds no `;`, `{` or `}` but its last `;`: the statement before is all it needs to see.
  const reach = Math.max(0, statementStart - MACRO_DECLARATION_REACH);
  let from = semicolon;
  while (from > reach && !STATEMENT_DELIMITERS.has(text.charCodeAt(from - 1))) from--;
  return MACRO_DECLARATION.test(text.slice(from, statementStart));
}

const STATEMENT_DELIMITERS: ReadonlySet<number> = new Set([0x3b, 0x7b, 0x7d]);

/** `typedef int proc_handler(…);` names a function type. */
const TYPEDEF = /^typedef\b/;
const TYPEDEF_LENGTH = 8;

const OPEN_BRACE = 0x7b;
const SEMICOLON = 0x3b;

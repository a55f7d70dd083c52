// Functions a file generates by token pasting: include/asm-generic/atomic-long.h defines
// `ATOMIC_LONG_READ_OP(mo)` as `static inline long atomic_long_read##mo(const atomic_long_t *l) {…}` and
// then writes `ATOMIC_LONG_READ_OP()` and `ATOMIC_LONG_READ_OP(_acquire)` on lines of their own: those
// lines define atomic_long_read and atomic_long_read_acquire. A generator's curated declaring macros declare
// variables likewise: net/core/net-sysfs.c's `NETSTAT_ENTRY(rx_packets)` ends in `static DEVICE_ATTR_RO(name)`,
// so it declares dev_attr_rx_packets. A generator may invoke another of its file (NETDEVICE_SHOW_RO invokes
// NETDEVICE_SHOW). Only generators invoked in the file that defines them are expanded.
// The invocations carry no semicolon, which sends tree-sitter's error recovery over the rest of the file,
// so they are also blanked in the text it parses.
import { functionLikeDefines, pasted, substitute } from "./macroExpansion.js";
import { storedByAttributeDeclaration } from "./attributeTables.js";
import type { FunctionSymbol, OpsEntry, VariableSymbol } from "./fileSymbols.js";
import { collapse } from "./functionHeads.js";
import { DECLARING_MACROS } from "./kernelMacros.js";
import { closingParen, topLevelArguments } from "./macroArguments.js";
import { declaredByMacroCall, type MacroDeclared } from "./macroDeclarations.js";
import { directivesOf, directiveTest, type Directives } from "./preprocessorLines.js";
import type { LineIndex } from "./textPositions.js";

interface Generator {
  parameters: string[];
  /** Heads of the functions the body defines, `##` and parameters still in them. */
  heads: { head: string; name: string }[];
  /** Calls of declaring macros in the body (`DEVICE_ATTR_RO(name)`), parameters still in them. */
  declarations: string[];
  /** The other calls in the body, outside the functions it defines: those of the file's generators expand. */
  calls: string[];
}

export interface GeneratorInvocation {
  /** Where the macro's name starts, its `(`, and one past its closing parenthesis. */
  start: number;
  open: number;
  end: number;
  functions: { name: string; signature: string }[];
  variables: Omit<MacroDeclared, "nameStart" | "nameEnd">[];
  /** Tables its attribute macros fill (attributeTables.ts): `.show` of dev_attr_rx_packets. */
  entries: Pick<OpsEntry, "structType" | "table" | "field" | "target">[];
}

/** A pasted name called or declared: `atomic_long_##op##_return##mo(`. */
const PASTED_NAME = /\b(\w+(?:\s*##\s*\w+)+)\s*\(/g;
const INVOCATION = /^[ \t]*([A-Za-z_]\w*)\(/gm;

/** Invocations, at the start of a line and outside directives, of the file's own generator macros. */
export function generatorInvocations(
  text: string,
  directives: Directives = directivesOf(text),
): GeneratorInvocation[] {
  if (!text.includes("##")) return [];
  const macros: FileMacros = new Map();
  for (const { name, parameters, replacement } of functionLikeDefines(text, directives)) {
    const generator = generatorOf(parameters, replacement);
    if (generator) macros.set(name, generator);
  }
  if (![...macros.values()].some((m) => m.heads.length > 0)) return [];
  const invocations: GeneratorInvocation[] = [];
  const inDirective = directiveTest(directives);
  INVOCATION.lastIndex = 0;
  for (let match = INVOCATION.exec(text); match; match = INVOCATION.exec(text)) {
    const macro = match[1]!;
    if (!macros.has(macro)) continue;
    const start = match.index + match[0].length - macro.length - 1;
    if (inDirective(start)) continue;
    const open = start + macro.length;
    const close = closingParen(text, open);
    if (close === undefined) continue;
    const args = topLevelArguments(text, open, close).map(([from, to]) => text.slice(from, to));
    const expanded = expansion(macros, macro, args, 0);
    // Variables only beside functions: a macro that merely wraps a declaring one
    // (`__ETHTOOL_DECLARE_LINK_MODE_MASK(name)` in a struct) is no generator, and its lines stay in the parse.
    if (expanded.functions.length > 0) invocations.push({ start, open, end: close + 1, ...expanded });
    INVOCATION.lastIndex = close + 1;
  }
  return invocations;
}

/** The file's function-like macros, read as generators (most generate nothing). */
type FileMacros = Map<string, Generator>;

/** How deep one generator invoking another is followed (net/core/net-sysfs.c: NETDEVICE_SHOW_RO invokes
 * NETDEVICE_SHOW). */
const MAX_NESTING = 4;

/** What an invocation of `macro` with `args` defines and declares, with the file's generators it invokes. */
function expansion(macros: FileMacros, macro: string, args: string[], depth: number): Expansion {
  const generator = macros.get(macro)!;
  const functions: GeneratorInvocation["functions"] = [];
  const variables: GeneratorInvocation["variables"] = [];
  const entries: GeneratorInvocation["entries"] = [];
  // `F()` passes one empty argument to a one-parameter macro.
  if (args.length !== generator.parameters.length) return { functions, variables, entries };
  for (const { head, name } of generator.heads) {
    const generated = pasted(substitute(name, generator.parameters, args));
    if (!/^[A-Za-z_]\w*$/.test(generated)) continue;
    const signature = collapse(pasted(substitute(head, generator.parameters, args)))
      // `SCTP_##name (…` in the macro: no space between a name and its parameters in the signature.
      .replace(new RegExp(`\\b${generated}\\s+\\(`), `${generated}(`);
    functions.push({ name: generated, signature });
  }
  for (const call of generator.declarations) {
    const written = pasted(substitute(call, generator.parameters, args));
    const declared = declaredByMacroCall(written);
    if (!declared) continue;
    const { nameStart: _start, nameEnd: _end, ...variable } = declared;
    variables.push(variable);
    entries.push(...storedByAttributeDeclaration(written).map(({ argument: _, ...entry }) => entry));
  }
  if (depth >= MAX_NESTING) return { functions, variables, entries };
  for (const call of generator.calls) {
    const callee = /^\w+/.exec(call)![0];
    if (callee === macro || !macros.has(callee)) continue;
    const expanded = substitute(call, generator.parameters, args);
    const open = expanded.indexOf("(");
    const innerArgs = topLevelArguments(expanded, open, expanded.length - 1).map(([from, to]) =>
      expanded.slice(from, to),
    );
    const inner = expansion(macros, callee, innerArgs, depth + 1);
    functions.push(...inner.functions);
    variables.push(...inner.variables);
    entries.push(...inner.entries);
  }
  return { functions, variables, entries };
}

type Expansion = Pick<GeneratorInvocation, "functions" | "variables" | "entries">;

/** The functions the invocations define, each at its invocation (the macro's name selected). */
export function generatedFunctionSymbols(
  invocations: readonly GeneratorInvocation[],
  lines: LineIndex,
): FunctionSymbol[] {
  return invocations.flatMap(({ start, open, end, functions }) =>
    functions.map(({ name, signature }) => ({
      name,
      isDefinition: true,
      range: lines.rangeAt(start, end),
      selectionRange: lines.rangeAt(start, open),
      signature,
    })),
  );
}

/** The variables the invocations declare, each at its invocation (the macro's name selected). */
export function generatedVariableSymbols(
  invocations: readonly GeneratorInvocation[],
  lines: LineIndex,
): VariableSymbol[] {
  return invocations.flatMap(({ start, open, end, variables }) =>
    variables.map(({ name, structType, isExtern }) => {
      const variable: VariableSymbol = {
        name,
        range: lines.rangeAt(start, end),
        selectionRange: lines.rangeAt(start, open),
        isExtern,
      };
      if (structType) variable.structType = structType;
      return variable;
    }),
  );
}

/** The table entries the invocations make, each at its invocation (the macro's name). */
export function generatedOpsEntries(
  invocations: readonly GeneratorInvocation[],
  lines: LineIndex,
): OpsEntry[] {
  return invocations.flatMap(({ start, open, entries }) =>
    entries.map((entry) => ({ ...entry, range: lines.rangeAt(start, open) })),
  );
}

/** A call in a macro's body: `static DEVICE_ATTR_RO(name)`, `NETDEVICE_SHOW(field, format_string)`. */
const CALL = /\b([A-Za-z_]\w*)\s*\(/g;

/** The functions a macro body defines (a pasted name, its parameter list, then `{`) and the declaring
 * macros it calls beside them. */
function generatorOf(parameters: string[], body: string): Generator | undefined {
  // `F()` and variadic macros generate nothing.
  if (parameters.length === 0 || parameters.some((p) => !/^[A-Za-z_]\w*$/.test(p))) return undefined;
  const heads: Generator["heads"] = [];
  let headStart = 0;
  PASTED_NAME.lastIndex = 0;
  for (let match = PASTED_NAME.exec(body); match; match = PASTED_NAME.exec(body)) {
    const open = match.index + match[0].length - 1;
    const close = closingParen(body, open);
    if (close === undefined) break;
    const after = body.slice(close + 1).trimStart();
    const before = body.slice(headStart, match.index);
    // A definition: a type before the name (not an expression), a body after the parameters.
    if (after.startsWith("{") && /^\s*[\w\s*]+$/.test(before) && /\w/.test(before)) {
      heads.push({ head: body.slice(headStart, close + 1), name: match[1]! });
    }
    headStart = nextStatementStart(body, close + 1);
    PASTED_NAME.lastIndex = Math.max(close + 1, headStart);
  }
  const declarations: string[] = [];
  const calls: string[] = [];
  CALL.lastIndex = 0;
  for (let match = CALL.exec(body); match; match = CALL.exec(body)) {
    const close = closingParen(body, match.index + match[0].length - 1);
    if (close === undefined) break;
    const call = body.slice(match.index, close + 1);
    if (DECLARING_MACROS.has(match[1]!)) declarations.push(call);
    else if (!isInsideDefinition(body, heads, match.index)) calls.push(call);
    CALL.lastIndex = close + 1;
  }
  return { parameters, heads, declarations, calls };
}

/** Whether `at` lies in the head or body of a function the macro defines. */
function isInsideDefinition(body: string, heads: Generator["heads"], at: number): boolean {
  return heads.some(({ head }) => {
    const start = body.indexOf(head);
    return start >= 0 && start <= at && at < nextStatementStart(body, start + head.length);
  });
}

/** After a definition's parameters: past its body's closing brace, where the next head may start. */
function nextStatementStart(body: string, from: number): number {
  const open = body.indexOf("{", from);
  if (open < 0) return body.length;
  let depth = 0;
  for (let i = open; i < body.length; i++) {
    if (body[i] === "{") depth++;
    else if (body[i] === "}" && --depth === 0) return i + 1;
  }
  return body.length;
}

// Designated initializers of struct-typed variables become (struct type, field) → function edges:
// net/ipv4/tcp_ipv4.c: `struct proto tcp_prot = { .connect = tcp_v4_connect, … }`.
// The brace list is scanned as text so `#ifdef CONFIG_COMPAT` lines inside it (ERROR nodes) are harmless.
// Fields set in bodies (`sk->sk_data_ready = sock_def_readable;`) are edges too, their struct typed later.
import type { QueryMatch } from "web-tree-sitter";
import type { OpsEntry } from "./fileSymbols.js";
import { parseVariableHead, skipSpaces } from "./functionHeads.js";
import { enclosingDefinition } from "./callSites.js";
import { parameterNames } from "./declarators.js";
import { parameterNamesIn } from "./parameterLists.js";
import { commentAndLiteralSpans } from "./commentsAndLiterals.js";
import { isAtFileScope, type FunctionDefinitionNode } from "./functions.js";
import { isIdentifierPart, isIdentifierStart, maskDeclarationNoise } from "./kernelMacros.js";
import { closingBrace } from "./macroArguments.js";
import { blankRanges } from "./blankRanges.js";
import type { FunctionBody } from "./textScan.js";
import type { LineIndex } from "./textPositions.js";

export interface InitializerAssignment {
  /** Designators between the table's struct and the field's holder: ["callbacks"] for
   * `.callbacks = { .gro_receive = inet_gro_receive }`, ["h"] for `.h.hashinfo = &tcp_hashinfo`. */
  path: string[];
  field: string;
  target: string;
  /** Offsets of the target name in the scanned text. */
  targetStart: number;
  targetEnd: number;
}

/**
 * Finds `.field = name` and `.field = &name` in the elements of a brace list, following nested lists
 * opened by a designator. `elementDepth` is 1 for a struct variable and 2 for an array of structs
 * (inetsw_array[] = { { .prot = &tcp_prot, … }, … }).
 */
export function scanDesignatedInitializers(
  initializerText: string,
  elementDepth: number,
): InitializerAssignment[] {
  const text = maskDeclarationNoise(initializerText);
  const found: InitializerAssignment[] = [];
  // Designator path of each open brace list whose elements are fields; undefined for other lists.
  const paths: (string[] | undefined)[] = [];
  let pendingNested: string[] | undefined;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "{") {
      const depth = paths.length + 1;
      const parent = paths[paths.length - 1];
      paths.push(
        pendingNested && parent ? [...parent, ...pendingNested] : depth === elementDepth ? [] : undefined,
      );
      pendingNested = undefined;
    } else if (ch === "}") {
      paths.pop();
    } else if (ch === "." && paths.at(-1) && isDesignatorStart(text, i)) {
      const designated = readDesignated(text, i + 1);
      if (designated?.kind === "nested") {
        pendingNested = designated.designators;
        i = designated.end;
        continue;
      }
      if (designated?.kind === "value") {
        const designators = designated.designators;
        found.push({
          path: [...paths.at(-1)!, ...designators.slice(0, -1)],
          field: designators.at(-1)!,
          target: designated.target,
          targetStart: designated.targetStart,
          targetEnd: designated.end,
        });
        i = designated.end;
        continue;
      }
    }
    i++;
  }
  return found;
}

/** A designator follows `{`, `,` or the start of the list, never a member access such as a.b. */
function isDesignatorStart(text: string, dot: number): boolean {
  let j = dot - 1;
  while (j >= 0 && /\s/.test(text[j]!)) j--;
  return j < 0 || text[j] === "{" || text[j] === ",";
}

type Designated =
  | { kind: "value"; designators: string[]; target: string; targetStart: number; end: number }
  | { kind: "nested"; designators: string[]; end: number };

/** Reads `a.b = &name` or `a = {` after the leading dot. */
function readDesignated(text: string, from: number): Designated | undefined {
  const designators: string[] = [];
  let i = from;
  for (;;) {
    const field = readIdentifier(text, skipSpaces(text, i));
    if (!field) return undefined;
    designators.push(field.name);
    i = skipSpaces(text, field.end);
    if (text[i] !== ".") break;
    i++;
  }
  if (text[i] !== "=") return undefined;
  i = skipSpaces(text, i + 1);
  if (text[i] === "{") return { kind: "nested", designators, end: i };
  if (text[i] === "&") i = skipSpaces(text, i + 1);
  const target = readIdentifier(text, i);
  if (!target) return undefined;
  const after = skipSpaces(text, target.end);
  if (after < text.length && text[after] !== "," && text[after] !== "}") return undefined;
  return { kind: "value", designators, target: target.name, targetStart: target.start, end: target.end };
}

function readIdentifier(
  text: string,
  start: number,
): { name: string; start: number; end: number } | undefined {
  if (start >= text.length || !isIdentifierStart(text[start]!)) return undefined;
  let end = start + 1;
  while (end < text.length && isIdentifierPart(text[end]!)) end++;
  return { name: text.slice(start, end), start, end };
}

const NOT_A_TARGET = new Set(["NULL", "true", "false"]);

/** Ops-table entries of one parsed file, from struct-typed variables with a brace initializer. */
export function extractOpsEntries(matches: QueryMatch[], text: string, lines: LineIndex): OpsEntry[] {
  const entries: OpsEntry[] = [];
  for (const match of matches) {
    const table = match.captures.find((c) => c.name === "table")?.node;
    const type = match.captures.find((c) => c.name === "table.type")?.node;
    const initializer = match.captures.find((c) => c.name === "table.initializer")?.node;
    if (!table || !type || !initializer || !isAtFileScope(table)) continue;
    const head = parseVariableHead(text.slice(table.startIndex, initializer.startIndex));
    if (!head) continue;
    const assignments = scanDesignatedInitializers(initializer.text, head.isArray ? 2 : 1);
    const registeredAs = head.isArray ? undefined : registeredName(initializer.text);
    for (const assignment of assignments) {
      if (NOT_A_TARGET.has(assignment.target)) continue;
      const start = initializer.startIndex + assignment.targetStart;
      const entry: OpsEntry = {
        structType: type.text,
        field: assignment.field,
        target: assignment.target,
        table: head.name,
        range: lines.rangeAt(start, start + assignment.target.length),
      };
      if (assignment.path.length > 0) entry.fieldPath = assignment.path;
      if (registeredAs !== undefined) entry.registeredAs = registeredAs;
      entries.push(entry);
    }
  }
  return entries;
}

/** `.name = "cubic"` among the table's own fields (not a nested list's), from its brace list's text; braces
 * and designators in comments and strings do not count. */
export function registeredName(initializerText: string): string | undefined {
  const code = blankRanges(initializerText, commentAndLiteralSpans(initializerText));
  // Not `=\s*`: the string is blanked in `code`, and its blanks would be taken for the space before it.
  const designator = /\.\s*name\s*=/g;
  let depth = 0;
  let counted = 0;
  for (let match; (match = designator.exec(code));) {
    for (; counted < match.index; counted++) {
      if (code[counted] === "{") depth++;
      else if (code[counted] === "}") depth--;
    }
    if (depth !== 1 || !isDesignatorStart(code, match.index)) continue;
    const literal = /^\s*"([^"\\]*)"/.exec(initializerText.slice(designator.lastIndex));
    if (literal) return literal[1];
  }
  return undefined;
}

/** Fields set in function bodies (the text scan's assignments): `sk->sk_data_ready = sock_def_readable;`
 * in sock_init_data is how sk_data_ready calls reach sock_def_readable. The struct is typed when asked.
 * A parameter assigned (`n->poll = poll;` in netif_napi_add) is kept with its position, for the functions
 * callers pass there; a local assigned (`sk->sk_hash = hash;`) names no function, though a function may
 * have its name, and is left out. */
export function assignedOpsEntries(
  text: string,
  bodies: readonly FunctionBody[],
  lines: LineIndex,
  definitions: FunctionDefinitionNode[],
): OpsEntry[] {
  return bodies.flatMap((body) => {
    const definition = definitions[enclosingDefinition(definitions, body.open)];
    const table = definition?.symbol.name ?? "";
    // Read only for a body that assigns a name: reading a definition's parameters walks the tree.
    let parameters: string[] | undefined;
    let bodyText: string | undefined;
    return body.assignments.flatMap((assignment): OpsEntry[] => {
      const entry: OpsEntry = {
        structType: "",
        field: assignment.field,
        target: assignment.target,
        table,
        range: lines.rangeAt(assignment.start, assignment.start + assignment.field.length),
        assigned: true,
      };
      if (assignment.targetStart !== undefined) {
        const end = assignment.targetStart + assignment.target.length;
        return [{ ...entry, targetRange: lines.rangeAt(assignment.targetStart, end) }];
      }
      parameters ??= definition ? definitionParameters(text, definition, body) : [];
      const parameter = parameters.indexOf(assignment.target);
      if (parameter >= 0) return [{ ...entry, parameter }];
      return declaresLocal((bodyText ??= text.slice(body.open, body.close + 1)), assignment.target)
        ? []
        : [entry];
    });
  });
}

/** The parameters of the definition a body belongs to: read from the text where the parse left the list or
 * the whole definition out (extract.ts), from the tree otherwise; none for a function a macro defines
 * (`SYSCALL_DEFINE2(listen, …)`). */
function definitionParameters(
  text: string,
  definition: FunctionDefinitionNode,
  body: FunctionBody,
): string[] {
  const { scope } = definition;
  if (!scope) return body.parameters ? parameterNamesIn(text, ...body.parameters) : [];
  if (scope.type !== "function_definition") return [];
  if (!body.parameters || scope.endIndex !== body.close + 1) return parameterNames(scope);
  return parameterNamesIn(text, ...body.parameters);
}

/** `const struct skb_checksum_ops ops = {` or `struct x tab[] = {`: a struct-typed variable with a brace
 * initializer (`static` and `const` before it do not matter). */
const LOCAL_TABLE = /\bstruct\s+([A-Za-z_]\w*)\s+(?:const\s+)?([A-Za-z_]\w*)\s*(\[[^\]\n]*\])?\s*=\s*\{/g;

/**
 * Tables declared in function bodies, read from the text as bodies are not parsed: net/core/skbuff.c's
 * skb_checksum declares `ops = { .update = csum_partial_ext, … }` and hands it to __skb_checksum, which
 * calls `ops->update(…)`. A value that is a parameter or local of the function names no function.
 */
export function localTableEntries(
  text: string,
  bodies: readonly FunctionBody[],
  comments: readonly (readonly [number, number])[],
  lines: LineIndex,
  definitions: FunctionDefinitionNode[],
): OpsEntry[] {
  const entries: OpsEntry[] = [];
  if (bodies.length === 0) return entries;
  LOCAL_TABLE.lastIndex = 0;
  for (let match; (match = LOCAL_TABLE.exec(text));) {
    const open = match.index + match[0].length - 1;
    const body = spanAround(bodies, match.index, (b) => [b.open, b.close]);
    if (!body || spanAround(comments, match.index, (c) => c)) continue;
    const close = closingBrace(text, open);
    if (close === undefined || close > body.close) continue;
    LOCAL_TABLE.lastIndex = close;
    const definition = definitions[enclosingDefinition(definitions, body.open)];
    const parameters = definition ? definitionParameters(text, definition, body) : [];
    const bodyText = text.slice(body.open, body.close + 1);
    const [, structType, table, array] = match;
    for (const assignment of scanDesignatedInitializers(text.slice(open, close + 1), array ? 2 : 1)) {
      const { target } = assignment;
      if (NOT_A_TARGET.has(target) || parameters.includes(target) || declaresLocal(bodyText, target))
        continue;
      const start = open + assignment.targetStart;
      const entry: OpsEntry = {
        structType: structType!,
        field: assignment.field,
        target,
        table: table!,
        range: lines.rangeAt(start, start + target.length),
      };
      if (assignment.path.length > 0) entry.fieldPath = assignment.path;
      if (definition) entry.scope = definition.symbol.name;
      entries.push(entry);
    }
  }
  return entries;
}

/** The span (by `bounds`, ordered and not overlapping) holding `offset`, found by bisection. */
export function spanAround<T>(
  spans: readonly T[],
  offset: number,
  bounds: (span: T) => readonly [number, number],
): T | undefined {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = bounds(spans[middle]!);
    if (offset < start) high = middle - 1;
    else if (offset >= end) low = middle + 1;
    else return spans[middle];
  }
  return undefined;
}

/** Whether a body declares a local `name` (`u32 hash = …;`, `struct sock *sk;`, `int err, hash;`); read
 * from the text, as bodies are not parsed when indexing. */
function declaresLocal(body: string, name: string): boolean {
  for (let at = body.indexOf(name); at >= 0; at = body.indexOf(name, at + name.length)) {
    const end = at + name.length;
    if (isIdentifierPart(body[at - 1] ?? " ") || isIdentifierPart(body[end] ?? " ")) continue;
    if (!/^\s*(?:=(?!=)|;|,|\[)/.test(body.slice(end, end + 8))) continue;
    const statementStart = Math.max(
      body.lastIndexOf(";", at),
      body.lastIndexOf("{", at),
      body.lastIndexOf("}", at),
    );
    const before = body.slice(statementStart + 1, at);
    if (isTypeOnly(before) || endsEarlierDeclarators(before)) return true;
  }
  return false;
}

/** Words a declaration never starts with, though `return hash;` looks like one. */
const NOT_TYPES = new Set(["return", "case", "goto", "else", "do", "sizeof", "typeof", "__typeof__"]);

const isType = (words: string) => !words.split(/\s+/).some((word) => NOT_TYPES.has(word));

/** `u32 ` or `struct sock *` before the name: the statement so far is a declaration's type. */
function isTypeOnly(before: string): boolean {
  const words = /^\s*((?:\w+\s+)*\w+)[\s*]*$/.exec(before)?.[1];
  return words !== undefined && isType(words);
}

/** `int err, ` or `struct sock *sk = f(a, b), *` before the name: a declaration's earlier declarators,
 * the last ending in a comma outside any parentheses (`f(a, hash)` is a call). */
function endsEarlierDeclarators(before: string): boolean {
  if (!/,[\s*]*$/.test(before)) return false;
  const head = /^\s*((?:\w+[\s*]+)+)\w+\s*(?:[=,[])/.exec(before);
  if (!head || !isType(head[1]!.replace(/\*/g, " ").trim())) return false;
  let depth = 0;
  for (let i = head[0].length - 1; i < before.length; i++) {
    const c = before[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
  }
  return depth === 0;
}

/** How an entry links a field to its function, for hovers: `ipv4_specific.conn_request`,
 * `sk_data_ready = sock_def_readable in sock_init_data()`, or `poll ← netif_napi_add(…, gro_cell_poll, …)
 * in gro_cells_init()`. */
export function entryLabel(entry: OpsEntry): string {
  if (entry.passedTo !== undefined) {
    return `${entry.field} ← ${entry.passedTo}(…, ${entry.target}, …) in ${entry.table}()`;
  }
  if (entry.scope !== undefined) return `${entry.table}.${entry.field} in ${entry.scope}()`;
  if (!entry.assigned) return `${entry.table}.${entry.field}`;
  return `${entry.field} = ${entry.targetRange ? "…->" : ""}${entry.target} in ${entry.table}()`;
}

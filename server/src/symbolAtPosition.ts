// What the cursor is on: a function name, a call, a struct field, a macro, a struct, an enum or one of its
// constants, or a variable.
// Indexed call sites give calls; the text right before the word tells a member (`->x`, `.x`) or a struct
// tag (`struct x`), so a request needs no parse.
import { lexicalContextAt } from "./commentsAndLiterals.js";
import type { CallSite, FileSymbols, FunctionSymbol, StructSymbol } from "./fileSymbols.js";
import { C_KEYWORDS, isIdentifierPart } from "./kernelMacros.js";
import { memberArgumentAt } from "./memberAccess.js";
import {
  rangeContains,
  rangeStart,
  sameRange,
  startLine,
  type CompactRange,
  type Position,
} from "./textPositions.js";
import type { Located, WorkspaceIndex } from "./workspaceIndex.js";

export type SymbolKind =
  | "function"
  | "call"
  | "field"
  | "macro"
  | "struct"
  | "enum"
  | "enumerator"
  | "variable"
  | "typedef"
  | "unknown";

export interface SymbolAtPosition {
  kind: SymbolKind;
  name: string;
  range: CompactRange;
  /** For a call through a function pointer (kind "field"), the indexed call site. */
  fieldCall?: Located<CallSite>;
  /** For a direct call (kind "call"), the indexed call site. */
  directCall?: CallSite;
  /** Written as a member (`->x`, `.x`): never a function's parameter or local (a macro's parameter or a
   * trace event's entry field may be: localDeclarations.ts). */
  isMember?: true;
  /** Written after `struct`, `union` or `enum`: a tag, never a function's parameter or local (a bare name a
   * struct has is one when declared so: `struct page *page;`). */
  isTag?: true;
  /** A comment's word that reads as English (`one`, `Target`, `ANY`: letters only, not called): it names what
   * the file can see, never what another .c file keeps to itself (a `static` function or global). A
   * comment's `tcp_rcv_synsent_state_process` or `target()` may still name another file's. */
  isProse?: true;
  /** `@sk` in the kernel-doc comment right above a function: where to look the parameter up, in the
   * function's head (the cursor is outside the function). */
  documentedAt?: Position;
  /** `@skc_daddr` in the kernel-doc comment right above struct sock_common: the struct holding the member
   * (there is no receiver to type). */
  holder?: string;
}

export function symbolAtPosition(
  text: string,
  position: Position,
  file: FileSymbols | undefined,
  index: WorkspaceIndex,
): SymbolAtPosition | undefined {
  const word = wordAt(text, position);
  if (!word) return undefined;
  // `ping_queue_rcv_skb -> failed\n` in a string names nothing; a comment's words name what they can.
  const context = lexicalContextAt(text, word.start);
  if (context === "string" || isDirectiveText(text, word.start)) return undefined;
  // An address in a comment is no code: `net` in `<kaber@trash.net>` listed 66 fields.
  if (context === "comment" && inAddress(text, word.start)) return undefined;
  const symbol = symbolOfWord(text, position, word, context, file, index);
  return symbol && context === "comment" && isEnglishWord(text, word) ? { ...symbol, isProse: true } : symbol;
}

function symbolOfWord(
  text: string,
  position: Position,
  word: { name: string; range: CompactRange; start: number },
  context: "code" | "comment",
  file: FileSymbols | undefined,
  index: WorkspaceIndex,
): SymbolAtPosition | undefined {
  const { name, range } = word;
  // A keyword names nothing, though the index may hold one: `#define inline …` in compiler-gcc.h.
  if (C_KEYWORDS.has(name)) return undefined;
  const call = file?.calls.find((c) => c.callee === name && rangeContains(c.range, position));
  if (call?.kind === "field") {
    return { kind: "field", name, range, fieldCall: { file: file!, symbol: call }, isMember: true };
  }
  if (call?.kind === "direct") return { kind: "call", name, range, directCall: call };
  // The name TRACE_EVENT(net_dev_start_xmit, …) declares is its function trace_net_dev_start_xmit
  // (tracepoints.ts): definition, hover and references (where the event fires) are that function's.
  const tracepoint = context === "code" ? tracepointNamedAt(file, name, range) : undefined;
  if (tracepoint) return { kind: "function", name: tracepoint.name, range };
  const before = text.slice(Math.max(0, word.start - 40), word.start);
  const isMember =
    context === "code"
      ? /(->|\.)\s*$/.test(before) && !/\.\.\.\s*$/.test(before)
      : // Prose: `sk->sk_sndbuf` and `req.qlen` are members; `… decrypt_msdu. skb must …` and `fcntl.h` not.
        /(->|[\w)\]]\.)$/.test(before) && !(before.endsWith(".") && FILE_SUFFIX.test(name));
  if (isMember || memberArgumentAt(text, word.start)) {
    return { kind: "field", name, range, isMember: true };
  }
  // A field where its struct declares it is that struct's, not any of the others named so.
  const declaredIn = context === "code" ? structDeclaringField(file, range) : undefined;
  if (declaredIn) return { kind: "field", name, range, isMember: true, holder: declaredIn.name };
  if (context === "comment" && isKernelDocParameter(text, word.start)) {
    // `@state:` documents a parameter or member, whatever else some file names so.
    const documented = documentedDeclaration(text, word.start, file);
    if (documented?.function) {
      const { selectionRange } = documented.function;
      return {
        kind: "unknown",
        name,
        range,
        documentedAt: rangeStart(selectionRange),
      };
    }
    const struct = documented?.struct;
    if (!struct) return undefined;
    if (declaresField(file!, struct.name, name)) {
      return { kind: "field", name, range, isMember: true, holder: struct.name };
    }
    // A name the documented struct has no member of is read as the comment's other words are: never some
    // other struct's field (`@param cdev` in include/linux/qed/qed_fcoe_if.h listed 46 fields named
    // param), still a type or function (`as defined by @coresight_ops` in coresight.h).
  }
  // After the keyword a name is a tag, whether or not the tree defines it (`struct regmap` is opaque here):
  // never a field or variable of that name.
  if (/\b(struct|union)\s+$/.test(before)) return { kind: "struct", name, range, isTag: true };
  if (/\benum\s+$/.test(before)) return { kind: "enum", name, range, isTag: true };
  if (index.has("function", name)) return { kind: "function", name, range };
  if (index.has("macro", name)) return { kind: "macro", name, range };
  if (index.has("enumerator", name)) return { kind: "enumerator", name, range };
  // Without `struct` before it a name is no tag: `this_cpu_ptr(&softnet_data)` is the per-CPU variable
  // (net/core/dev.c), not struct softnet_data; a typedef'd struct's name is a type as is.
  if (index.has("variable", name)) return { kind: "variable", name, range };
  if (index.has("struct", name)) return { kind: "struct", name, range };
  if (index.has("typedef", name)) return { kind: "typedef", name, range };
  // A comment's prose is full of words some struct has a field of (`a`, `or`, `state`): there a field is
  // named only as a member (`sk->sk_sndbuf`).
  if (context === "code" && index.has("field", name)) return { kind: "field", name, range };
  return { kind: "unknown", name, range };
}

/** The function (its definition, else its prototype) or struct whose first line is where the code resumes
 * after the comment holding `start`. */
function documentedDeclaration(
  text: string,
  start: number,
  file: FileSymbols | undefined,
): { function?: FunctionSymbol; struct?: StructSymbol } | undefined {
  const close = text.indexOf("*/", start);
  if (!file || close < 0) return undefined;
  const next = text.slice(close + 2, close + 2 + 400).search(/\S/);
  if (next < 0) return undefined;
  const line = text.slice(0, close + 2 + next).split("\n").length - 1;
  const starting = file.functions.filter((f) => startLine(f.range) === line);
  const fn = starting.find((f) => f.isDefinition) ?? starting[0];
  if (fn) return { function: fn };
  const struct = file.structs.find((s) => startLine(s.range) === line && !s.name.includes("."));
  return struct && { struct };
}

/** Whether struct `holder` of `file`, or a member struct declared in it ("holder.field"), has a field `name`. */
function declaresField(file: FileSymbols, holder: string, name: string): boolean {
  return file.structs.some(
    (s) => (s.name === holder || s.name.startsWith(`${holder}.`)) && s.fields.some((f) => f.name === name),
  );
}

/** The tracepoint function of `file` whose event is named at `range` (its selection). */
function tracepointNamedAt(
  file: FileSymbols | undefined,
  name: string,
  range: CompactRange,
): FunctionSymbol | undefined {
  const traced = `trace_${name}`;
  return file?.functions.find((f) => f.name === traced && sameRange(f.selectionRange, range));
}

/** The struct of `file` that declares a field at `range`. */
function structDeclaringField(file: FileSymbols | undefined, range: CompactRange): StructSymbol | undefined {
  return file?.structs.find(
    (s) => rangeContains(s.range, rangeStart(range)) && s.fields.some((f) => sameRange(f.range, range)),
  );
}

/** Letters only, in lower case, capitalised or in capitals (`update`, `Please`, `WARRANTY`), not called. */
function isEnglishWord(text: string, word: { name: string; start: number }): boolean {
  return (
    /^(?:[A-Z]?[a-z]+|[A-Z]+)$/.test(word.name) &&
    !/^\s*\(/.test(text.slice(word.start + word.name.length, word.start + word.name.length + 20))
  );
}

/** `@name` in a comment opened by a slash and two stars. */
function isKernelDocParameter(text: string, start: number): boolean {
  if (text[start - 1] !== "@") return false;
  const open = text.lastIndexOf("/**", start);
  return open >= 0 && text.lastIndexOf("*/", start) < open;
}

/** A mail or web address: `<kaber@trash.net>`, `http://www.kernel.org/…`. */
const ADDRESS = /[\w.+-]@[\w-]+\.[\w.-]*\w|:\/\/\w/;

/** Whether the word at `start` is part of an address (its run of non-blank characters is one). */
function inAddress(text: string, start: number): boolean {
  const from = Math.max(0, start - 100);
  const head = /\S*$/.exec(text.slice(from, start))![0];
  const tail = /^\S*/.exec(text.slice(start, start + 100))![0];
  return ADDRESS.test(head + tail);
}

/** A directive's name (`#error`, `#include`), the message of an `#error` or `#warning` line (prose the
 * preprocessor prints: `#error Group bits in conflict` listed 47 fields named error), or a part of an
 * `#include <…>` path, which names a header or, outside the tree, nothing (`h` of `<asm/arm-cci.h>` listed
 * 37 fields). */
function isDirectiveText(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const before = text.slice(lineStart, start);
  return (
    /^\s*#\s*$/.test(before) ||
    /^\s*#\s*(?:error|warning)\b/.test(before) ||
    /^\s*#\s*include(?:_next)?\s*<[^>]*$/.test(before)
  );
}

/** What follows a file name's dot: `fcntl.h`, `tcp_input.c`, `entry.S`. */
const FILE_SUFFIX = /^[chS]$/;

/** The identifier under (or just before) the cursor. */
export function wordAt(
  text: string,
  position: Position,
): { name: string; range: CompactRange; start: number } | undefined {
  let lineStart = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf("\n", lineStart);
    if (next < 0) return undefined;
    lineStart = next + 1;
  }
  let lineEnd = text.indexOf("\n", lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  const offset = lineStart + position.character;
  if (position.character < 0 || offset > lineEnd) return undefined;
  let start = offset;
  while (start > lineStart && isIdentifierPart(text[start - 1]!)) start--;
  let end = offset;
  while (end < lineEnd && isIdentifierPart(text[end]!)) end++;
  if (start === end || /^[0-9]/.test(text[start]!)) return undefined;
  return {
    name: text.slice(start, end),
    range: [position.line, start - lineStart, position.line, end - lineStart],
    start,
  };
}

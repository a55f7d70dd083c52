// The struct a member belongs to, from how the access is written (memberAccess.ts) and the declared type
// of its base: `skb->len` is struct sk_buff's because tcp_rcv_established declares `struct sk_buff *skb`.
import type { FileSymbols, MacroSymbol, ReceiverType } from "./fileSymbols.js";
import type { FieldRef } from "./indexedFile.js";
import { macroFieldsNamed } from "./macroFields.js";
import { definitionAt } from "./declarers.js";
import { localDeclaration, type LocalDeclaration } from "./localDeclarations.js";
import { macroParameterAt, parameterIndex } from "./macroParameters.js";
import { declaredByMacroCall } from "./macroDeclarations.js";
import { anonymousTypeVariable, declaredTypeName, structDeclaredThroughout } from "./declaredTypes.js";
import { designatorAt, type Designator } from "./designators.js";
import {
  designatorAtInvocation,
  designatorInReplacement,
  designatorsBeside,
  structsNamedAbove,
  type DefineText,
} from "./macroDesignators.js";
import { replacementOf } from "./macros.js";
import { closingParen, topLevelArguments } from "./macroArguments.js";
import { memberAccessAt, memberArgumentAt, type MemberAccess } from "./memberAccess.js";
import type { ServerContext } from "./serverContext.js";
import { variableTypeName } from "./structs.js";
import type { SymbolAtPosition } from "./symbolAtPosition.js";
import {
  rangeContains,
  rangeStart,
  type CompactRange,
  type LineIndex,
  type Position,
} from "./textPositions.js";

/** Base types already looked up in one request, by file, enclosing function and base name: a search over
 * thousands of members parses each function once (a same-named local in two blocks shares the first). */
export type BaseTypeMemo = Map<string, string | undefined>;

/** The struct holding the member under the cursor: from the indexed call site for a call through a
 * pointer, else from the access as written (`sk->sk_lock.owned`) and its base's declared type. */
export function memberHolderOf(
  context: ServerContext,
  uri: string,
  symbol: SymbolAtPosition,
): string | undefined {
  if (symbol.fieldCall) return context.graph.callHolder(symbol.fieldCall);
  if (symbol.holder !== undefined || !symbol.isMember) return symbol.holder;
  const source = context.documents.sourceOf(uri);
  if (!source) return undefined;
  const { text, lines } = source;
  return memberHolderAt(context, uri, text, lines, lines.offsetAt(rangeStart(symbol.range)));
}

/** The struct holding the member whose name starts at `start` in the document's `text`. */
export function memberHolderAt(
  context: ServerContext,
  uri: string,
  text: string,
  lines: LineIndex,
  start: number,
  memo?: BaseTypeMemo,
): string | undefined {
  const argument = memberArgumentAt(text, start);
  if (argument) {
    const { variable } = argument;
    const baseStruct =
      argument.struct ??
      (variable &&
        baseTypeOf(
          context,
          uri,
          text,
          { base: variable.name, baseStart: variable.start, path: [] },
          lines,
          memo,
        ));
    return baseStruct && context.graph.holderStruct({ baseStruct, path: argument.path });
  }
  const access = memberAccessAt(text, start);
  if (!access) {
    const define = defineAround(context, uri, text, lines, start);
    const designator = define ? designatorInReplacement(text, define, start) : designatorAt(text, start);
    const typed = designator && designatorHolder(context, uri, lines, designator);
    if (typed || !define) return typed;
    // In a `#define`, the braces' type is often its invocations' to give.
    return (
      invokedHolder(context, uri, text, define, start) ?? macroDesignatorHolder(context, text, define, start)
    );
  }
  const receiver: ReceiverType = { path: access.path };
  if (access.baseIsCall) receiver.baseCall = access.base;
  else receiver.baseStruct = access.castStruct ?? baseTypeOf(context, uri, text, access, lines, memo);
  if (!access.baseIsCall && !receiver.baseStruct) {
    const called = calledByMacro(context, access.base);
    if (called) receiver.baseCall = called;
  }
  return context.graph.holderStruct(receiver);
}

/** The struct a designator's braces initialize, from what the text before them declares. */
function designatorHolder(
  context: ServerContext,
  uri: string,
  lines: LineIndex,
  designator: Designator,
): string | undefined {
  const anonymous = designator.anonymousVariable;
  const baseStruct =
    designator.baseType ??
    (anonymous &&
      variableTypeName(anonymous.name, enclosingFunctionName(context, uri, lines, anonymous.start)));
  return baseStruct && context.graph.holderStruct({ baseStruct, path: designator.path });
}

/** The struct the designator at `start` of a `#define`'s replacement is a field of where the macro is invoked,
 * when its first invocations in the index agree (include/net/snmp.h's SNMP_MIB_ITEM in net/ipv4/proc.c's
 * `struct snmp_mib` tables); undefined when none types it or two disagree. */
function invokedHolder(
  context: ServerContext,
  defineUri: string,
  text: string,
  define: DefineAround,
  start: number,
): string | undefined {
  return agreedAtInvocations(context, define.macro.name, defineUri, (uri, site, invocation) => {
    const designator = designatorAtInvocation(text, define, start, site.text, invocation);
    return designator && designatorHolder(context, uri, site.lines, designator);
  });
}

/** What `typeAt` reads at each of the first invocations of `macro` in the index (where its name starts in
 * the invoking file), when the invocations that give an answer agree. A macro a .c file defines is its own:
 * net/ipv4/tunnel4.c and net/ipv6/tunnel6.c each define for_each_tunnel_rcu over their own handlers. */
function agreedAtInvocations(
  context: ServerContext,
  macro: string,
  definedIn: string,
  typeAt: (uri: string, site: { text: string; lines: LineIndex }, invocation: number) => string | undefined,
): string | undefined {
  const own = context.paths.relative(definedIn);
  const calls = context.index.directCallsTo(macro);
  const seen = own?.endsWith(".c") ? calls.filter((call) => call.file.path === own) : calls;
  let agreed: string | undefined;
  for (const call of seen.slice(0, MAX_INVOCATIONS_READ)) {
    const uri = context.paths.uri(call.file.path);
    const site = context.documents.sourceOf(uri);
    const found = site && typeAt(uri, site, site.lines.offsetAt(rangeStart(call.symbol.range)));
    if (!found) continue;
    if (agreed !== undefined && found !== agreed) return undefined;
    agreed = found;
  }
  return agreed;
}

/** Invocations read for a `#define`'s designator or parameter: enough to agree on a type, few enough for a
 * reference search typing every such member of a common field. */
const MAX_INVOCATIONS_READ = 8;

/** The struct of a designator a `#define`'s replacement writes (macroDesignators.ts): the one struct that has
 * a field of each name the list designates, when there is one. */
function macroDesignatorHolder(
  context: ServerContext,
  text: string,
  define: DefineAround,
  start: number,
): string | undefined {
  const holders = macroDesignatorHolders(context, text, define, start);
  return holders?.size === 1 ? [...holders][0] : undefined;
}

/** The structs that have a field of each name beside the designator at `start` in a `#define`'s list;
 * undefined for a member alone in its list. */
function macroDesignatorHolders(
  context: ServerContext,
  text: string,
  define: DefineAround,
  start: number,
): Set<string> | undefined {
  const names = designatorsBeside(text, define.start, define.end, start);
  if (!names || names.length < 2) return undefined;
  const holders = structsWithFields(context, new Set(names));
  // Of several, the one the macro's comment names (include/linux/mmc/sdio_func.h: SDIO_DEVICE "is used to
  // create a struct sdio_device_id"; struct pci_device_id has its class, vendor and device too).
  const named = structsNamedAbove(text, define.directive).filter((tag) => holders.has(tag));
  return holders.size > 1 && new Set(named).size === 1 ? new Set(named) : holders;
}

/** The structs that have a field of each of `names` (at least one name). */
function structsWithFields(context: ServerContext, names: ReadonlySet<string>): Set<string> {
  let holders: Set<string> | undefined;
  for (const name of names) {
    const structs = new Set(context.index.fieldsNamed(name).map((field) => field.struct.name));
    holders = holders ? new Set([...holders].filter((holder) => structs.has(holder))) : structs;
  }
  return holders ?? new Set();
}

/** A `#define` and where it is in the file's text. */
interface DefineAround extends DefineText {
  macro: MacroSymbol;
}

/** The `#define` whose lines hold `start`, if one does. Only a directive's member looks for the file's
 * macros (a reference search types thousands of members). */
function defineAround(
  context: ServerContext,
  uri: string,
  text: string,
  lines: LineIndex,
  start: number,
): DefineAround | undefined {
  if (!inDefine(text, start)) return undefined;
  const position = lines.positionAt(start);
  const macro = context.documents.symbolsOf(uri)?.macros.find((m) => rangeContains(m.range, position));
  if (!macro) return undefined;
  return { macro, directive: lines.offsetAt(rangeStart(macro.range)), ...replacementOf(macro, text, lines) };
}

/** Whether `offset` is on a `#define` line or one it continues with a `\\`. */
function inDefine(text: string, offset: number): boolean {
  let lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  while (lineStart > 1 && /\\\r?$/.test(text.slice(Math.max(0, lineStart - 3), lineStart - 1)))
    lineStart = text.lastIndexOf("\n", lineStart - 2) + 1;
  return /^[ \t]*#[ \t]*define\b/.test(text.slice(lineStart, lineStart + 40));
}

/** The function an object-like macro calls with no arguments, which types it as a base:
 * include/asm-generic/current.h: `#define current get_current()` for `current->flags`. */
function calledByMacro(context: ServerContext, name: string): string | undefined {
  if (!context.index.has("macro", name)) return undefined;
  for (const macro of context.index.macrosNamed(name)) {
    if (macro.symbol.parameters) continue;
    const call = /^\(?\s*([A-Za-z_]\w*)\s*\(\s*\)\s*\)?$/.exec(macro.symbol.value);
    if (call) return call[1];
  }
  return undefined;
}

/** The struct holding the member `name` written at `range` of a file, from the text around it: for a
 * call the body scan found, `icsk->icsk_af_ops->conn_request(sk, skb)` is inet_connection_sock_af_ops's
 * (tcp_rcv_state_process declares icsk); for an assignment, `sk->sk_data_ready = …` is struct sock's. */
export function typeMemberFromText(
  context: ServerContext,
  path: string,
  range: CompactRange,
  name: string,
): string | undefined {
  const uri = context.paths.uri(path);
  const source = context.documents.sourceOf(uri);
  if (!source) return undefined;
  const { text, lines } = source;
  const start = lines.offsetAt(rangeStart(range));
  if (text.slice(start, start + name.length) !== name) return undefined;
  return memberHolderAt(context, uri, text, lines, start);
}

/** The fields the member under the cursor may be: the receiver's struct's when its type is known. */
export function fieldsOfMember(
  context: ServerContext,
  uri: string,
  symbol: SymbolAtPosition,
): { refs: FieldRef[]; typed: boolean } {
  const fields = context.index.fieldsNamed(symbol.name);
  const holder = memberHolderOf(context, uri, symbol);
  const typed = holder
    ? fieldsOfHolder(context, fields, holder, symbol.name, context.paths.relative(uri) ?? "")
    : [];
  if (typed.length > 0) return { refs: typed, typed: true };
  return {
    refs: holder ? fields : (fieldsOfDesignatedStructs(context, uri, symbol, fields) ?? fields),
    typed: false,
  };
}

/** Of the fields named so, those of the structs a `#define`'s designator list may initialize when two or
 * more have all its designators (hwmon-sysfs.h SENSOR_ATTR's `.index` is sensor_device_attribute's or
 * sensor_device_attribute_2's, not one of 168). */
function fieldsOfDesignatedStructs(
  context: ServerContext,
  uri: string,
  symbol: SymbolAtPosition,
  fields: FieldRef[],
): FieldRef[] | undefined {
  if (!symbol.isMember || symbol.fieldCall) return undefined;
  const source = context.documents.sourceOf(uri);
  if (!source) return undefined;
  const { text, lines } = source;
  const start = lines.offsetAt(rangeStart(symbol.range));
  if (memberAccessAt(text, start) || memberArgumentAt(text, start)) return undefined;
  const define = defineAround(context, uri, text, lines, start);
  const holders = define && macroDesignatorHolders(context, text, define, start);
  const designated = holders && fields.filter((f) => holders.has(f.struct.name));
  return designated?.length ? designated : undefined;
}

/** Of the fields named `name`, those of struct `holder` code in `path` means; else those a field macro of
 * that struct declares (`tc_gen;` where struct tc_gact's fields go: macroFields.ts); else none. */
export function fieldsOfHolder(
  context: ServerContext,
  fields: readonly FieldRef[],
  holder: string,
  name: string,
  path: string,
): FieldRef[] {
  const typed = fields.filter((f) => f.struct.name === holder);
  if (typed.length > 0) return meantDefinitions(typed, path);
  return macroFieldsNamed(context, meantDefinitions(context.index.structsNamed(holder), path), name);
}

/**
 * Of the definitions of one struct tag, those code in `path` means. A .c file's own is private to it (struct
 * bictcp is both tcp_cubic.c's and tcp_bic.c's); any other file means those of the headers.
 */
export function meantDefinitions<T extends { file: { path: string } }>(definitions: T[], path: string): T[] {
  const own = definitions.filter((d) => d.file.path === path);
  if (isSource(path) && own.length > 0) return own;
  const shared = definitions.filter((d) => !isSource(d.file.path));
  return shared.length > 0 ? shared : definitions;
}

/** Which definitions of struct `name` code in `path` means (meantDefinitions), as a key: two members typed
 * as the same tag are the same struct's when their keys agree. */
export function structScope(context: ServerContext, path: string, name: string): string {
  return meantDefinitions(context.index.structsNamed(name), path)
    .map((d) => d.file.path)
    .join("\n");
}

function isSource(path: string): boolean {
  return path.endsWith(".c");
}

/** The struct or typedef a parameter or local `name` is declared with: `struct sock *sk` → sock; for
 * `struct { … } rep;` its anonymous struct, typeof(function.rep) (structs.ts: variableTypeName). */
export function localTypeName(local: LocalDeclaration, name: string): string | undefined {
  // A macro's parameter declares no type (baseTypeOf asks the macro's invocations), nor does a label.
  if (local.kind === "macro parameter" || local.kind === "label") return undefined;
  // The entry's struct is the expansion's (trace_event_raw_<name>), in no file: its fields are the event's.
  if (local.kind === "event entry") return undefined;
  // `__field(struct foo *, p)`: the entry's field has the type its macro gives.
  if (local.kind === "event field") return local.type && declaredTypeName(`${local.type} ${name}`, name);
  const byMacro = declaredByMacroCall(local.text);
  if (byMacro?.name === name) return byMacro.structType;
  const anonymous = anonymousTypeVariable(local.text);
  return anonymous === undefined
    ? declaredTypeName(local.text, name)
    : variableTypeName(anonymous, local.functionName);
}

/** A parameter's, local's or global's struct or typedef name: `struct sock *sk` → sock. */
function baseTypeOf(
  context: ServerContext,
  uri: string,
  text: string,
  access: MemberAccess,
  lines: LineIndex,
  memo?: BaseTypeMemo,
  invocations: "follow" | "not" = "follow",
): string | undefined {
  const file = context.documents.symbolsOf(uri);
  const position = lines.positionAt(access.baseStart);
  const definition = file && definitionAt(file, position);
  const define = definition ? undefined : file?.macros.find((m) => rangeContains(m.range, position));
  let key: string | undefined;
  if (memo) {
    // Outside a function, a #define's parameters are its own: two macros' `pe` may differ.
    const scope = definition ? file!.functions.indexOf(definition) : define?.name;
    key = `${uri}#${scope ?? -1}#${access.base}`;
    if (memo.has(key)) return memo.get(key);
  }
  const local = file && localDeclaration(context.parser, text, file, access.base, position, { lines });
  let type: string | undefined;
  if (local?.kind === "macro parameter") {
    type =
      (invocations === "follow"
        ? parameterTypeAtInvocations(context, uri, local, access.base, memo)
        : undefined) ?? parameterTypeByMembers(context, file!, text, lines, access.base, position);
  } else if (local) {
    type = localTypeName(local, access.base);
  } else {
    const bodyStart = definition && lines.offsetAt(rangeStart(definition.range));
    type =
      (bodyStart !== undefined &&
        blockMacroLocalType(context, uri, text.slice(bodyStart, access.baseStart), access.base)) ||
      context.index
        .variablesVisibleFrom(access.base, context.paths.relative(uri) ?? "")
        .find((v) => v.symbol.structType)?.symbol.structType ||
      // No declaration in reach (a comment, a #define's free name): as the file declares that name, else, in a
      // #define, as the functions invoking it do (in reference searches too: struct attribute's `name` leaves
      // out `info->name` in net/netfilter/xt_repldata.h's xt_alloc_initial_table, an xt_table's).
      structDeclaredThroughout(text, access.base) ||
      (define && invocations === "follow"
        ? freeNameTypeAtInvocations(context, uri, define.name, access.base)
        : undefined);
  }
  if (key !== undefined) memo!.set(key, type);
  return type;
}

/**
 * The struct a `#define`'s parameter points to, from what its first invocations in the index pass for it
 * when they agree: include/net/ip_vs.h's `ip_vs_pe_put(pe)` writes `pe->module`, and its callers pass a
 * `struct ip_vs_pe *`. An argument is read as a variable, a member (`cp->pe`), or a cast; the invocations'
 * own macro parameters are not followed further.
 */
function parameterTypeAtInvocations(
  context: ServerContext,
  defineUri: string,
  parameter: LocalDeclaration,
  name: string,
  memo: BaseTypeMemo | undefined,
): string | undefined {
  const index = parameterIndex(parameter.text, name);
  if (index < 0) return undefined;
  const macro = parameter.functionName;
  return agreedAtInvocations(context, macro, defineUri, (uri, site, invocation) => {
    const nameEnd = invocation + macro.length;
    const open = nameEnd + (/^\s*/.exec(site.text.slice(nameEnd, nameEnd + 80))?.[0].length ?? 0);
    const close = site.text[open] === "(" ? closingParen(site.text, open) : undefined;
    const argument = close === undefined ? undefined : topLevelArguments(site.text, open, close)[index];
    return argument && argumentType(context, uri, site.text, site.lines, argument, memo);
  });
}

/**
 * The one struct that has a field of each name a `#define` writes after its parameter (`(name)->head`,
 * `&(name)->lock`), when its invocations do not tell: include/linux/notifier.h's
 * ATOMIC_INIT_NOTIFIER_HEAD(name), which only drivers invoke, sets `lock` and `head` of a struct
 * atomic_notifier_head. As a `#define`'s designators are typed (macroDesignatorHolders).
 */
function parameterTypeByMembers(
  context: ServerContext,
  file: FileSymbols,
  text: string,
  lines: LineIndex,
  name: string,
  position: Position,
): string | undefined {
  const parameter = macroParameterAt(file, text, lines, name, position);
  if (!parameter) return undefined;
  const members = new Set<string>();
  for (const use of parameter.uses) {
    const start = lines.offsetAt(rangeStart(use));
    const member = MEMBER_AFTER.exec(text.slice(start + name.length, start + name.length + 80));
    // `(name)->head` is the parameter's; `f(name)->x` the call's.
    if (!member || (member[1] && !PARENTHESIZED.test(text.slice(Math.max(0, start - 40), start)))) continue;
    members.add(member[2]!);
  }
  if (members.size < 2) return undefined;
  const holders = structsWithFields(context, members);
  return holders.size === 1 ? [...holders][0] : undefined;
}

/** `)->head`, `.lock`: the member written right after a parameter (in its parentheses or not). */
const MEMBER_AFTER = /^\s*(\))?\s*(?:->|\.)\s*([A-Za-z_]\w*)/;
/** A parameter's own parentheses open right before it, not a call's. */
const PARENTHESIZED = /(?:^|[^\w\s])\s*\(\s*$/;

/** The struct a name a `#define` uses but does not declare points to, from the locals of that name where its
 * first invocations expand it, when they agree: net/ipv6/sit.c's for_each_prl_rcu(start) walks `prl`, a
 * `struct ip_tunnel_prl_entry *` in each function invoking it (another function's `prl` is a struct
 * ip_tunnel_prl). */
function freeNameTypeAtInvocations(
  context: ServerContext,
  defineUri: string,
  macro: string,
  name: string,
): string | undefined {
  return agreedAtInvocations(context, macro, defineUri, (uri, site, invocation) =>
    baseTypeOf(
      context,
      uri,
      site.text,
      { base: name, baseStart: invocation, path: [] },
      site.lines,
      undefined,
      "not",
    ),
  );
}

/** The struct an argument expression points to or is: `sk`, `&tp->rx_opt`, `inet_csk(sk)->icsk_ca_ops`,
 * `(struct sock *)p`. */
function argumentType(
  context: ServerContext,
  uri: string,
  text: string,
  lines: LineIndex,
  [from, to]: [number, number],
  memo: BaseTypeMemo | undefined,
): string | undefined {
  const written = text.slice(from, to);
  const cast = /^\s*\(\s*(?:const\s+)?(?:struct|union)\s+(\w+)\s*\*\s*\)/.exec(written);
  if (cast) return cast[1];
  const name = /([A-Za-z_]\w*)\s*\)*\s*$/.exec(written);
  if (!name) return undefined;
  const nameStart = from + name.index;
  const plain = /^[\s(&*]*([A-Za-z_]\w*)[\s)]*$/.exec(written);
  if (plain) {
    const access = { base: name[1]!, baseStart: nameStart, path: [] };
    return baseTypeOf(context, uri, text, access, lines, memo, "not");
  }
  const access = memberAccessAt(text, nameStart);
  if (!access) return undefined;
  const receiver: ReceiverType = { path: [...access.path, name[1]!] };
  if (access.baseIsCall) receiver.baseCall = access.base;
  else receiver.baseStruct = access.castStruct ?? baseTypeOf(context, uri, text, access, lines, memo, "not");
  return receiver.baseCall || receiver.baseStruct ? context.graph.holderStruct(receiver) : undefined;
}

/** The name of the function whose definition holds `offset` of the document, if one does. */
function enclosingFunctionName(
  context: ServerContext,
  uri: string,
  lines: LineIndex,
  offset: number,
): string | undefined {
  const file = context.documents.symbolsOf(uri);
  return file && definitionAt(file, lines.positionAt(offset))?.name;
}

/** Longest stretch of a function before the cursor searched for a block macro. */
const BLOCK_MACRO_SCAN = 20_000;

/**
 * A local a macro's own block declares, by the last such macro the function calls before the cursor:
 * `for_nexthops(fi) {` (net/ipv4/fib_semantics.c) opens `{ int nhsel; const struct fib_nh *nh;`,
 * `for_ifa(in_dev)` (include/linux/inetdevice.h) `{ struct in_ifaddr *ifa;`. Read from the macro's
 * replacement text as the index holds it: the file's own #define, else a header's.
 */
function blockMacroLocalType(
  context: ServerContext,
  uri: string,
  before: string,
  name: string,
): string | undefined {
  const here = context.paths.relative(uri) ?? "";
  const declares = new RegExp(`\\b(?:struct|union)\\s+(\\w+)\\s*\\*?\\s*\\b${name}\\b\\s*[;=,]`);
  const calls = [...before.slice(-BLOCK_MACRO_SCAN).matchAll(/\b([A-Za-z_]\w*)\s*\(/g)].reverse();
  const tried = new Set<string>();
  for (const [, macro] of calls) {
    if (tried.has(macro!)) continue;
    tried.add(macro!);
    for (const m of context.index.macrosVisibleFrom(macro!, here)) {
      if (!m.symbol.value.startsWith("{")) continue;
      const type = declares.exec(m.symbol.value)?.[1];
      if (type) return type;
    }
  }
  return undefined;
}

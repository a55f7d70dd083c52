// Parameters, locals and labels: `sk` inside tcp_conn_request is its parameter, not one of the 55 struct
// fields named sk. What declares them around the cursor (declarers.ts: a definition, a prototype, a
// function-type typedef, a function-pointer field) is parsed alone on demand (a few KB, about a millisecond),
// and the innermost declaration of the name before the cursor wins, as C scoping says; a `#define`'s
// parameters are read from its text (macroParameters.ts).
import type { Node } from "web-tree-sitter";
import { declarerAt } from "./declarers.js";
import { declaredName, parametersOf } from "./declarators.js";
import { collapse } from "./functionHeads.js";
import { functionDefiningMacro, isIdentifierPart } from "./kernelMacros.js";
import { macroDeclared } from "./macroDeclarations.js";
import { macroParameterAt } from "./macroParameters.js";
import {
  ENTRY_POINTER,
  entryFieldUses,
  entryPointerUses,
  entryTemplate,
  eventFields,
  eventsOfClass,
  isEntryReference,
  mayHoldTraceEvents,
  partOf,
  traceEventAt,
  type TraceEvent,
} from "./traceEvents.js";
import { closingParen, topLevelArguments } from "./macroArguments.js";
import type { FileSymbols } from "./fileSymbols.js";
import type { CParser } from "./parser.js";
import { maskAttributesForParse, maskTypeofExpressions } from "./parseMask.js";
import { LineIndex, type CompactRange, type Position } from "./textPositions.js";

export interface LocalDeclaration {
  kind: "parameter" | "local" | "label" | "macro parameter" | "event field" | "event entry" | "event class";
  /** The declared name, in the file's coordinates. */
  range: CompactRange;
  /** The declaration as written, whitespace collapsed: "struct sock *sk". */
  text: string;
  /** The function (or macro, or trace event) it belongs to. */
  functionName: string;
  /** An event field's C type, when its macro gives one (`__field(int, rmem_alloc)`: int). */
  type?: string;
}

/** Longer definitions are left to the index (the parse would cost more than a request may). */
const MAX_FUNCTION_LENGTH = 200_000;

export interface LocalLookup {
  /** The text's line index, when the caller has one already (a search over many members). */
  lines?: LineIndex;
  /** The name is a function's too: parse only if the function's text writes it before the cursor other
   * than as a call, as a declaration must be (`__u32 (*hash)(…)` before `hash(pkey, …)`). */
  namesFunction?: boolean;
  /** Where a function's own parameters and locals cannot be what the word names: after `->` or `.`
   * ("member"), or as a struct tag, an enumerator or a macro ("other"). A macro's parameter still can (the
   * preprocessor replaces its token anywhere in the replacement: `offsetof(struct str, mem)` in
   * include/linux/kbuild.h's OFFSET), and after `->` a trace event's entry field. */
  notLocal?: "member" | "other";
}

export function localDeclaration(
  parser: CParser,
  text: string,
  file: FileSymbols,
  name: string,
  position: Position,
  lookup: LocalLookup = {},
): LocalDeclaration | undefined {
  const lines = lookup.lines ?? new LineIndex(text);
  const field = traceEventNameOf(text, file, name, position, lines, lookup.notLocal === "member");
  if (field) return field.declaration;
  const macro = macroParameterOf(text, file, name, position, lines);
  if (macro || lookup.notLocal) return macro?.declaration;
  return withEnclosingFunction(parser, text, file, name, position, lines, lookup.namesFunction, (scope) => {
    const found = scope.declarationAt(scope.offset, name);
    return found && scope.describe(found);
  });
}

/** The declaration of the parameter or local at `position`, and where its function uses it. */
export function localReferences(
  parser: CParser,
  text: string,
  file: FileSymbols,
  name: string,
  position: Position,
  lookup: LocalLookup = {},
): { declaration: LocalDeclaration; uses: CompactRange[] } | undefined {
  const lines = lookup.lines ?? new LineIndex(text);
  const field = traceEventNameOf(text, file, name, position, lines, lookup.notLocal === "member");
  if (field) return field;
  const macro = macroParameterOf(text, file, name, position, lines);
  if (macro || lookup.notLocal) return macro;
  return withEnclosingFunction(parser, text, file, name, position, lines, lookup.namesFunction, (scope) => {
    const found = scope.declarationAt(scope.offset, name);
    if (!found) return undefined;
    const uses: CompactRange[] = [];
    const words = found.kind === "label" ? "statement_identifier" : "identifier";
    for (const identifier of scope.root.descendantsOfType(words)) {
      if (!identifier || identifier.text !== name || identifier.startIndex === found.nameStart) continue;
      const resolved = scope.declarationAt(identifier.startIndex, name);
      if (resolved?.nameStart === found.nameStart) uses.push(scope.rangeOf(identifier));
    }
    return { declaration: scope.describe(found), uses };
  });
}

/** A name a trace event template declares (traceEvents.ts) at `position`: an entry's field, the entry itself,
 * or the event's class; the template around the position is read once for all three. */
function traceEventNameOf(
  text: string,
  file: FileSymbols,
  name: string,
  position: Position,
  lines: LineIndex,
  member: boolean,
): { declaration: LocalDeclaration; uses: CompactRange[] } | undefined {
  if (!mayHoldTraceEvents(file, text)) return undefined;
  const offset = lines.offsetAt(position);
  const event = traceEventAt(text, offset);
  if (!event) return undefined;
  return (
    eventFieldOf(text, event, name, offset, lines, member) ?? eventClassOf(text, event, name, offset, lines)
  );
}

/** A trace event's field: at `__entry->name` (`member`), `__get_str(name)` and the like, or where the entry
 * declares it; its uses are those of the template that declares it and of the events of its class. At
 * `__entry` itself, the entry (eventEntryOf). */
function eventFieldOf(
  text: string,
  event: TraceEvent,
  name: string,
  offset: number,
  lines: LineIndex,
  member: boolean,
): { declaration: LocalDeclaration; uses: CompactRange[] } | undefined {
  const entry = entryTemplate(text, event);
  if (!entry) return undefined;
  if (name === ENTRY_POINTER) return eventEntryOf(text, entry, lines);
  let wordStart = offset;
  while (wordStart > 0 && isIdentifierPart(text[wordStart - 1]!)) wordStart--;
  const fields = eventFields(text, entry);
  const field = isEntryReference(text, wordStart)
    ? fields.find((f) => f.name === name)
    : member
      ? undefined
      : fields.find((f) => f.name === name && f.nameStart <= offset && offset <= f.nameEnd);
  if (!field) return undefined;
  const declaration: LocalDeclaration = {
    kind: "event field",
    range: lines.rangeAt(field.nameStart, field.nameEnd),
    text: field.text,
    functionName: entry.name,
  };
  if (field.type !== undefined) declaration.type = field.type;
  const uses = [entry, ...eventsOfClass(text, entry)].flatMap((template) =>
    entryFieldUses(text, template, name).map((at) => lines.rangeAt(at, at + name.length)),
  );
  return { declaration, uses };
}

/** `__entry` in a template: the event's entry, declared by the TP_STRUCT__entry of the template that
 * declares it (its own or its class's); its uses are that template's and those of the events of its class.
 * The five `#define __entry` of include/trace/ are how each stage of the expansion spells it. */
function eventEntryOf(
  text: string,
  entry: TraceEvent,
  lines: LineIndex,
): { declaration: LocalDeclaration; uses: CompactRange[] } | undefined {
  const part = partOf(entry, "entry");
  if (!part) return undefined;
  const declaration: LocalDeclaration = {
    kind: "event entry",
    range: lines.rangeAt(part.start, part.start + part.macro.length),
    text: `struct trace_event_raw_${entry.name} *${ENTRY_POINTER}`,
    functionName: entry.name,
  };
  const uses = [entry, ...eventsOfClass(text, entry)].flatMap((template) =>
    entryPointerUses(text, template).map((at) => lines.rangeAt(at, at + ENTRY_POINTER.length)),
  );
  return { declaration, uses };
}

/** A trace event class where DECLARE_EVENT_CLASS names it or a DEFINE_EVENT takes it (its first argument):
 * declared by the DECLARE_EVENT_CLASS of the file, used by the DEFINE_EVENTs of that class. */
function eventClassOf(
  text: string,
  event: TraceEvent,
  name: string,
  offset: number,
  lines: LineIndex,
): { declaration: LocalDeclaration; uses: CompactRange[] } | undefined {
  const className = event.className ?? (event.macro === "DECLARE_EVENT_CLASS" ? event.name : undefined);
  const first = event.firstArgument;
  if (className !== name || offset < first || offset > first + name.length) return undefined;
  const eventClass = entryTemplate(text, event);
  if (!eventClass) return undefined;
  const declared = eventClass.firstArgument;
  const declaration: LocalDeclaration = {
    kind: "event class",
    range: lines.rangeAt(declared, declared + name.length),
    text: `DECLARE_EVENT_CLASS(${name}, …)`,
    functionName: event.name,
  };
  const uses = eventsOfClass(text, eventClass).map((use) =>
    lines.rangeAt(use.firstArgument, use.firstArgument + name.length),
  );
  return { declaration, uses };
}

/** A `#define`'s parameter (macroParameters.ts), which shadows any name of a function the macro is in. */
function macroParameterOf(
  text: string,
  file: FileSymbols,
  name: string,
  position: Position,
  lines: LineIndex,
): { declaration: LocalDeclaration; uses: CompactRange[] } | undefined {
  const parameter = macroParameterAt(file, text, lines, name, position);
  if (!parameter) return undefined;
  return {
    declaration: {
      kind: "macro parameter",
      range: parameter.range,
      text: `#define ${parameter.head}`,
      functionName: parameter.macro,
    },
    uses: parameter.uses,
  };
}

interface EnclosingFunction {
  root: Node;
  /** The cursor, in the function's text. */
  offset: number;
  declarationAt(offset: number, name: string): Found | undefined;
  describe(found: Found): LocalDeclaration;
  rangeOf(node: Node): CompactRange;
}

/** Parses what declares the names at `position` (declarerAt) alone and hands it to `use`; the tree is
 * freed after. */
function withEnclosingFunction<T>(
  parser: CParser,
  text: string,
  file: FileSymbols,
  name: string,
  position: Position,
  lines: LineIndex,
  namesFunction: boolean | undefined,
  use: (scope: EnclosingFunction) => T | undefined,
): T | undefined {
  const declarer = declarerAt(file, text, lines, position);
  if (!declarer) return undefined;
  const { start, end, parseAs } = declarer;
  const offset = lines.offsetAt(position);
  if (end - start > MAX_FUNCTION_LENGTH || offset < start || offset > end) return undefined;
  // Offsets in the parsed text are the file's less `start`, plus the prefix a macro's replacement is given.
  const shift = parseAs?.prefix.length ?? 0;
  const functionText = parseAs ? parseAs.prefix + parseAs.text + parseAs.suffix : text.slice(start, end);
  if (namesFunction && !writtenAsNonCall(functionText, name, offset - start + shift)) return undefined;
  const tree = parser.parse(maskTypeofExpressions(maskAttributesForParse(functionText)));
  if (!tree) return undefined;
  const root = tree.rootNode;
  const fileRange = (from: number, to: number) => lines.rangeAt(start + from - shift, start + to - shift);
  const rangeOf = (node: Node) => fileRange(node.startIndex, node.endIndex);
  const macroParameters =
    declarer.signature === undefined ? [] : functionDefiningMacroParameters(functionText, declarer.signature);
  try {
    return use({
      root,
      offset: offset - start + shift,
      declarationAt(at, name) {
        const node = root.descendantForIndex(at);
        if (node?.type === "statement_identifier") return labelNamed(root, name);
        const found = node
          ? innermostDeclaration(node, name, at, functionText, declarer.parametersOnly)
          : undefined;
        return found ?? macroParameters.find((p) => functionText.slice(p.nameStart, p.nameEnd) === name);
      },
      describe: (found) => ({
        kind: found.kind,
        range: fileRange(found.nameStart, found.nameEnd),
        text: found.text,
        functionName: found.owner ?? declarer.name,
      }),
      rangeOf,
    });
  } finally {
    tree.delete();
  }
}

/** Whether `name` is written as a word starting at or before `offset` and not followed by `(`: a call
 * declares nothing, so a function's name that is only ever called there names no parameter or local. */
export function writtenAsNonCall(text: string, name: string, offset: number): boolean {
  for (let at = text.indexOf(name); at >= 0 && at <= offset; at = text.indexOf(name, at + 1)) {
    const after = at + name.length;
    if (at > 0 && isIdentifierPart(text[at - 1]!)) continue;
    if (after < text.length && isIdentifierPart(text[after]!)) continue;
    if (!/^\s*\(/.test(text.slice(after, after + 40))) return true;
  }
  return false;
}

/** The label `name` of the function (`out:`), which every `goto out;` in it names: labels have the whole
 * function as their scope, whatever block holds them. */
function labelNamed(root: Node, name: string): Found | undefined {
  for (const statement of root.descendantsOfType("labeled_statement")) {
    const label = statement?.childForFieldName("label");
    if (label?.text === name) {
      return { kind: "label", nameStart: label.startIndex, nameEnd: label.endIndex, text: `${name}:` };
    }
  }
  return undefined;
}

interface Found {
  kind: "parameter" | "local" | "label";
  /** The declared name, in the function's text. */
  nameStart: number;
  nameEnd: number;
  /** The declaration, whitespace collapsed. */
  text: string;
  /** The function pointer a parameter belongs to, when it is not the function's own (`handler`). */
  owner?: string;
}

/** In a prototype's or function-pointer field's parse (`parametersOnly`) only its parameters are declared:
 * its own name is no local. */
function innermostDeclaration(
  from: Node,
  name: string,
  offset: number,
  source: string,
  parametersOnly: boolean,
): Found | undefined {
  const found = (kind: Found["kind"], declared: Node, declaration: Node): Found => ({
    kind,
    nameStart: declared.startIndex,
    nameEnd: declared.endIndex,
    text: collapse(source.slice(declaration.startIndex, declaration.endIndex)).replace(/\s*;$/, ""),
  });
  // A parameter of a function-pointer parameter is declared in that pointer's list alone (`skb` in
  // include/net/llc.h's `void llc_add_pack(int type, void (*handler)(struct llc_sap *sap, struct sk_buff *skb));`).
  const inner = functionPointerParameters(from);
  const innerParameter = inner && parameterIn(inner.list, name);
  if (inner && innerParameter) {
    return { ...found("parameter", innerParameter.declared, innerParameter.declaration), owner: inner.owner };
  }
  let inFunction = false;
  for (let scope: Node | null = from; scope; scope = scope.parent) {
    if (scope.type === "compound_statement" || scope.type === "for_statement") {
      const last = lastDeclarationBefore(scope, name, offset);
      if (last) return found("local", last.declared, last.declaration);
    } else if (scope.type === "function_definition") {
      inFunction = true;
      const parameter = parameterNamed(scope, name);
      if (parameter) return found("parameter", parameter.declared, parameter.declaration);
      // No C function holds another: this one is error recovery's (net/ipv4/inet_diag.c:
      // inet_diag_find_one_icsk, whose `#if … else if (…) {` reads as a function head); the walk goes on
      // to the real one.
    }
  }
  if (parametersOnly) {
    const declaration = from.tree.rootNode.namedChildren.find(
      (c) => c?.type === "declaration" || c?.type === "type_definition",
    );
    const parameter = declaration ? parameterNamed(declaration, name) : undefined;
    return parameter && found("parameter", parameter.declared, parameter.declaration);
  }
  if (inFunction) return undefined;
  // Error recovery left no definition around the cursor (net/core/pktgen.c: pktgen_if_write, split by an
  // `#ifdef CONFIG_XFRM` block): the last declaration of the name before it, as C scoping mostly gives.
  let last: Found | undefined;
  for (const declaration of from.tree.rootNode.descendantsOfType(["declaration", "parameter_declaration"])) {
    if (!declaration || declaration.startIndex >= offset) break;
    const declared = declaresName(declaration, name);
    if (declared)
      last = found(declaration.type === "declaration" ? "local" : "parameter", declared, declaration);
  }
  return last;
}

/** Preprocessor blocks in a body are no C scope: `#ifdef CONFIG_XFRM const struct nf_conn *ct; #endif`
 * (net/ipv4/netfilter/nf_nat_l3proto_ipv4.c: nf_nat_ipv4_out) declares ct for the whole body. */
const PREPROCESSOR_BLOCKS = new Set(["preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif"]);

/** The last declaration of `name` among the children of `scope` before `offset`, inside its
 * preprocessor blocks too. */
function lastDeclarationBefore(
  scope: Node,
  name: string,
  offset: number,
): { declared: Node; declaration: Node } | undefined {
  let last: { declared: Node; declaration: Node } | undefined;
  for (const child of scope.namedChildren) {
    if (!child || child.startIndex >= offset) break;
    if (child.type === "declaration") {
      const declared = declaresName(child, name);
      if (declared) last = { declared, declaration: child };
    } else if (child.type === "expression_statement") {
      const declared = macroDeclaresName(child, name);
      if (declared) last = { declared, declaration: child };
    } else if (PREPROCESSOR_BLOCKS.has(child.type)) {
      last = lastDeclarationBefore(child, name, offset) ?? last;
    }
  }
  return last;
}

/**
 * `SYSCALL_DEFINE3(bind, int, fd, struct sockaddr __user *, umyaddr, int, addrlen)`: after the name,
 * types and parameter names alternate (include/linux/syscalls.h: __MAP). The grammar reads the head as a
 * call, so the parameters come from the text.
 */
function functionDefiningMacroParameters(functionText: string, signature: string): Found[] {
  const macro = /^\w+/.exec(signature)?.[0];
  if (!macro || !functionDefiningMacro(macro)) return [];
  const open = functionText.indexOf("(", functionText.indexOf(macro));
  const close = open < 0 ? undefined : closingParen(functionText, open);
  if (close === undefined) return [];
  const args = topLevelArguments(functionText, open, close);
  const parameters: Found[] = [];
  for (let i = 2; i < args.length; i += 2) {
    const [nameStart, nameEnd] = args[i]!;
    if (!/^[A-Za-z_]\w*$/.test(functionText.slice(nameStart, nameEnd))) continue;
    const type = collapse(functionText.slice(...args[i - 1]!));
    const text = `${type}${type.endsWith("*") ? "" : " "}${functionText.slice(nameStart, nameEnd)}`;
    parameters.push({ kind: "parameter", nameStart, nameEnd, text });
  }
  return parameters;
}

/** `DEFINE_WAIT(wait);` (kernelMacros.ts: DECLARING_MACROS): the argument that names the local. */
function macroDeclaresName(statement: Node, name: string): Node | undefined {
  const declared = macroDeclared(statement);
  if (declared?.name !== name) return undefined;
  return statement.descendantForIndex(declared.nameStart, declared.nameEnd) ?? undefined;
}

/** The parameter of a function definition or prototype that declares `name`. */
function parameterNamed(functionNode: Node, name: string): { declared: Node; declaration: Node } | undefined {
  const list = parametersOf(functionNode.childForFieldName("declarator"));
  return list ? parameterIn(list, name) : undefined;
}

function parameterIn(list: Node, name: string): { declared: Node; declaration: Node } | undefined {
  for (const parameter of list.namedChildren) {
    if (parameter?.type !== "parameter_declaration") continue;
    const declared = declaresName(parameter, name);
    if (declared) return { declared, declaration: parameter };
  }
  return undefined;
}

/** The parameter list holding `node` when it is a parameter's own (a function pointer passed or stored:
 * `void (*handler)(…)` inside another list), and that parameter's name. */
function functionPointerParameters(node: Node): { list: Node; owner: string } | undefined {
  for (let at: Node | null = node; at; at = at.parent) {
    if (at.type === "compound_statement") return undefined;
    if (at.type !== "parameter_list") continue;
    const declarator = at.parent;
    const outer = declarator?.type === "function_declarator" ? enclosingParameter(declarator) : undefined;
    if (!outer) return undefined;
    const owner = declaredName(declarator!)?.node.text;
    return owner === undefined ? undefined : { list: at, owner };
  }
  return undefined;
}

/** The parameter declaration a declarator is part of, if it is one's. */
function enclosingParameter(declarator: Node): Node | undefined {
  for (let at = declarator.parent; at; at = at.parent) {
    if (at.type === "parameter_declaration") return at;
    if (at.type === "parameter_list" || at.type === "compound_statement" || at.type === "declaration")
      return undefined;
  }
  return undefined;
}

function declaresName(declaration: Node, name: string): Node | undefined {
  for (const declarator of declaration.childrenForFieldName("declarator")) {
    const declared = declarator ? declaredName(declarator) : undefined;
    if (declared?.node.type === "identifier" && declared.node.text === name) return declared.node;
  }
  return undefined;
}

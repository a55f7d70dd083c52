// Default hover: a function's signature, a field or global as declared, a struct or enum as written, an
// enumerator with its value, a macro's definition, a parameter or local's declaration, each with where it
// is. The simulator link extends it through the HoverProvider extension point in server.ts.
import type { Hover, HoverParams } from "vscode-languageserver";
import { declarationText, structText } from "./declarationText.js";
import { definitionAt } from "./declarers.js";
import type {
  EnumSymbol,
  MacroSymbol,
  StructSymbol,
  TagDeclarationSymbol,
  TypedefSymbol,
} from "./fileSymbols.js";
import type { EnumeratorRef, FieldRef, FunctionRef, Located } from "./indexedFile.js";
import { kconfigLines } from "./kconfigHover.js";
import type { LocatedCounter } from "./snmpNames.js";
import type { LocatedSysctl } from "./sysctlNames.js";
import { fieldsOfMember } from "./memberHolder.js";
import { entryLabel } from "./opsTables.js";
import { isMemberStruct, isTagged } from "./structs.js";
import { localDeclarationOf, symbolAt, type ServerContext } from "./serverContext.js";
import type { LocalDeclaration } from "./localDeclarations.js";
import type { SymbolAtPosition } from "./symbolAtPosition.js";
import { startLine } from "./textPositions.js";

/** The symbol under the cursor and the parameter, local or label it names (undefined: none), as a hover
 * provider looked them up before falling back to the default hover. */
export interface ResolvedSymbol {
  symbol: SymbolAtPosition;
  local: LocalDeclaration | undefined;
}

export function defaultHover(
  context: ServerContext,
  params: HoverParams,
  known?: ResolvedSymbol,
): Hover | null {
  const uri = params?.textDocument?.uri;
  if (typeof uri !== "string") return null;
  const symbol = known?.symbol ?? symbolAt(context, uri, params.position);
  if (!symbol) return null;
  const here = context.paths.relative(uri);
  if (symbol.name === "__func__" && symbol.kind === "unknown") return funcNameHover(context, uri, params);
  const lines: string[] = [];
  const local = known ? known.local : localDeclarationOf(context, uri, symbol, params.position);
  if (local) {
    const of = local.kind === "label" ? "label in" : `${local.kind} of`;
    lines.push("```c", local.text, "```", `${of} \`${local.functionName}\``);
  } else if (symbol.kind === "field" && symbol.fieldCall) {
    const targets = context.graph.implementationsOf(symbol.fieldCall).slice(0, 5);
    // The function pointer's own declaration, when the receiver's type (or a unique name) tells which.
    const fields = fieldsOfMember(context, uri, symbol);
    if (fields.typed || fields.refs.length === 1) lines.push(...fieldLines(context, fields.refs[0]!));
    lines.push(`indirect call \`${symbol.name}\``);
    for (const { target, via, configured } of targets) {
      const selected = configured
        ? ` — the default: ${configured.setting} "${configured.name}" (${configured.source})`
        : "";
      lines.push(
        `- \`${target.symbol.name}\` via ${entryLabel(via.symbol)} — ${target.file.path}:${startLine(target.symbol.selectionRange) + 1}${selected}`,
      );
    }
  } else if (
    symbol.kind === "field" &&
    context.index.has("field", symbol.name) &&
    context.graph.memberAlias(symbol.name) === undefined
  ) {
    const { refs, typed } = fieldsOfMember(context, uri, symbol);
    for (const field of refs.slice(0, MAX_SHOWN)) lines.push(...fieldLines(context, field));
    if (refs.length > MAX_SHOWN)
      lines.push(`… and ${refs.length - MAX_SHOWN} more fields named \`${symbol.name}\``);
    const holder = typed || refs.length === 1 ? refs[0]?.struct.name : undefined;
    if (holder !== undefined) lines.push(...sysctlLines(context.sysctls.ofField(symbol.name, holder)));
  } else if (symbol.kind === "variable") {
    const visible = context.index.variablesVisibleFrom(symbol.name, here ?? "");
    const variables =
      visible.length > 0 || symbol.isProse ? visible : context.index.variablesNamed(symbol.name);
    const definitions = variables.filter((v) => !v.symbol.isExtern);
    const local = definitions.filter((v) => v.file.path === here);
    const shown = local.length > 0 ? local : definitions.length > 0 ? definitions : variables;
    for (const v of shown.slice(0, MAX_SHOWN)) {
      const written = declarationText(
        textOfFile(context, v.file.path),
        v.symbol.selectionRange,
        v.symbol.range,
      );
      lines.push(
        "```c",
        written ?? v.symbol.name,
        "```",
        `${v.file.path}:${startLine(v.symbol.selectionRange) + 1}`,
      );
    }
    if (shown.length > 0) lines.push(...sysctlLines(context.sysctls.ofGlobal(symbol.name)));
    // A comment's English word no global the file sees has: what else the file sees of that name.
    if (lines.length === 0) lines.push(...declaredLines(context, symbol.name, here ?? "", true));
    if (lines.length === 0) return null;
  } else if (symbol.isTag) {
    // A tag names a struct, union or enum only, or the macro the preprocessor replaces it by; one the tree
    // does not define (opaque here) shows where it is declared.
    const { index } = context;
    const from = here ?? "";
    const type = index.typesOfTag(symbol.name, from)[0];
    if (type) lines.push(...typeLines(context, type));
    else
      lines.push(
        ...macroLines(
          index.macrosVisibleFrom(symbol.name, from)[0],
          () => index.macrosNamed(symbol.name).length - 1,
        ),
      );
    if (lines.length === 0 && symbol.kind === "struct") {
      lines.push(...tagDeclarationLines(index.tagDeclarationsOf(symbol.name, from), symbol.name));
    }
    if (lines.length === 0) return null;
  } else {
    lines.push(...declaredLines(context, symbol.name, here ?? "", symbol.isProse));
    if (symbol.kind === "enumerator") {
      lines.push(...counterLines(context.snmp.of(symbol.name)));
      lines.push(...sysctlLines(context.sysctls.ofIndex(symbol.name)));
    }
    lines.push(...macroSysctlLines(context, symbol.name, here ?? ""));
    if (lines.length === 0 && !symbol.isProse) {
      const config = context.kconfig.lookUp(symbol.name);
      lines.push(...kconfigLines(config, config && context.kconfig.selectorsOf(config.symbol)));
    }
    if (lines.length === 0) return null;
  }
  return { contents: { kind: "markdown", value: lines.join("\n") } };
}

/** C99's predefined `__func__` in a function: that function's name, as a string. */
function funcNameHover(context: ServerContext, uri: string, params: HoverParams): Hover | null {
  const file = context.documents.symbolsOf(uri);
  const fn = file && definitionAt(file, params.position);
  if (!fn) return null;
  const value = [
    "```c",
    `static const char __func__[] = "${fn.name}";`,
    "```",
    "predefined in every C function",
  ];
  return { contents: { kind: "markdown", value: value.join("\n") } };
}

/** What a name stands for as the file `from` sees it, as definition.ts finds it: its functions, else its
 * macro, enumerators, struct or enum tag; else, but for a comment's English word (isProse), what other .c
 * files declare for themselves. */
function declaredLines(context: ServerContext, name: string, from: string, isProse = false): string[] {
  const { index } = context;
  // Each view asks only when the ones before found nothing: the first lookup of a kind may build its name
  // table, 10–60 ms early in a session (workspaceIndex.ts: prime).
  const others = () => index.macrosNamed(name).length - 1;
  const views = [
    () => functionLines(index.functionsVisibleFrom(name, from), from),
    () => macroLines(index.macrosVisibleFrom(name, from)[0], others),
    () => index.enumeratorsVisibleFrom(name, from).slice(0, MAX_SHOWN).flatMap(enumeratorLines),
    () => typeLines(context, index.typesVisibleFrom(name, from)[0]),
    () => typedefLines(index.typedefsVisibleFrom(name, from)),
    () => functionLines(index.functionsNamed(name), from),
    () => macroLines(index.macrosNamed(name)[0], others),
    () => index.enumeratorsNamed(name).slice(0, MAX_SHOWN).flatMap(enumeratorLines),
    () => typeLines(context, [...index.structsNamed(name), ...index.enumsNamed(name)][0]),
    () => typedefLines(index.typedefsNamed(name)),
  ];
  for (const view of isProse ? views.slice(0, 5) : views) {
    const lines = view();
    if (lines.length > 0) return lines;
  }
  return [];
}

/** Up to three signatures: the file's own definitions, else all definitions, else the prototypes. */
function functionLines(functions: FunctionRef[], from: string): string[] {
  const definitions = functions.filter((f) => f.symbol.isDefinition);
  const local = definitions.filter((f) => f.file.path === from);
  const shown = (local.length > 0 ? local : definitions.length > 0 ? definitions : functions).slice(0, 3);
  return shown.flatMap((f) => [
    "```c",
    f.symbol.signature,
    "```",
    `${f.file.path}:${startLine(f.symbol.selectionRange) + 1}`,
  ]);
}

/** A struct, union or enum as written, and where. */
function typeLines(context: ServerContext, type: Located<StructSymbol | EnumSymbol> | undefined): string[] {
  if (!type) return [];
  const { file, symbol } = type;
  const written = structText(textOfFile(context, file.path), symbol.range);
  return [
    "```c",
    written ?? `${"kind" in symbol ? symbol.kind : "enum"} ${symbol.name ?? ""}`,
    "```",
    `${file.path}:${startLine(symbol.selectionRange) + 1}`,
  ];
}

/** An opaque tag: its nearest declaration without a body and how many others. (A tag with neither has no
 * hover: a macro may define it, as include/linux/kfifo.h's __STRUCT_KFIFO_PTR does struct kfifo.) */
function tagDeclarationLines(declarations: Located<TagDeclarationSymbol>[], name: string): string[] {
  const first = declarations[0];
  if (!first) return [];
  const { file, symbol } = first;
  const others = declarations.length - 1;
  const more = others > 0 ? ` (and ${others} other declaration${others > 1 ? "s" : ""})` : "";
  return [
    "```c",
    `${symbol.kind} ${symbol.name};`,
    "```",
    `${file.path}:${startLine(symbol.selectionRange) + 1}${more}`,
    "",
    `Declared without a body: no indexed file defines \`${symbol.kind} ${name}\`, so its members are not known here.`,
  ];
}

/** The sysctls a global, field, array index or macro is (`sysctl -w net.ipv4.tcp_timestamps=…` writes
 * sysctl_tcp_timestamps), with their table's handler and mode, and where. */
function sysctlLines(sysctls: LocatedSysctl[]): string[] {
  if (sysctls.length === 0) return [];
  return [
    "",
    ...sysctls.slice(0, MAX_SHOWN).map(({ path, entry }) => {
      // A directory printed at registration: `<dev_name>` stands for each value it is printed with.
      const printed = entry.directory?.includes("<") && "`<…>` filled in where the table is registered";
      const how = [entry.handler, entry.mode && `mode ${entry.mode}`, printed].filter(Boolean).join(", ");
      const name = entry.directory
        ? `\`${entry.directory}.${entry.procname}\``
        : `\`${entry.procname}\` of table \`${entry.table}\` (its directory is chosen where it is registered)`;
      return `sysctl ${name}${how ? ` (${how})` : ""} — ${path}:${entry.line + 1}`;
    }),
  ];
}

/** The sysctls a function-like macro the hover shows reads (`IN_DEV_RPFILTER(in_dev)`: rp_filter); none when
 * a function of the name is what the hover shows. */
function macroSysctlLines(context: ServerContext, name: string, from: string): string[] {
  if (context.index.functionsVisibleFrom(name, from).length > 0) return [];
  const macro = context.index.macrosVisibleFrom(name, from)[0];
  if (macro?.symbol.parameters === undefined) return [];
  return sysctlLines(context.sysctls.ofMacro(name, macro.symbol.parameters, macro.file.path));
}

/** The counters an enumerator is: nstat's name where the file prints a prefix before the table's names
 * (TcpExtListenOverflows), else the name as its /proc file prints it (Ip6InReceives), and where. */
function counterLines(counters: LocatedCounter[]): string[] {
  if (counters.length === 0) return [];
  return [
    "",
    ...counters.slice(0, MAX_SHOWN).map(({ path, counter }) => {
      const where = `${counter.table}, ${path}:${counter.line + 1}`;
      if (counter.prefixes.length === 0) return `counter \`${counter.name}\` — ${where}`;
      const names = counter.prefixes.map((prefix) => `\`${prefix}${counter.name}\``).join(", ");
      return `nstat ${names} (${counter.name} on the \`${counter.prefixes.join(":`, `")}:\` lines) — ${where}`;
    }),
  ];
}

/** The first typedef as written, and how many others (where no include reaches one, all four of `u8`). */
function typedefLines(typedefs: Located<TypedefSymbol>[]): string[] {
  const first = typedefs[0];
  if (!first) return [];
  return [
    "```c",
    first.symbol.text,
    "```",
    `${first.file.path}:${startLine(first.symbol.selectionRange) + 1}${otherDefinitions(typedefs.length - 1)}`,
  ];
}

function macroLines(macro: Located<MacroSymbol> | undefined, countOthers: () => number): string[] {
  if (!macro) return [];
  const { file, symbol } = macro;
  const more = otherDefinitions(countOthers());
  return [
    "```c",
    `#define ${symbol.name}${symbol.parameters ?? ""} ${symbol.value}`,
    "```",
    `${file.path}:${startLine(symbol.selectionRange) + 1}${more}`,
  ];
}

/** " (and 3 other definitions)" after a hover's place, or nothing. */
function otherDefinitions(others: number): string {
  return others > 0 ? ` (and ${others} other definition${others > 1 ? "s" : ""})` : "";
}

/** How many same-named fields or globals a hover lists. */
const MAX_SHOWN = 3;

// `TCP_ESTABLISHED = 1`, or TCP_SYN_SENT with its implicit value 2 in a comment, and the enum it is in.
function enumeratorLines({ file, symbol, enum: owner }: EnumeratorRef): string[] {
  const value =
    symbol.value !== undefined
      ? ` = ${symbol.value}${symbol.number !== undefined && String(symbol.number) !== symbol.value ? ` /* = ${symbol.number} */` : ""}`
      : symbol.number !== undefined
        ? ` /* = ${symbol.number} */`
        : "";
  const of = owner.name === undefined ? "an anonymous enum" : `\`enum ${owner.name}\``;
  return [
    "```c",
    `${symbol.name}${value}`,
    "```",
    `enumerator of ${of} — ${file.path}:${startLine(symbol.range) + 1}`,
  ];
}

/** A field as declared, and the struct that holds it. */
function fieldLines(context: ServerContext, field: FieldRef): string[] {
  const struct = field.struct;
  const written = declarationText(textOfFile(context, field.file.path), field.symbol.range);
  // A member struct's field (`struct { … } ctnl_timeout;`) has no type to show but its kind.
  const member =
    field.symbol.structType !== undefined && isMemberStruct(field.symbol.structType)
      ? `${context.index.structsNamed(field.symbol.structType)[0]?.symbol.kind ?? "struct"} { … } ${field.symbol.name}`
      : undefined;
  const holder = isTagged(struct) ? `${struct.kind} ${struct.name}` : struct.name;
  return [
    "```c",
    member ?? written ?? field.symbol.name,
    "```",
    `field of \`${holder}\` — ${field.file.path}:${startLine(field.symbol.range) + 1}`,
  ];
}

function textOfFile(context: ServerContext, path: string): string {
  return context.documents.textOf(context.paths.uri(path)) ?? "";
}

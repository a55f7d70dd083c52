// textDocument/documentSymbol (outline of one file) and workspace/symbol (fuzzy search over the index).
import {
  SymbolKind,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type SymbolInformation,
  type WorkspaceSymbolParams,
} from "vscode-languageserver";
import { fuzzyScore } from "./fuzzyMatch.js";
import { locationOf, type ServerContext } from "./serverContext.js";
import type { StructSymbol } from "./fileSymbols.js";
import { isMemberStruct, isVariableType } from "./structs.js";
import type { NameKind } from "./workspaceIndex.js";
import { toLspRange, type CompactRange } from "./textPositions.js";

const MAX_WORKSPACE_SYMBOLS = 200;

export function documentSymbols(
  context: ServerContext,
  params: DocumentSymbolParams,
): DocumentSymbol[] | null {
  const uri = params?.textDocument?.uri;
  if (typeof uri !== "string") return null;
  const file = context.documents.symbolsOf(uri);
  if (!file) return null;
  const symbols: DocumentSymbol[] = [];
  for (const f of file.functions) {
    if (!f.isDefinition) continue;
    symbols.push({
      name: f.name,
      detail: f.signature,
      kind: SymbolKind.Function,
      range: toLspRange(f.range),
      selectionRange: toLspRange(f.selectionRange),
    });
  }
  // A member struct ("outer.field", structs.ts) is shown inside its field, not beside its outer struct.
  const memberStructs = new Map(file.structs.filter((s) => isMemberStruct(s.name)).map((s) => [s.name, s]));
  const fieldsOf = (s: StructSymbol): DocumentSymbol[] =>
    s.fields.map((field) => {
      const member = memberStructs.get(`${s.name}.${field.name}`);
      const symbol: DocumentSymbol = {
        name: field.name,
        detail: member
          ? member.kind
          : field.structType
            ? `struct ${field.structType}`
            : (field.typeText ?? ""),
        kind: SymbolKind.Field,
        range: toLspRange(member?.range ?? field.range),
        selectionRange: toLspRange(field.range),
      };
      if (member) symbol.children = fieldsOf(member);
      return symbol;
    });
  // A variable's anonymous struct (structs.ts: variableTypeName) is shown inside the variable.
  const variableTypes = new Map(file.structs.filter((s) => isVariableType(s.name)).map((s) => [s.name, s]));
  for (const s of file.structs) {
    if (memberStructs.has(s.name) || variableTypes.has(s.name)) continue;
    symbols.push({
      name: s.name,
      detail: s.kind,
      kind: SymbolKind.Struct,
      range: toLspRange(s.range),
      selectionRange: toLspRange(s.selectionRange),
      children: fieldsOf(s),
    });
  }
  for (const e of file.enums) {
    symbols.push({
      name: e.name ?? "enum",
      detail: e.name === undefined ? "anonymous enum" : "enum",
      kind: SymbolKind.Enum,
      range: toLspRange(e.range),
      selectionRange: toLspRange(e.selectionRange),
      children: e.enumerators.map((member) => ({
        name: member.name,
        detail: member.number !== undefined ? String(member.number) : (member.value ?? ""),
        kind: SymbolKind.EnumMember,
        range: toLspRange(member.range),
        selectionRange: toLspRange(member.range),
      })),
    });
  }
  for (const m of file.macros) {
    symbols.push({
      name: m.name,
      detail: m.parameters ?? "",
      kind: SymbolKind.Constant,
      range: toLspRange(m.range),
      selectionRange: toLspRange(m.selectionRange),
    });
  }
  for (const t of file.typedefs) {
    symbols.push({
      name: t.name,
      detail: t.text,
      kind: SymbolKind.Class,
      range: toLspRange(t.range),
      selectionRange: toLspRange(t.selectionRange),
    });
  }
  for (const v of file.variables) {
    if (v.isExtern) continue;
    const anonymous = v.structType === undefined ? undefined : variableTypes.get(v.structType);
    const symbol: DocumentSymbol = {
      name: v.name,
      detail: anonymous ? `${anonymous.kind} { … }` : v.structType ? `struct ${v.structType}` : "",
      kind: SymbolKind.Variable,
      range: toLspRange(v.range),
      selectionRange: toLspRange(v.selectionRange),
    };
    if (anonymous) symbol.children = fieldsOf(anonymous);
    symbols.push(symbol);
  }
  return symbols.sort((a, b) => a.range.start.line - b.range.start.line);
}

export function workspaceSymbols(context: ServerContext, params: WorkspaceSymbolParams): SymbolInformation[] {
  const query = typeof params?.query === "string" ? params.query : "";
  let scored: [number, string, NameKind][] = [];
  const { names, lowerCase, kinds } = context.index.allNames();
  const lowerQuery = query.toLowerCase();
  for (let i = 0; i < names.length; i++) {
    const score = fuzzyScore(lowerQuery, lowerCase[i]!);
    if (score !== undefined) scored.push([score, names[i]!, kinds[i]!]);
  }
  // Only the best MAX_WORKSPACE_SYMBOLS names are listed: sort the scores alone to find the cut (a short
  // query matches most of the ≈ 400k names), then order just those above it.
  if (scored.length > MAX_WORKSPACE_SYMBOLS) {
    const scores = Float64Array.from(scored, (entry) => entry[0]).sort();
    const cut = scores[scores.length - MAX_WORKSPACE_SYMBOLS]!;
    scored = scored.filter((entry) => entry[0] >= cut);
  }
  scored.sort((a, b) => b[0] - a[0] || a[1].localeCompare(b[1]));
  const results: SymbolInformation[] = [];
  const index = context.index;
  type Located = { file: { path: string }; symbol: { selectionRange: CompactRange }; container?: string };
  const places: Record<(typeof scored)[number][2], [SymbolKind, (name: string) => Located[]]> = {
    function: [
      SymbolKind.Function,
      (name) => {
        const refs = index.functionsNamed(name);
        const defs = refs.filter((r) => r.symbol.isDefinition);
        return defs.length > 0 ? defs : refs;
      },
    ],
    struct: [SymbolKind.Struct, (name) => index.structsNamed(name)],
    enum: [SymbolKind.Enum, (name) => index.enumsNamed(name)],
    enumerator: [
      SymbolKind.EnumMember,
      (name) =>
        index
          .enumeratorsNamed(name)
          .map((e) => ({ file: e.file, symbol: { selectionRange: e.symbol.range }, container: e.enum.name })),
    ],
    field: [
      SymbolKind.Field,
      (name) =>
        index.fieldsNamed(name).map((f) => ({
          file: f.file,
          symbol: { selectionRange: f.symbol.range },
          container: f.struct.name,
        })),
    ],
    macro: [SymbolKind.Constant, (name) => index.macrosNamed(name)],
    variable: [SymbolKind.Variable, (name) => index.variablesNamed(name)],
    // LSP has no kind for a type alias; clangd lists a typedef as a class too.
    typedef: [SymbolKind.Class, (name) => index.typedefsNamed(name)],
  };
  for (const [, name, kind] of scored) {
    if (results.length >= MAX_WORKSPACE_SYMBOLS) break;
    const [symbolKind, find] = places[kind];
    for (const r of find(name).slice(0, 3)) {
      const symbol: SymbolInformation = {
        name,
        kind: symbolKind,
        location: locationOf(context, r.file.path, r.symbol.selectionRange),
      };
      if (r.container !== undefined) symbol.containerName = r.container;
      results.push(symbol);
    }
  }
  return results.slice(0, MAX_WORKSPACE_SYMBOLS);
}

// What every request handler needs: the index, the call graph, documents and path conversions.
import type { Location, TextDocumentPositionParams } from "vscode-languageserver";
import type { CallGraph } from "./callGraph.js";
import type { FileSymbols } from "./fileSymbols.js";
import { includeTarget } from "./includeTargets.js";
import type { KconfigIndex } from "./kconfigIndex.js";
import type { SnmpNames } from "./snmpNames.js";
import type { SysctlNames } from "./sysctlNames.js";
import {
  localDeclaration,
  localReferences,
  type LocalDeclaration,
  type LocalLookup,
} from "./localDeclarations.js";
import type { OpenDocuments } from "./openDocuments.js";
import type { CParser } from "./parser.js";
import { toLspRange, type CompactRange, type Position } from "./textPositions.js";
import { symbolAtPosition, type SymbolAtPosition } from "./symbolAtPosition.js";
import type { WorkspaceIndex } from "./workspaceIndex.js";
import type { WorkspacePaths } from "./workspacePaths.js";

export interface ServerContext {
  index: WorkspaceIndex;
  graph: CallGraph;
  documents: OpenDocuments;
  paths: WorkspacePaths;
  /** For the small parses a request may need (the definition around the cursor). */
  parser: CParser;
  /** The Kconfig entries CONFIG_ names stand for. */
  kconfig: KconfigIndex;
  /** The sysctls globals and fields are. */
  sysctls: SysctlNames;
  /** The SNMP counters enumerators are. */
  snmp: SnmpNames;
}

export function locationOf(context: ServerContext, path: string, range: CompactRange): Location {
  return { uri: context.paths.uri(path), range: toLspRange(range) };
}

/** The symbol under the cursor, or undefined for an unknown document or a position outside it. */
export function symbolAt(
  context: ServerContext,
  uri: string,
  position: Position,
): SymbolAtPosition | undefined {
  if (!isPosition(position)) return undefined;
  const file = context.documents.symbolsOf(uri);
  const text = context.documents.textOf(uri);
  if (text === undefined) return undefined;
  const symbol = symbolAtPosition(text, position, file, context.index);
  // A kernel-doc `@name` the documented function has no parameter of names nothing, whatever else some file
  // names so: decided here, once for every handler (only such a comment's word costs this second lookup).
  if (symbol?.documentedAt && !localDeclarationOf(context, uri, symbol, position)) return undefined;
  // A comment's English word names a struct or enum tag (a header may name one it does not include: "the read
  // urb" in include/linux/usb/serial.h), a local, or what the file or the headers it includes define: `to` in
  // any comment went to include/sound/wavefront.h, whose `#if !defined(__GNUC__)` branch is English prose.
  if (symbol?.isProse && !symbol.isMember && !namedByProse(context, uri, symbol.name)) {
    return localDeclarationOf(context, uri, symbol, position) ? symbol : undefined;
  }
  return symbol;
}

function namedByProse(context: ServerContext, uri: string, name: string): boolean {
  const path = context.paths.relative(uri);
  if (path === undefined || context.index.has("struct", name) || context.index.has("enum", name)) return true;
  return context.index.definedWithinReach(name, path);
}

/** The document and symbol a position request names; undefined for a request without a document uri, a
 * bad position, or a position on no symbol (handlers then answer null). */
export function symbolOfRequest(
  context: ServerContext,
  params: TextDocumentPositionParams | undefined,
): { uri: string; symbol: SymbolAtPosition } | undefined {
  const uri = params?.textDocument?.uri;
  if (typeof uri !== "string") return undefined;
  const symbol = symbolAt(context, uri, params!.position);
  return symbol && { uri, symbol };
}

/** The header an `#include` line names, for a position anywhere on that line (in its quotes too, where no
 * symbol is); undefined elsewhere or when the header is not in the tree. */
export function includedHeaderAt(
  context: ServerContext,
  params: TextDocumentPositionParams | undefined,
): string | undefined {
  const uri = params?.textDocument?.uri;
  if (typeof uri !== "string" || !isPosition(params!.position)) return undefined;
  const text = context.documents.textOf(uri);
  if (text === undefined) return undefined;
  return includeTarget(text, params!.position, context.paths.relative(uri), context.paths.root);
}

function isPosition(value: unknown): value is Position {
  const p = value as Position | undefined;
  return (
    typeof p === "object" &&
    p !== null &&
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.character >= 0
  );
}

/** Where a function's parameter or local cannot be what the symbol names (LocalLookup.notLocal): a member
 * (`->x`), a struct or enum tag, an enumerator or a macro, which a local in kernel code does not shadow. A
 * function's name may be a parameter's (`hash` in include/net/neighbour.h: ___neigh_lookup_noref), a
 * struct's too (`page` in `struct page *page;`). */
function notLocal(symbol: SymbolAtPosition): LocalLookup["notLocal"] {
  if (symbol.isMember) return "member";
  return symbol.isTag || symbol.kind === "enumerator" || symbol.kind === "macro" ? "other" : undefined;
}

/** The parameter or local the symbol names, if it names one. */
export function localDeclarationOf(
  context: ServerContext,
  uri: string,
  symbol: SymbolAtPosition,
  position: Position,
): LocalDeclaration | undefined {
  return lookUpLocal(context, uri, symbol, position, localDeclaration);
}

/** The declaration and uses of the parameter or local the symbol names, if it names one. */
export function localReferencesOf(
  context: ServerContext,
  uri: string,
  symbol: SymbolAtPosition,
  position: Position,
): ReturnType<typeof localReferences> {
  return lookUpLocal(context, uri, symbol, position, localReferences);
}

function lookUpLocal<T>(
  context: ServerContext,
  uri: string,
  symbol: SymbolAtPosition,
  position: Position,
  lookUp: (
    parser: CParser,
    text: string,
    file: FileSymbols,
    name: string,
    at: Position,
    lookup: LocalLookup,
  ) => T | undefined,
): T | undefined {
  const file = context.documents.symbolsOf(uri);
  // The text with its line index kept between requests: most lookups end at a cheap check of the text.
  const source = context.documents.sourceOf(uri);
  if (!file || !source) return undefined;
  const namesFunction =
    symbol.kind === "function" || (symbol.kind === "call" && context.index.has("function", symbol.name));
  return lookUp(context.parser, source.text, file, symbol.name, symbol.documentedAt ?? position, {
    namesFunction,
    lines: source.lines,
    notLocal: notLocal(symbol),
  });
}

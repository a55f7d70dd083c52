// What every request handler needs: the index, the call graph, documents and path conversions.
import type { Location } from "vscode-languageserver";
import type { CallGraph } from "./callGraph.js";
import type { FileSymbols, ReceiverType } from "./fileSymbols.js";
import { localDeclaration, localReferences, type LocalDeclaration } from "./localDeclarations.js";
import type { OpenDocuments } from "./openDocuments.js";
import type { CParser } from "./parser.js";
import { designatorAt, memberAccessAt, type MemberAccess } from "./memberAccess.js";
import { LineIndex, toLspRange, type CompactRange, type Position } from "./textPositions.js";
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
  return text === undefined ? undefined : symbolAtPosition(text, position, file, context.index);
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

/** Whether the symbol may name a parameter or local: not a member (`->x`), a struct tag, a macro or a
 * known function, which a local in kernel code does not shadow. */
function mayBeLocal(context: ServerContext, symbol: SymbolAtPosition): boolean {
  if (symbol.isMember || symbol.kind === "struct" || symbol.kind === "function" || symbol.kind === "macro")
    return false;
  return symbol.kind !== "call" || !context.index.has("function", symbol.name);
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
  lookUp: (parser: CParser, text: string, file: FileSymbols, name: string, at: Position) => T | undefined,
): T | undefined {
  const file = context.documents.symbolsOf(uri);
  const text = context.documents.textOf(uri);
  if (!mayBeLocal(context, symbol) || !file || text === undefined) return undefined;
  return lookUp(context.parser, text, file, symbol.name, position);
}

/** The struct holding the member under the cursor: from the indexed call site for a call through a
 * pointer, else from the access as written (`sk->sk_lock.owned`) and its base's declared type. */
export function memberHolderOf(
  context: ServerContext,
  uri: string,
  symbol: SymbolAtPosition,
): string | undefined {
  if (symbol.fieldCall) return context.graph.holderStruct(symbol.fieldCall.receiver);
  if (!symbol.isMember) return undefined;
  const text = context.documents.textOf(uri);
  if (text === undefined) return undefined;
  const lines = new LineIndex(text);
  const start = lines.offsetAt({ line: symbol.range[0], character: symbol.range[1] });
  const access = memberAccessAt(text, start);
  if (!access) {
    const designator = designatorAt(text, start);
    return (
      designator && context.graph.holderStruct({ baseStruct: designator.baseType, path: designator.path })
    );
  }
  const receiver: ReceiverType = { path: access.path };
  if (access.baseIsCall) receiver.baseCall = access.base;
  else receiver.baseStruct = access.castStruct ?? baseTypeOf(context, uri, access, lines);
  return context.graph.holderStruct(receiver);
}

const QUALIFIERS = new Set(["const", "volatile", "static", "register", "extern", "__rcu", "__user"]);

/** A parameter's, local's or global's struct or typedef name: `struct sock *sk` → sock. */
function baseTypeOf(
  context: ServerContext,
  uri: string,
  access: MemberAccess,
  lines: LineIndex,
): string | undefined {
  const start = lines.positionAt(access.baseStart);
  const range: CompactRange = [start.line, start.character, start.line, start.character + access.base.length];
  const local = localDeclarationOf(context, uri, { kind: "variable", name: access.base, range }, start);
  if (local) {
    const type = local.text.slice(0, local.text.lastIndexOf(access.base));
    const struct = /\b(?:struct|union)\s+(\w+)/.exec(type);
    if (struct) return struct[1];
    return type
      .match(/\w+/g)
      ?.filter((word) => !QUALIFIERS.has(word))
      .at(-1);
  }
  return context.index.variablesNamed(access.base).find((v) => v.symbol.structType)?.symbol.structType;
}

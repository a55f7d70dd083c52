// What every request handler needs: the index, the call graph, documents and path conversions.
import type { Location } from "vscode-languageserver";
import type { CallGraph } from "./callGraph.js";
import type { OpenDocuments } from "./openDocuments.js";
import { toLspRange, type CompactRange, type Position } from "./textPositions.js";
import { symbolAtPosition, type SymbolAtPosition } from "./symbolAtPosition.js";
import type { WorkspaceIndex } from "./workspaceIndex.js";
import type { WorkspacePaths } from "./workspacePaths.js";

export interface ServerContext {
  index: WorkspaceIndex;
  graph: CallGraph;
  documents: OpenDocuments;
  paths: WorkspacePaths;
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

// Index queries for embedders (the simulator link): find a function by name, find a definition at a position.
import type { Location, Position } from "vscode-languageserver";
import { provideDefinition } from "./definition.js";
import type { ServerContext } from "./serverContext.js";
import type { FunctionRef } from "./workspaceIndex.js";

/** Definitions of `name` (prototypes when there is no definition), IPv4 files first. */
export function findFunction(context: ServerContext, name: string): FunctionRef[] {
  const refs = context.index.functionsNamed(name);
  const definitions = refs.filter((r) => r.symbol.isDefinition);
  const chosen = definitions.length > 0 ? definitions : refs;
  return [...chosen].sort(
    (a, b) => Number(b.file.path.startsWith("net/ipv4/")) - Number(a.file.path.startsWith("net/ipv4/")),
  );
}

export function definitionAt(context: ServerContext, uri: string, position: Position): Location[] {
  return provideDefinition(context, { textDocument: { uri }, position }) ?? [];
}

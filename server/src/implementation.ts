// textDocument/implementation: the functions an indirect call can reach through ops tables.
// On `conn_request` in icsk->icsk_af_ops->conn_request(sk, skb): tcp_v4_conn_request, tcp_v6_conn_request, …
import type { Location, TextDocumentPositionParams } from "vscode-languageserver";
import { memberHolderOf } from "./memberHolder.js";
import { localDeclarationOf, locationOf, symbolOfRequest, type ServerContext } from "./serverContext.js";
import { rangeContains, type Position } from "./textPositions.js";
import type { FunctionRef } from "./workspaceIndex.js";

export function provideImplementation(
  context: ServerContext,
  params: TextDocumentPositionParams,
): Location[] | null {
  const request = symbolOfRequest(context, params);
  if (!request) return null;
  const { uri, symbol } = request;
  // A parameter or local implements nothing, though a field somewhere may share its name (`sk`).
  if (localDeclarationOf(context, uri, symbol, params.position)) return null;
  const toLocations = (refs: FunctionRef[]) =>
    refs.map((ref) => locationOf(context, ref.file.path, ref.symbol.selectionRange));

  if (symbol.kind === "field") {
    if (symbol.fieldCall) {
      return toLocations(context.graph.implementationsOf(symbol.fieldCall).map((i) => i.target));
    }
    // A field name elsewhere (its declaration, a member, a designator): the functions stored in that
    // struct's field; `int (*release)(struct socket *)` in struct proto_ops is not file_operations' release.
    const holder =
      memberHolderOf(context, uri, symbol) ?? declaringStruct(context, uri, symbol.name, params.position);
    return toLocations(context.graph.functionsStoredIn(symbol.name, holder));
  }
  const definitions = context.index.definitionsOf(symbol.name, context.paths.relative(uri));
  return definitions.length > 0 ? toLocations(definitions) : null;
}

/** The struct whose body declares the field under the cursor, if the cursor is on a field declaration. */
function declaringStruct(
  context: ServerContext,
  uri: string,
  name: string,
  position: Position,
): string | undefined {
  const here = context.paths.relative(uri);
  return context.index
    .fieldsNamed(name)
    .find((f) => f.file.path === here && rangeContains(f.symbol.range, position))?.struct.name;
}

// textDocument/implementation: the functions an indirect call can reach through ops tables.
// On `conn_request` in icsk->icsk_af_ops->conn_request(sk, skb): tcp_v4_conn_request, tcp_v6_conn_request, …
import type { Location, TextDocumentPositionParams } from "vscode-languageserver";
import { rankImplementations } from "./implementationRanking.js";
import { locationOf, symbolAt, type ServerContext } from "./serverContext.js";
import type { FunctionRef } from "./workspaceIndex.js";

export { rankImplementations } from "./implementationRanking.js";

export function provideImplementation(
  context: ServerContext,
  params: TextDocumentPositionParams,
  preferred?: ReadonlySet<string>,
): Location[] | null {
  const uri = params?.textDocument?.uri;
  if (typeof uri !== "string") return null;
  const symbol = symbolAt(context, uri, params.position);
  if (!symbol) return null;
  const toLocations = (refs: FunctionRef[]) =>
    refs.map((ref) => locationOf(context, ref.file.path, ref.symbol.selectionRange));

  if (symbol.kind === "field") {
    if (symbol.fieldCall) {
      return toLocations(context.graph.implementationsOf(symbol.fieldCall).map((i) => i.target));
    }
    // A field name elsewhere (its declaration, a designator): every function stored in that field.
    const targets = context.index
      .opsEntriesForField(symbol.name)
      .flatMap((entry) => context.index.definitionsOf(entry.symbol.target, entry.file.path));
    return toLocations(rankImplementations([...new Set(targets)], preferred));
  }
  const definitions = context.index.definitionsOf(symbol.name, context.paths.relative(uri));
  return definitions.length > 0 ? toLocations(definitions) : null;
}

// textDocument/references, including calls that reach a function through an ops table: references of
// tcp_v4_conn_request include `.conn_request = tcp_v4_conn_request` and the conn_request(...) call in
// net/ipv4/tcp_input.c: tcp_rcv_state_process.
import type { Location, ReferenceParams } from "vscode-languageserver";
import { localReferencesOf, locationOf, symbolAt, type ServerContext } from "./serverContext.js";
import { toLspRange } from "./textPositions.js";

export function provideReferences(context: ServerContext, params: ReferenceParams): Location[] | null {
  const uri = params?.textDocument?.uri;
  if (typeof uri !== "string") return null;
  const symbol = symbolAt(context, uri, params.position);
  if (!symbol) return null;
  const { index, graph } = context;
  const includeDeclaration = params.context?.includeDeclaration !== false;
  const locations: Location[] = [];
  const push = (path: string, range: [number, number, number, number]) =>
    locations.push(locationOf(context, path, range));

  const local = localReferencesOf(context, uri, symbol, params.position);
  if (local) {
    const ranges = includeDeclaration ? [local.declaration.range, ...local.uses] : local.uses;
    return ranges.map((range) => ({ uri, range: toLspRange(range) }));
  }

  if (symbol.kind === "field") {
    for (const call of index.fieldCallsOf(symbol.name)) push(call.file.path, call.symbol.range);
    if (includeDeclaration) for (const f of index.fieldsNamed(symbol.name)) push(f.file.path, f.symbol.range);
    return locations;
  }
  const functions = index.functionsNamed(symbol.name);
  if (includeDeclaration) {
    for (const f of functions) push(f.file.path, f.symbol.selectionRange);
    for (const m of index.macrosNamed(symbol.name)) push(m.file.path, m.symbol.selectionRange);
    for (const v of index.variablesNamed(symbol.name)) push(v.file.path, v.symbol.selectionRange);
    for (const s of index.structsNamed(symbol.name)) push(s.file.path, s.symbol.selectionRange);
  }
  for (const call of index.directCallsTo(symbol.name)) push(call.file.path, call.symbol.range);
  for (const entry of index.opsEntriesTargeting(symbol.name)) push(entry.file.path, entry.symbol.range);
  const seen = new Set<string>();
  for (const fn of functions.filter((f) => f.symbol.isDefinition)) {
    for (const { call } of graph.indirectCallsTo(fn)) {
      const key = `${call.file.path}:${call.symbol.range.join(",")}`;
      if (seen.has(key)) continue;
      seen.add(key);
      push(call.file.path, call.symbol.range);
    }
  }
  return locations;
}

// textDocument/definition and textDocument/declaration.
import type { Location, TextDocumentPositionParams } from "vscode-languageserver";
import { toLspRange } from "./textPositions.js";
import {
  includedHeaderAt,
  localDeclarationOf,
  locationOf,
  symbolOfRequest,
  type ServerContext,
} from "./serverContext.js";
import { fieldsOfMember } from "./memberHolder.js";
import type { MacroSymbol } from "./fileSymbols.js";
import type { FunctionRef, Located } from "./workspaceIndex.js";

export type DefinitionKind = "definition" | "declaration";

export function provideDefinition(
  context: ServerContext,
  params: TextDocumentPositionParams,
  kind: DefinitionKind = "definition",
): Location[] | null {
  const included = includedHeaderAt(context, params);
  if (included) return [locationOf(context, included, [0, 0, 0, 0])];
  const request = symbolOfRequest(context, params);
  if (!request) return null;
  const { uri, symbol } = request;
  const here = context.paths.relative(uri);
  const local = localDeclarationOf(context, uri, symbol, params.position);
  if (local) return [{ uri, range: toLspRange(local.range) }];
  const { index } = context;
  const locations: Location[] = [];

  if (symbol.kind === "field") {
    for (const f of fieldsOfMember(context, uri, symbol).refs) {
      locations.push(locationOf(context, f.file.path, f.symbol.range));
    }
    // `sk->sk_prot` names no field: include/net/sock.h #defines sk_prot as __sk_common.skc_prot.
    if (locations.length > 0) return locations;
  }

  const functionLocations = (functions: FunctionRef[]): Location[] => {
    const wanted = functions.filter((f) => f.symbol.isDefinition === (kind === "definition"));
    const chosen = wanted.length > 0 ? wanted : functions;
    const local = chosen.filter((f) => f.file.path === here);
    return (local.length > 0 ? local : chosen).map((f) =>
      locationOf(context, f.file.path, f.symbol.selectionRange),
    );
  };
  const macroLocations = (macros: Located<MacroSymbol>[]): Location[] =>
    macros.map((m) => locationOf(context, m.file.path, m.symbol.selectionRange));
  // What this file can see first: `HASH(…)` in net/atm/lec.c is its own #define, not the static HASH()
  // of net/ipv6/ip6_tunnel.c nor net/ipv6/sit.c's #define. A file outside the tree sees neither.
  const visible = index.functionsVisibleFrom(symbol.name, here ?? "");
  if (visible.length > 0) return functionLocations(visible);
  locations.push(...macroLocations(index.macrosVisibleFrom(symbol.name, here ?? "")));
  if (locations.length > 0) return locations;
  for (const e of index.enumeratorsVisibleFrom(symbol.name, here ?? ""))
    locations.push(locationOf(context, e.file.path, e.symbol.range));
  if (locations.length > 0) return locations;
  const types = (): Location[] =>
    index
      .typesVisibleFrom(symbol.name, here ?? "")
      .map((s) => locationOf(context, s.file.path, s.symbol.selectionRange));
  const variables = (): Location[] => {
    const visible = index.variablesVisibleFrom(symbol.name, here ?? "");
    const wanted = visible.filter((v) => v.symbol.isExtern === (kind === "declaration"));
    const chosen = wanted.length > 0 ? wanted : visible;
    const own = chosen.filter((v) => v.file.path === here);
    return (own.length > 0 ? own : chosen).map((v) =>
      locationOf(context, v.file.path, v.symbol.selectionRange),
    );
  };
  // A name both a struct and a variable is the one symbolAtPosition read from the text before it.
  for (const candidates of symbol.kind === "variable" ? [variables, types] : [types, variables]) {
    locations.push(...candidates());
    if (locations.length > 0) return locations;
  }
  // Nothing else has the name: what other .c files declare for themselves is the nearest guess.
  locations.push(...functionLocations(index.functionsNamed(symbol.name)));
  locations.push(...macroLocations(index.macrosNamed(symbol.name)));
  for (const e of index.enumeratorsNamed(symbol.name))
    locations.push(locationOf(context, e.file.path, e.symbol.range));
  for (const t of [...index.structsNamed(symbol.name), ...index.enumsNamed(symbol.name)])
    locations.push(locationOf(context, t.file.path, t.symbol.selectionRange));
  for (const v of index.variablesNamed(symbol.name))
    locations.push(locationOf(context, v.file.path, v.symbol.selectionRange));
  if (locations.length > 0) return locations;
  // symbolAtPosition leaves a field name "unknown" only in a comment's prose, where it names no field.
  if (symbol.kind === "unknown") return null;
  for (const f of index.fieldsNamed(symbol.name))
    locations.push(locationOf(context, f.file.path, f.symbol.range));
  return locations.length > 0 ? locations : null;
}

// textDocument/definition and textDocument/declaration.
import type { Location, TextDocumentPositionParams } from "vscode-languageserver";
import { toLspRange, type CompactRange } from "./textPositions.js";
import {
  includedHeaderAt,
  localDeclarationOf,
  locationOf,
  symbolOfRequest,
  type ServerContext,
} from "./serverContext.js";
import { fieldsOfMember } from "./memberHolder.js";
import { kconfigNameRange } from "./kconfigIndex.js";
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
  const from = here ?? "";

  // Where each ref is declared: its name, or (fields, enumerators) its whole declaration.
  const selected = (refs: Located<{ selectionRange: CompactRange }>[]) =>
    refs.map((r) => locationOf(context, r.file.path, r.symbol.selectionRange));
  const whole = (refs: Located<{ range: CompactRange }>[]) =>
    refs.map((r) => locationOf(context, r.file.path, r.symbol.range));

  if (symbol.kind === "field") {
    locations.push(...whole(fieldsOfMember(context, uri, symbol).refs));
    // `sk->sk_prot` names no field: include/net/sock.h #defines sk_prot as __sk_common.skc_prot.
    if (locations.length > 0) return locations;
  }

  const functionLocations = (functions: FunctionRef[]): Location[] => {
    const wanted = functions.filter((f) => f.symbol.isDefinition === (kind === "definition"));
    const chosen = wanted.length > 0 ? wanted : functions;
    const local = chosen.filter((f) => f.file.path === here);
    return selected(local.length > 0 ? local : chosen);
  };
  // A tag names a struct, union or enum only (`struct stat` is no function stat), or the macro the
  // preprocessor replaces it by (`struct mtype` in net/netfilter/ipset/ip_set_bitmap_gen.h), else where it
  // is declared without a body (`struct proc_dir_entry;`: defined outside the indexed folders).
  if (symbol.isTag) {
    const types = index.typesOfTag(symbol.name, from);
    if (types.length > 0) return selected(types);
    const macros = selected(index.macrosVisibleFrom(symbol.name, from));
    if (macros.length > 0 || symbol.kind === "enum") return macros.length > 0 ? macros : null;
    const declared = selected(index.tagDeclarationsOf(symbol.name, from));
    return declared.length > 0 ? declared : null;
  }
  // What this file can see first: `HASH(…)` in net/atm/lec.c is its own #define, not the static HASH()
  // of net/ipv6/ip6_tunnel.c nor net/ipv6/sit.c's #define. A file outside the tree sees neither.
  const visible = index.functionsVisibleFrom(symbol.name, from);
  if (visible.length > 0) return functionLocations(visible);
  locations.push(...selected(index.macrosVisibleFrom(symbol.name, from)));
  if (locations.length > 0) return locations;
  locations.push(...whole(index.enumeratorsVisibleFrom(symbol.name, from)));
  if (locations.length > 0) return locations;
  const types = (): Location[] => selected(index.typesVisibleFrom(symbol.name, from));
  const variables = (): Location[] => {
    const visible = index.variablesVisibleFrom(symbol.name, from);
    const wanted = visible.filter((v) => v.symbol.isExtern === (kind === "declaration"));
    const chosen = wanted.length > 0 ? wanted : visible;
    const own = chosen.filter((v) => v.file.path === here);
    return selected(own.length > 0 ? own : chosen);
  };
  // A name both a struct and a variable is the one symbolAtPosition read from the text before it.
  for (const candidates of symbol.kind === "variable" ? [variables, types] : [types, variables]) {
    locations.push(...candidates());
    if (locations.length > 0) return locations;
  }
  locations.push(...selected(index.typedefsVisibleFrom(symbol.name, from)));
  if (locations.length > 0) return locations;
  if (symbol.isProse) return null;
  // A CONFIG_ name no C file defines: the Kconfig entries of its symbol (`config SYN_COOKIES`).
  const config = context.kconfig.lookUp(symbol.name);
  if (config) return config.definitions.map((d) => locationOf(context, d.path, kconfigNameRange(d)));
  // Nothing else has the name: what other .c files declare for themselves is the nearest guess in code.
  locations.push(
    ...functionLocations(index.functionsNamed(symbol.name)),
    ...selected(index.macrosNamed(symbol.name)),
    ...whole(index.enumeratorsNamed(symbol.name)),
    ...selected([...index.structsNamed(symbol.name), ...index.enumsNamed(symbol.name)]),
    ...selected(index.variablesNamed(symbol.name)),
    ...selected(index.typedefsNamed(symbol.name)),
  );
  if (locations.length > 0) return locations;
  // symbolAtPosition leaves a field name "unknown" only in a comment's prose, where it names no field.
  if (symbol.kind === "unknown") return null;
  locations.push(...whole(index.fieldsNamed(symbol.name)));
  return locations.length > 0 ? locations : null;
}

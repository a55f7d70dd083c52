// Which simulator catalog entry a name in the kernel source stands for: the function at a definition, a
// prototype or a direct call, or the implementation an indirect call resolves to through the ops tables.
import {
  CATALOG,
  INLINED,
  catalogBySourceName,
  type CatalogEntry,
  type InlinedFunction,
} from "@kernel-lens/simulator";
import { entryLabel } from "../opsTables.js";
import type { FunctionRef } from "../workspaceIndex.js";
import type { ServerContext } from "../serverContext.js";
import type { SymbolAtPosition } from "../symbolAtPosition.js";

export interface ModelledTarget {
  entry: CatalogEntry;
  /** For an indirect call: the ops-table entry it went through ("ipv4_specific.conn_request"). */
  via?: string;
}

/** The catalog entry for a source name (`tcp_conn_request`, or `listen` of SYSCALL_DEFINE2(listen, …)). */
export function catalogEntryFor(name: string): CatalogEntry | undefined {
  return CATALOG.get(name) ?? catalogBySourceName(name);
}

/** Names the simulator's path calls, so implementation ranking can put them first. */
export function modelledSourceNames(): ReadonlySet<string> {
  const names = new Set<string>();
  for (const entry of CATALOG.values()) names.add(entry.sourceName ?? entry.name);
  return names;
}

/**
 * The modelled function behind the symbol, if any. A name defined `static` in another file than the
 * catalog's (a helper that shares a name) is not the modelled one: the definition site decides.
 */
export function modelledTarget(
  context: ServerContext,
  here: string | undefined,
  symbol: SymbolAtPosition,
): ModelledTarget | undefined {
  if (symbol.kind === "field" && symbol.fieldCall) {
    for (const { target, via } of context.graph.implementationsOf(symbol.fieldCall)) {
      const entry = catalogEntryFor(target.symbol.name);
      if (entry && isCatalogDefinition(entry, target)) {
        return { entry, via: entryLabel(via.symbol) };
      }
    }
    return undefined;
  }
  if (symbol.kind !== "function" && symbol.kind !== "call") return undefined;
  const entry = catalogEntryFor(symbol.name);
  if (!entry || isOtherDefinition(context, here, symbol.name, entry.file)) return undefined;
  return { entry };
}

/** The function the model performs inside catalog functions (reqsk_queue_added), under the same rule. */
export function inlinedTarget(
  context: ServerContext,
  here: string | undefined,
  symbol: SymbolAtPosition,
): InlinedFunction | undefined {
  if (symbol.kind !== "function" && symbol.kind !== "call") return undefined;
  const inlined = INLINED.get(symbol.name);
  if (!inlined || isOtherDefinition(context, here, symbol.name, inlined.file)) return undefined;
  return inlined;
}

/** Bound to a definition in this file that is not the one in `file`: a same-named local helper
 * (net/netfilter/nf_conntrack_proto_tcp.c's own tcp_in_window). */
function isOtherDefinition(
  context: ServerContext,
  here: string | undefined,
  name: string,
  file: string,
): boolean {
  const definitions = context.index.definitionsOf(name, here);
  return definitions.some((d) => d.file.path === here) && here !== file;
}

/** Where the catalog's function is defined in the tree: its v4.11 file first. */
export function catalogDefinition(context: ServerContext, entry: CatalogEntry): FunctionRef | undefined {
  const name = entry.sourceName ?? entry.name;
  const definitions = context.index.definitionsOf(name, entry.file);
  return definitions.find((d) => d.file.path === entry.file) ?? definitions[0];
}

function isCatalogDefinition(entry: CatalogEntry, target: FunctionRef): boolean {
  return target.file.path === entry.file || !target.file.path.endsWith(".c");
}

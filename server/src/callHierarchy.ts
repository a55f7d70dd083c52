// Call hierarchy through direct calls and ops tables, so tcp_v4_rcv → tcp_v4_do_rcv → tcp_rcv_state_process
// → (conn_request) tcp_v4_conn_request → tcp_conn_request can be walked in the editor.
import {
  SymbolKind,
  type CallHierarchyIncomingCall,
  type CallHierarchyIncomingCallsParams,
  type CallHierarchyItem,
  type CallHierarchyOutgoingCall,
  type CallHierarchyOutgoingCallsParams,
  type CallHierarchyPrepareParams,
} from "vscode-languageserver";
import type { CallEdge } from "./callGraph.js";
import { symbolOfRequest, type ServerContext } from "./serverContext.js";
import { startLine, toLspRange } from "./textPositions.js";
import type { FunctionRef } from "./workspaceIndex.js";

interface ItemData {
  path: string;
  name: string;
  line: number;
}

export function prepareCallHierarchy(
  context: ServerContext,
  params: CallHierarchyPrepareParams,
): CallHierarchyItem[] | null {
  const request = symbolOfRequest(context, params);
  if (!request) return null;
  const { uri, symbol } = request;
  let functions: FunctionRef[];
  if (symbol.kind === "field" && symbol.fieldCall) {
    functions = context.graph.implementationsOf(symbol.fieldCall).map((i) => i.target);
  } else {
    functions = context.index.definitionsOf(symbol.name, context.paths.relative(uri));
  }
  return functions.length > 0 ? functions.map((f) => itemOf(context, f)) : null;
}

export function incomingCalls(
  context: ServerContext,
  params: CallHierarchyIncomingCallsParams,
): CallHierarchyIncomingCall[] | null {
  const fn = functionOfItem(context, params?.item);
  if (!fn) return null;
  return groupByTarget(context.graph.incoming(fn)).map(([caller, edges]) => ({
    from: itemOf(context, caller),
    fromRanges: edges.map((e) => toLspRange(e.call.symbol.range)),
  }));
}

export function outgoingCalls(
  context: ServerContext,
  params: CallHierarchyOutgoingCallsParams,
): CallHierarchyOutgoingCall[] | null {
  const fn = functionOfItem(context, params?.item);
  if (!fn) return null;
  return groupByTarget(context.graph.outgoing(fn)).map(([callee, edges]) => ({
    to: itemOf(context, callee),
    fromRanges: edges.map((e) => toLspRange(e.call.symbol.range)),
  }));
}

function itemOf(context: ServerContext, fn: FunctionRef): CallHierarchyItem {
  const data: ItemData = { path: fn.file.path, name: fn.symbol.name, line: startLine(fn.symbol.range) };
  return {
    name: fn.symbol.name,
    kind: SymbolKind.Function,
    detail: `${fn.file.path}:${startLine(fn.symbol.selectionRange) + 1}`,
    uri: context.paths.uri(fn.file.path),
    range: toLspRange(fn.symbol.range),
    selectionRange: toLspRange(fn.symbol.selectionRange),
    data,
  };
}

/** Finds the item's function again by file and name; the index may have been rebuilt since prepare. */
function functionOfItem(
  context: ServerContext,
  item: CallHierarchyItem | undefined,
): FunctionRef | undefined {
  if (!item || typeof item.name !== "string") return undefined;
  const data = item.data as Partial<ItemData> | undefined;
  const path = data?.path ?? (typeof item.uri === "string" ? context.paths.relative(item.uri) : undefined);
  const candidates = context.index
    .definitionsOf(item.name, path)
    .filter((f) => !path || f.file.path === path);
  const line = data?.line ?? item.range?.start?.line;
  return candidates.find((f) => startLine(f.symbol.range) === line) ?? candidates[0];
}

function groupByTarget(edges: CallEdge[]): [FunctionRef, CallEdge[]][] {
  const groups = new Map<string, [FunctionRef, CallEdge[]]>();
  for (const edge of edges) {
    const key = `${edge.target.file.path}#${edge.target.index}`;
    const group = groups.get(key);
    if (group) group[1].push(edge);
    else groups.set(key, [edge.target, [edge]]);
  }
  return [...groups.values()];
}

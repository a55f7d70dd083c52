// textDocument/typeDefinition: the struct a name's value is. `skb` in tcp_v4_rcv → struct sk_buff (its
// parameter's type), `tp->rx_opt` → struct tcp_options_received (the field's type), `tcp_hashinfo` →
// struct inet_hashinfo, `inet_csk` → struct inet_connection_sock (what the function returns), a typedef
// name such as socket_lock_t → the struct it names, and `rep` in tcp_v4_send_reset → its `struct { … }`;
// a typedef of anything else is the type itself (`features` in netif_skb_features → netdev_features_t),
// and a struct defined outside the indexed folders its declarations (`struct proc_dir_entry;`).
import type { Location, TextDocumentPositionParams } from "vscode-languageserver";
import { fieldsOfMember, localTypeName } from "./memberHolder.js";
import { localDeclarationOf, locationOf, symbolOfRequest, type ServerContext } from "./serverContext.js";
import { isVariableType } from "./structs.js";
import type { CompactRange } from "./textPositions.js";
import type { Located } from "./workspaceIndex.js";

export function provideTypeDefinition(
  context: ServerContext,
  params: TextDocumentPositionParams,
): Location[] | null {
  const request = symbolOfRequest(context, params);
  if (!request) return null;
  const { uri, symbol } = request;
  const { index } = context;
  const here = context.paths.relative(uri) ?? "";
  let type: string | undefined;
  const local = localDeclarationOf(context, uri, symbol, params.position);
  if (local) type = localTypeName(local, symbol.name);
  else if (symbol.kind === "field") {
    const field = fieldsOfMember(context, uri, symbol).refs.find(
      (f) => f.symbol.structType ?? f.symbol.typeText,
    );
    type = field?.symbol.structType ?? field?.symbol.typeText;
  } else if (symbol.kind === "variable") {
    type = index.variablesVisibleFrom(symbol.name, here).find((v) => v.symbol.structType)?.symbol.structType;
  } else if (symbol.kind === "function" || symbol.kind === "call") {
    type = index.functionsVisibleFrom(symbol.name, here).find((f) => f.symbol.returnStruct)
      ?.symbol.returnStruct;
  } else if (symbol.kind === "struct") {
    type = symbol.name;
  }
  if (!type || !(/^[\w.]+$/.test(type) || isVariableType(type))) return null;
  // tcp_cubic.c's `struct bictcp *ca` is tcp_cubic.c's struct, not tcp_bic.c's.
  const structs = index.typesVisibleFrom(index.resolveTypedef(type), here);
  // A typedef of no struct (`netdev_features_t features` in netif_skb_features) is its type; a struct no
  // indexed file defines, its declarations (`struct proc_dir_entry *pde` → `struct proc_dir_entry;`).
  let types: Located<{ selectionRange: CompactRange }>[] = structs;
  if (types.length === 0) types = index.typedefsVisibleFrom(type, here);
  if (types.length === 0) types = index.tagDeclarationsOf(index.resolveTypedef(type), here);
  if (types.length === 0) return null;
  return types.map((s) => locationOf(context, s.file.path, s.symbol.selectionRange));
}

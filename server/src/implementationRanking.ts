// Orders candidate implementations of an indirect call. The simulator link can pass the functions the
// simulated IPv4 path uses, and the functions of a table the configuration selects come first too; then
// IPv4 files, and TCP before other protocols there (the project follows an IPv4 TCP connection).
import type { FunctionRef } from "./workspaceIndex.js";

export interface RankContext {
  /** Name of the function making the call; a shared prefix (tcp_ for tcp_rcv_state_process) ranks higher. */
  callerName?: string;
  /** Functions of a table the tree's configuration selects (the default congestion control's). */
  configured?: ReadonlySet<FunctionRef>;
}

export function rankImplementations(
  candidates: readonly FunctionRef[],
  preferred?: ReadonlySet<string>,
  context: RankContext = {},
): FunctionRef[] {
  const prefix = context.callerName?.replace(/^_+/, "").split("_")[0];
  const score = (ref: FunctionRef) =>
    (preferred?.has(ref.symbol.name) ? 1000 : 0) +
    (context.configured?.has(ref) ? 1000 : 0) +
    (ref.file.path.startsWith("net/ipv4/") ? 100 : 0) +
    (prefix && ref.symbol.name.startsWith(`${prefix}_`) ? 10 : 0) +
    (ref.symbol.name.startsWith("tcp_") ? 5 : 0);
  return [...candidates].sort(
    (a, b) =>
      score(b) - score(a) ||
      a.symbol.name.localeCompare(b.symbol.name) ||
      a.file.path.localeCompare(b.file.path),
  );
}

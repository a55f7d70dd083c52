// The simulator's public API, used by the language server, the extension and the CLI.
export { runScenario, DEFAULT_SEED, DEFAULT_MAX_EVENTS, NotModelledError, type RunOptions } from "./run.js";
export type * from "./runResult.js";
export type * from "./scenario/types.js";
export {
  CATALOG,
  INLINED,
  catalogEntries,
  catalogBySourceName,
  type CatalogEntry,
  type FnName,
  type InlinedFunction,
} from "./catalog.js";
export { parseScenario, listParams, applyOverrides, ScenarioError, UsageError } from "./scenario/parse.js";
export {
  listBuiltins,
  loadBuiltin,
  readBuiltin,
  isBuiltin,
  builtinNames,
  type BuiltinInfo,
} from "./scenario/builtins.js";
export { LOCAL_PORT_RANGE_RULE, parseLocalPortRange, SYSCTLS, sysctlInfo } from "./kernel/sysctls.js";
export { LOCAL_PORT_RANGE_SYSCTL, scenarioSchema, setsLocalPortRange } from "./scenario/schema.js";
export { COUNTERS } from "./kernel/snmp.js";
export { formatEffect, formatTrace, formatSyscalls, formatPackets } from "./report/traceText.js";
export { formatSs } from "./report/ssTable.js";
export { formatNstat } from "./report/nstatTable.js";
export { runJson } from "./report/runJson.js";
export { formatMs, kernelState } from "./report/format.js";
export {
  subtreeEnd,
  subtreeEffects,
  callsOf,
  callChain,
  listenersAt,
  socketStatesAt,
  countersAt,
  eventAtTime,
  type ListenerState,
} from "./runQueries.js";
export {
  runPacketdrill,
  LOCAL_ADDR as PACKETDRILL_LOCAL_ADDR,
  REMOTE_ADDR as PACKETDRILL_REMOTE_ADDR,
  DEFAULT_TOLERANCE_US,
  type PacketdrillOptions,
  type PacketdrillOutcome,
  type PacketdrillResult,
} from "./packetdrill/run.js";
export { formatPacketdrillText, outcomeLine } from "./packetdrill/report.js";

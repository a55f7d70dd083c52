// Public API for the simulator link and other embedders: the server factory, the index and its queries.
export { createServer } from "./server.js";
export { IndexStatusRequest, REINDEX_COMMAND, type IndexStatus } from "./protocol.js";
export { createLinkedServer, type LinkedServer } from "./link/simulatorLink.js";
export type {
  CodeLensProvider,
  HoverProvider,
  KernelLensInitializationOptions,
  KernelLensServer,
  ServerOptions,
} from "./server.js";
export type { ServerContext } from "./serverContext.js";
export { symbolAt } from "./serverContext.js";
export { findFunction, definitionAt } from "./queries.js";
export type { SymbolAtPosition, SymbolKind } from "./symbolAtPosition.js";
export { rankImplementations } from "./implementationRanking.js";
export { WorkspaceIndex } from "./workspaceIndex.js";
export type { FunctionRef, CallRef, OpsRef, FieldRef, Located } from "./workspaceIndex.js";
export { CallGraph } from "./callGraph.js";
export type * from "./fileSymbols.js";
export { createCParser } from "./parser.js";
export { extractFileSymbols } from "./extract.js";
export { readKernelVersion, parseKernelVersion } from "./kernelVersion.js";
export type { KernelVersion } from "./kernelVersion.js";
export { grammarFiles, defaultGrammarDirectory } from "./grammarFiles.js";

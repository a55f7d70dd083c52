// Process entry: speaks LSP over --stdio or --node-ipc (vscode-languageserver reads the flag from argv).
import { ProposedFeatures, createConnection } from "vscode-languageserver/node.js";
import { createLinkedServer } from "./link/simulatorLink.js";
import { applyServerV8Flags } from "./v8Flags.js";

export function startServer(): void {
  // Before the index workers start: they share the process's V8 flags.
  const v8Flags = applyServerV8Flags();
  const connection = createConnection(ProposedFeatures.all);
  createLinkedServer(connection, { startupLog: [v8Flags] });
  connection.listen();
}

startServer();

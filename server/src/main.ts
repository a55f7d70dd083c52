// Process entry: speaks LSP over --stdio or --node-ipc (vscode-languageserver reads the flag from argv).
import { ProposedFeatures, createConnection } from "vscode-languageserver/node.js";
import { createLinkedServer } from "./link/simulatorLink.js";

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  createLinkedServer(connection);
  connection.listen();
}

startServer();

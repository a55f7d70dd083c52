// The language server and an LSP client in one process, joined by in-memory streams: the CLI asks the
// same questions an editor does and gets the same answers (hover, index status, custom requests).
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node.js";
import { createConnection } from "vscode-languageserver/node.js";
import type { KernelLensInitializationOptions } from "../server.js";
import { createLinkedServer } from "../link/simulatorLink.js";
import { StatusNotification } from "../protocol.js";

export interface LspSession {
  client: MessageConnection;
  /** Resolves when the first indexing pass is done. */
  indexed: Promise<unknown>;
  close(): Promise<void>;
}

export interface LspSessionOptions {
  initializationOptions?: KernelLensInitializationOptions;
  /** Files indexed so far, from the server's status notifications. */
  onIndexProgress?(done: number, total: number): void;
}

export async function openLspSession(
  root: string,
  { initializationOptions = {}, onIndexProgress }: LspSessionOptions = {},
): Promise<LspSession> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(
    new StreamMessageReader(toServer),
    new StreamMessageWriter(toClient),
  );
  const server = createLinkedServer(serverConnection);
  serverConnection.listen();
  const client = createMessageConnection(
    new StreamMessageReader(toClient),
    new StreamMessageWriter(toServer),
  );
  client.onNotification("window/logMessage", () => undefined);
  client.onNotification(StatusNotification, ({ indexedFiles, totalFiles }) =>
    onIndexProgress?.(indexedFiles, totalFiles),
  );
  client.listen();
  await client.sendRequest("initialize", {
    // null: no parent-process watchdog (an interval that would keep this process alive).
    processId: null,
    rootUri: pathToFileURL(root).href,
    capabilities: {},
    initializationOptions,
  });
  await client.sendNotification("initialized", {});
  return {
    client,
    indexed: server.indexed,
    async close() {
      await client.sendRequest("shutdown").catch(() => undefined);
      client.dispose();
      serverConnection.dispose();
      toServer.end();
      toClient.end();
    },
  };
}

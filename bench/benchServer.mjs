// The language server as the benchmarks drive it: a child process over stdio JSON-RPC, initialized on a
// kernel tree, as an editor starts it.
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node.js";

/** Spawns `serverScript --stdio` on the node at `nodePath`, initializes it on `kernelRoot` and sends
 * `initialized`. `indexed` resolves with performance.now() at the end of its work-done progress. */
export async function startServer(
  serverScript,
  kernelRoot,
  initializationOptions,
  nodePath = process.execPath,
) {
  const child = spawn(nodePath, [serverScript, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const indexed = new Promise((resolve) => {
    connection.onNotification("$/progress", ({ value }) => {
      if (value.kind === "end") resolve(performance.now());
    });
  });
  connection.onRequest("window/workDoneProgress/create", () => null);
  connection.onNotification("window/logMessage", () => undefined);
  connection.listen();
  await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(kernelRoot).href,
    capabilities: { window: { workDoneProgress: true } },
    initializationOptions,
  });
  connection.sendNotification("initialized", {});
  return { connection, child, indexed };
}

export async function stopServer({ connection, child }) {
  await connection.sendRequest("shutdown").catch(() => undefined);
  // The server may already be gone: a failed write must not end the benchmark.
  await connection.sendNotification("exit").catch(() => undefined);
  connection.dispose();
  child.kill();
}

// Worker thread entry: reads and parses files handed over by IndexWorkerPool, so the LSP thread stays
// responsive. Results go back as one cache line (serializedFile.ts) whose bytes are transferred, not copied:
// posting the object graph cost ≈ 9 % of worker time, posting the line as a string ≈ 8 %. The main thread
// parses only its header and appends the bytes to the cache as they are.
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { extractFileSymbols, FILE_QUERIES, type ExtractOptions } from "./extract.js";
import { emptyFileSymbols } from "./fileSymbols.js";
import { createCParser } from "./parser.js";
import { encodeLine, serializeFile } from "./serializedFile.js";

export interface WorkerRequest {
  id: number;
  path: string;
  /** The text to index; when absent the worker reads `absolutePath` itself. */
  text?: string;
  absolutePath?: string;
  /** Carried into the result (size:mtime when read from disk). */
  stamp?: string;
}

export interface WorkerResponse {
  id: number;
  /** encodeLine(serializeFile(symbols)); a Uint8Array once posted. */
  line: Uint8Array;
}

export interface WorkerSettings extends ExtractOptions {
  grammarDirectory?: string;
}

const settings = workerData as WorkerSettings;
const parser = await createCParser(settings.grammarDirectory);
parser.prepareQueries(FILE_QUERIES);

parentPort?.on("message", (request: WorkerRequest) => {
  let text = request.text;
  let symbols;
  try {
    text ??= readFileSync(request.absolutePath ?? request.path, "utf8");
    symbols = extractFileSymbols(parser, request.path, text, settings);
  } catch (error) {
    symbols = emptyFileSymbols(
      request.path,
      "",
      `failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (request.stamp !== undefined) symbols.stamp = request.stamp;
  const line = encodeLine(serializeFile(symbols));
  const response: WorkerResponse = { id: request.id, line };
  parentPort?.postMessage(response, [line.buffer as ArrayBuffer]);
});
parentPort?.postMessage({ ready: true });

// Worker thread entry: reads and parses files handed over by IndexWorkerPool, so the LSP thread stays
// responsive. Results go back as one cache line (serializedFile.ts): one string is far cheaper to post than
// the object graph (structured clone cost ≈ 9 % of worker time); the main thread parses only its header and
// appends the line to the cache as is.
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
  /** encodeLine(serializeFile(symbols)). */
  line: string;
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
  const response: WorkerResponse = { id: request.id, line: encodeLine(serializeFile(symbols)) };
  parentPort?.postMessage(response);
});
parentPort?.postMessage({ ready: true });

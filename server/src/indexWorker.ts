// Worker thread entry: reads and parses files handed over by IndexWorkerPool, so the LSP thread stays
// responsive. Each result is one cache line (serializedFile.ts) whose bytes are transferred, not copied:
// posting the object graph cost ≈ 9 % of worker time, posting the line as a string ≈ 8 %. The main thread
// parses only its header and appends the bytes to the cache as they are. The files of one delivery of
// requests go back in one message: fewer messages took the LSP thread's CPU in a cold index from 0.72–0.76
// to 0.46–0.50 s (with IndexWorkerPool's larger backlog; bench/RESULTS.md, sixteenth session).
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

export interface WorkerResult {
  id: number;
  /** encodeLine(serializeFile(symbols)); a Uint8Array once posted. */
  line: Uint8Array;
}

export interface WorkerResponse {
  results: WorkerResult[];
}

export interface WorkerSettings extends ExtractOptions {
  grammarDirectory?: string;
}

const settings = workerData as WorkerSettings;
const parser = await createCParser(settings.grammarDirectory);
parser.prepareQueries(FILE_QUERIES);

/** Results not posted yet: those of the requests delivered together, posted once the delivery is done. */
let pending: WorkerResult[] = [];

function postPending(): void {
  const response: WorkerResponse = { results: pending };
  pending = [];
  parentPort?.postMessage(
    response,
    response.results.map((result) => result.line.buffer as ArrayBuffer),
  );
}

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
  if (pending.length === 0) setImmediate(postPending);
  pending.push({ id: request.id, line: encodeLine(serializeFile(symbols)) });
});
parentPort?.postMessage({ ready: true });

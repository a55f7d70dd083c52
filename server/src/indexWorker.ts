// Worker thread entry: parses files handed over by IndexWorkerPool, so the LSP thread stays responsive.
import { parentPort, workerData } from "node:worker_threads";
import { extractFileSymbols, type ExtractOptions } from "./extract.js";
import { createCParser } from "./parser.js";

export interface WorkerRequest {
  id: number;
  path: string;
  text: string;
}

export interface WorkerSettings extends ExtractOptions {
  grammarDirectory?: string;
}

const settings = workerData as WorkerSettings;
const parser = await createCParser(settings.grammarDirectory);

parentPort?.on("message", (request: WorkerRequest) => {
  const symbols = extractFileSymbols(parser, request.path, request.text, settings);
  parentPort?.postMessage({ id: request.id, symbols });
});
parentPort?.postMessage({ ready: true });

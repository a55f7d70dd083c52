// Spreads file extraction over worker threads (the target machine has 2 cores). A worker that dies is
// replaced and its file recorded as failed, so one bad file cannot stop indexing.
import { Worker } from "node:worker_threads";
import { emptyFileSymbols, type FileSymbols } from "./fileSymbols.js";
import type { WorkerRequest, WorkerSettings } from "./indexWorker.js";

interface Pending {
  request: WorkerRequest;
  resolve: (symbols: FileSymbols) => void;
}

interface PoolWorker {
  worker: Worker;
  inFlight: Map<number, Pending>;
}

export class IndexWorkerPool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    size: number,
    private readonly settings: WorkerSettings,
    private readonly workerScript: URL | string = new URL("./indexWorker.js", import.meta.url),
  ) {
    for (let i = 0; i < Math.max(1, size); i++) this.workers.push(this.spawn());
  }

  extract(path: string, text: string): Promise<FileSymbols> {
    return new Promise((resolve) => {
      const target = this.workers.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
      const request = { id: this.nextId++, path, text };
      target.inFlight.set(request.id, { request, resolve });
      target.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  private spawn(): PoolWorker {
    // A small young generation keeps each worker's resident memory low; its garbage is short-lived.
    const worker = new Worker(this.workerScript, {
      workerData: this.settings,
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    const entry: PoolWorker = { worker, inFlight: new Map() };
    worker.on("message", (message: { id?: number; symbols?: FileSymbols }) => {
      if (message.id === undefined || !message.symbols) return;
      const pending = entry.inFlight.get(message.id);
      entry.inFlight.delete(message.id);
      pending?.resolve(message.symbols);
    });
    const fail = (reason: string) => {
      for (const pending of entry.inFlight.values()) {
        pending.resolve(emptyFileSymbols(pending.request.path, "", `failed: indexing worker ${reason}`));
      }
      entry.inFlight.clear();
      const slot = this.workers.indexOf(entry);
      if (!this.closed && slot >= 0) this.workers[slot] = this.spawn();
    };
    worker.on("error", (error) => fail(`error: ${error.message}`));
    worker.on("exit", (code) => {
      if (!this.closed) fail(`exited with code ${code}`);
    });
    return entry;
  }
}

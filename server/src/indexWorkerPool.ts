// Spreads file extraction over worker threads (the target machine has 2 cores). Files wait in one shared
// queue and each worker holds at most FILES_PER_WORKER of them, so neither core idles while the other still has
// a backlog. A worker that dies is replaced and its files recorded as failed, so one bad file cannot stop
// indexing.
import { Worker } from "node:worker_threads";
import { emptyFileSymbols, type FileSymbols } from "./fileSymbols.js";
import { decodeLine, parseBody, serializeFile, type SerializedFile } from "./serializedFile.js";
import type { WorkerRequest, WorkerResponse, WorkerSettings } from "./indexWorker.js";

/** A backlog per worker, so that it never waits for a busy main thread between files; the files a worker
 * finishes while the main thread is busy come back in one message (indexWorker.ts), so a longer backlog
 * means fewer messages: 8 rather than 3. */
export const FILES_PER_WORKER = 8;

export type ExtractionRequest = Omit<WorkerRequest, "id">;

export interface Extraction {
  file: SerializedFile;
  /** The worker's cache line, absent when the worker failed. */
  line?: Buffer;
}

interface Pending {
  request: WorkerRequest;
  resolve: (extraction: Extraction) => void;
}

interface PoolWorker {
  worker: Worker;
  inFlight: Map<number, Pending>;
}

export class IndexWorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    size: number,
    private readonly settings: WorkerSettings,
    private readonly workerScript: URL | string = new URL("./indexWorker.js", import.meta.url),
  ) {
    for (let i = 0; i < Math.max(1, size); i++) this.workers.push(this.spawn());
  }

  async extract(path: string, text: string): Promise<FileSymbols> {
    return parseBody((await this.run({ path, text })).file);
  }

  run(request: ExtractionRequest): Promise<Extraction> {
    return new Promise((resolve) => {
      this.queue.push({ request: { ...request, id: this.nextId++ }, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const target = this.workers.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
      if (target.inFlight.size >= FILES_PER_WORKER) return;
      const pending = this.queue.shift()!;
      target.inFlight.set(pending.request.id, pending);
      target.worker.postMessage(pending.request);
    }
  }

  private spawn(): PoolWorker {
    // A small young generation keeps each worker's resident memory low; its garbage is short-lived. 16 MB
    // rather than 8 since the parse got lighter: 91 ms sooner over seven cold starts, +8–20 MB peak RSS
    // (32 MB: no faster, +30–50 MB).
    const worker = new Worker(this.workerScript, {
      workerData: this.settings,
      resourceLimits: { maxYoungGenerationSizeMb: 16 },
    });
    const entry: PoolWorker = { worker, inFlight: new Map() };
    worker.on("message", (message: Partial<WorkerResponse>) => {
      for (const { id, line } of message.results ?? []) {
        const pending = entry.inFlight.get(id);
        entry.inFlight.delete(id);
        pending?.resolve(
          extractionOf(pending.request.path, Buffer.from(line.buffer, line.byteOffset, line.byteLength)),
        );
      }
      this.dispatch();
    });
    const fail = (reason: string) => {
      for (const pending of entry.inFlight.values()) {
        const path = pending.request.path;
        pending.resolve({
          file: serializeFile(emptyFileSymbols(path, "", `failed: indexing worker ${reason}`)),
        });
      }
      entry.inFlight.clear();
      const slot = this.workers.indexOf(entry);
      if (!this.closed && slot >= 0) {
        this.workers[slot] = this.spawn();
        this.dispatch();
      }
    };
    worker.on("error", (error) => fail(`error: ${error.message}`));
    worker.on("exit", (code) => {
      if (!this.closed) fail(`exited with code ${code}`);
    });
    return entry;
  }
}

/** The header is parsed now, the body when a request needs the file. */
function extractionOf(path: string, line: Buffer): Extraction {
  try {
    return { file: decodeLine(line), line };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      file: serializeFile(emptyFileSymbols(path, "", `failed: worker answer unreadable (${reason})`)),
    };
  }
}

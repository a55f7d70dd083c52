// A minimal LSP client over a spawned server's stdio, as an editor would talk to it.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const kernelRoot = path.resolve(repoRoot, "../shared/linux-4.11");
export const kernelUri = (relative: string) => pathToFileURL(path.join(kernelRoot, relative)).href;

/** Position of `needle` in a kernel file (the first occurrence after `after`), plus `delta` characters into it. */
export function positionOf(
  relative: string,
  needle: string,
  options: { after?: string; delta?: number } = {},
) {
  const text = readFileSync(path.join(kernelRoot, relative), "utf8");
  const from = options.after ? text.indexOf(options.after) : 0;
  const offset = text.indexOf(needle, from);
  if (from < 0 || offset < 0) throw new Error(`${needle} not found in ${relative}`);
  const before = text.slice(0, offset + (options.delta ?? 0));
  return { line: before.split("\n").length - 1, character: before.length - before.lastIndexOf("\n") - 1 };
}

/** Newest modification time of the files under `directories` (relative to the repository root). */
function newestMtime(directories: string[]): number {
  return Math.max(
    ...directories.flatMap((directory) =>
      (readdirSync(path.join(repoRoot, directory), { recursive: true }) as string[]).map(
        (f) => statSync(path.join(repoRoot, directory, f)).mtimeMs,
      ),
    ),
  );
}

/** Builds what the server tests run when a source is newer than it, as `npm run build` does: the tsc
 * output (`tsc -b server`, incremental) and the bundle the `kernel-lens-server` bin starts
 * (server/bundle.mjs, about half a second). */
export function ensureBuilt(): void {
  const buildInfo = path.join(repoRoot, "server/tsconfig.tsbuildinfo");
  const built = existsSync(path.join(repoRoot, "server/dist/main.js")) && existsSync(buildInfo);
  if (!built || statSync(buildInfo).mtimeMs < newestMtime(["server/src"])) {
    execFileSync(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-b", "server"], {
      cwd: repoRoot,
      stdio: "inherit",
    });
  }
  const bundle = path.join(repoRoot, "server/bundle/server/lib/server.js");
  const bundled = ["server/src", "simulator/dist", "simulator/scenarios", "grammars"];
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestMtime(bundled)) {
    execFileSync(process.execPath, [path.join(repoRoot, "server/bundle.mjs")], {
      cwd: repoRoot,
      stdio: "inherit",
    });
  }
}

export interface TestServer {
  connection: MessageConnection;
  child: ChildProcess;
  progress: { kind: string; message?: string; percentage?: number }[];
  /** The server's window/logMessage lines, in order. */
  logs: string[];
  indexed: Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(
  initializationOptions: Record<string, unknown> = {},
  root = kernelRoot,
): Promise<TestServer> {
  ensureBuilt();
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, "server/bin/kernel-lens-server.js"), "--stdio"],
    {
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  child.stderr?.resume();
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const progress: TestServer["progress"] = [];
  let markIndexed!: () => void;
  const indexed = new Promise<void>((resolve) => (markIndexed = resolve));
  connection.onRequest("window/workDoneProgress/create", () => null);
  connection.onNotification("$/progress", (params: { value: TestServer["progress"][number] }) => {
    progress.push(params.value);
    if (params.value.kind === "end") markIndexed();
  });
  const logs: string[] = [];
  connection.onNotification("window/logMessage", (params: { message: string }) => logs.push(params.message));
  connection.listen();
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), "kernel-lens-test-cache-"));
  await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    capabilities: { window: { workDoneProgress: true } },
    initializationOptions: { cacheDir, ...initializationOptions },
  });
  await connection.sendNotification("initialized", {});
  return {
    connection,
    child,
    progress,
    logs,
    indexed,
    async stop() {
      try {
        await connection.sendRequest("shutdown");
        await connection.sendNotification("exit");
      } catch {
        // already gone
      }
      connection.dispose();
      child.kill();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

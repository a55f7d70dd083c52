// Server behaviour on a small temporary workspace: cache warm start, watched-file changes, include/exclude,
// and answers while the real corpus is still being indexed.
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import type { Hover, Location, SymbolInformation } from "vscode-languageserver-protocol";
import { kernelRoot, kernelUri, startServer, type TestServer } from "./lspClient.js";

const COPIED = [
  "Makefile",
  "net/ipv4/tcp_ipv4.c",
  "net/ipv4/tcp_input.c",
  "net/ipv6/tcp_ipv6.c",
  "include/net/tcp.h",
  "include/net/inet_connection_sock.h",
];

const temporary = mkdtempSync(path.join(os.tmpdir(), "kernel-lens-workspace-"));
const workspace = path.join(temporary, "tree");
for (const file of COPIED) {
  mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
  cpSync(path.join(kernelRoot, file), path.join(workspace, file));
}
const uriOf = (relative: string) => pathToFileURL(path.join(workspace, relative)).href;
const running: TestServer[] = [];

async function start(options: Record<string, unknown>, root = workspace): Promise<TestServer> {
  const server = await startServer({ ...options }, root);
  running.push(server);
  return server;
}

type Status = {
  done: boolean;
  files: number;
  report: { parsed: number; fromCache: number; errors: { path: string }[]; reachedFiles?: number };
};

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  rmSync(temporary, { recursive: true, force: true });
});

/** Files come from the cache as headers; their symbols are parsed when a request reaches them: here
 * ipv4_specific and the mapped-IPv4 call in tcp_ipv6.c, and the ops-table call in tcp_input.c. */
async function expectReferencesToConnRequest(server: TestServer): Promise<void> {
  const found = await server.connection.sendRequest<SymbolInformation[]>("workspace/symbol", {
    query: "tcp_v4_conn_request",
  });
  expect(found[0]?.name).toBe("tcp_v4_conn_request");
  const references = await server.connection.sendRequest<Location[]>("textDocument/references", {
    textDocument: { uri: found[0]!.location.uri },
    position: found[0]!.location.range.start,
    context: { includeDeclaration: false },
  });
  const referencingFiles = new Set(references.map((r) => path.basename(r.uri)));
  expect(referencingFiles).toEqual(new Set(["tcp_ipv4.c", "tcp_ipv6.c", "tcp_input.c"]));
}

describe("workspace lifecycle", () => {
  test("a second start with the same cache parses nothing", async () => {
    const cacheDir = path.join(temporary, "cache");
    const first = await start({ cacheDir });
    await first.indexed;
    const cold = await first.connection.sendRequest<Status>("kernelLens/indexStatus");
    expect(cold.report).toMatchObject({ parsed: COPIED.length - 1, fromCache: 0 });
    // The three sources, include/net/tcp.h (tcp_ipv4.c includes it) and inet_connection_sock.h (tcp.h does).
    expect(cold.report.reachedFiles).toBe(5);
    // Once the cache is written the cold server reads bodies from it too: the first request that reaches a
    // file must find its symbols there (a wrong slice would leave the file empty for that request).
    await expectReferencesToConnRequest(first);
    await first.stop();

    const second = await start({ cacheDir });
    await second.indexed;
    const warm = await second.connection.sendRequest<Status>("kernelLens/indexStatus");
    expect(warm.report).toMatchObject({ parsed: 0, fromCache: COPIED.length - 1 });
    // A server of another build on the same tree (the CLI, the extension's own bundle) removes this cache
    // when it saves its own: the bodies this one loaded stay readable.
    rmSync(cacheDir, { recursive: true, force: true });
    await expectReferencesToConnRequest(second);
  });

  test("a damaged cache entry leaves its file empty for one request, then it is extracted again", async () => {
    const cacheDir = path.join(temporary, "damaged-cache");
    const first = await start({ cacheDir });
    await first.indexed;
    await first.stop();
    // Keep the header (names, stamp) and break the body of tcp_ipv4.c's line.
    let damaged = 0;
    for (const name of readdirSync(cacheDir).filter((n) => n.endsWith(".jsonl"))) {
      const file = path.join(cacheDir, name);
      const lines = readFileSync(file, "latin1").split("\n");
      const patched = lines.map((line) => {
        if (!line.startsWith('{"path":"net/ipv4/tcp_ipv4.c"')) return line;
        damaged++;
        return `${line.slice(0, line.indexOf("\t"))}\t{"functions": [`;
      });
      writeFileSync(file, patched.join("\n"), "latin1");
    }
    expect(damaged).toBe(1);

    const second = await start({ cacheDir });
    await second.indexed;
    const outline = () =>
      second.connection.sendRequest<{ name: string }[]>("textDocument/documentSymbol", {
        textDocument: { uri: uriOf("net/ipv4/tcp_ipv4.c") },
      });
    expect(await outline()).toEqual([]);
    expect((await outline()).map((s) => s.name)).toContain("tcp_v4_conn_request");
  });

  test("workspace/didChangeWatchedFiles adds, changes and removes files", async () => {
    const server = await start({ cacheDir: false, workers: 1 });
    await server.indexed;
    const relative = "net/ipv4/kernel_lens_new.c";
    const symbols = (query: string) =>
      server.connection.sendRequest<SymbolInformation[]>("workspace/symbol", { query });
    const notify = (type: number) =>
      server.connection.sendNotification("workspace/didChangeWatchedFiles", {
        changes: [{ uri: uriOf(relative), type }],
      });

    writeFileSync(
      path.join(workspace, relative),
      "int kernel_lens_watched_one(void) { return tcp_v4_rcv(0); }\n",
    );
    try {
      await notify(1);
      expect((await symbols("kernel_lens_watched_one"))[0]?.name).toBe("kernel_lens_watched_one");

      writeFileSync(path.join(workspace, relative), "int kernel_lens_watched_two(void) { return 0; }\n");
      await notify(2);
      expect(await symbols("kernel_lens_watched_one")).toEqual([]);
      expect((await symbols("kernel_lens_watched_two"))[0]?.name).toBe("kernel_lens_watched_two");
    } finally {
      unlinkSync(path.join(workspace, relative));
    }
    await notify(3);
    expect(await symbols("kernel_lens_watched_two")).toEqual([]);
  });

  test("a 20 MB file and random bytes are recorded as errors or indexed, and the server keeps answering", async () => {
    const big = path.join(workspace, "net/ipv4/kernel_lens_big.c");
    const noise = path.join(workspace, "net/ipv4/kernel_lens_noise.c");
    writeFileSync(big, "int f(void) { return g(1); }\n".repeat(Math.ceil((20 * 1024 * 1024) / 29)));
    writeFileSync(noise, Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256)));
    try {
      const server = await start({ cacheDir: false, workers: 1 });
      await server.indexed;
      const status = await server.connection.sendRequest<
        Status & { report: { errors: { path: string; error: string }[] } }
      >("kernelLens/indexStatus");
      expect(status.report.errors).toContainEqual({
        path: "net/ipv4/kernel_lens_big.c",
        error: expect.stringMatching(/larger than/),
      });
      expect(status.report.errors.map((e) => e.path)).not.toContain("net/ipv4/kernel_lens_noise.c");
      const found = await server.connection.sendRequest<SymbolInformation[]>("workspace/symbol", {
        query: "tcp_v4_rcv",
      });
      expect(found[0]?.name).toBe("tcp_v4_rcv");
    } finally {
      unlinkSync(big);
      unlinkSync(noise);
    }
  });

  test("include/exclude from initializationOptions", async () => {
    const server = await start({ cacheDir: false, workers: 0, include: ["net/"], exclude: ["net/ipv6/"] });
    await server.indexed;
    const status = await server.connection.sendRequest<Status>("kernelLens/indexStatus");
    expect(status.files).toBe(2);
    const v6 = await server.connection.sendRequest<SymbolInformation[]>("workspace/symbol", {
      query: "tcp_v6_conn_request",
    });
    expect(v6.filter((s) => s.name === "tcp_v6_conn_request")).toEqual([]);
  });
});

describe("startup on the real corpus", () => {
  test("an open tcp_input.c answers hover while the tree is still being indexed", async () => {
    const server = await start({ cacheDir: path.join(temporary, "corpus-cache") }, kernelRoot);
    const uri = kernelUri("net/ipv4/tcp_input.c");
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(new URL(uri), "utf8");
    await server.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "c", version: 1, text },
    });
    const before = text.slice(0, text.indexOf("tcp_conn_request(struct request_sock_ops") + 4);
    const position = {
      line: before.split("\n").length - 1,
      character: before.length - before.lastIndexOf("\n") - 1,
    };
    const hover = await server.connection.sendRequest<Hover>("textDocument/hover", {
      textDocument: { uri },
      position,
    });
    expect((hover.contents as { value: string }).value).toContain("int tcp_conn_request(");
    await server.indexed;
    const status = await server.connection.sendRequest<Status>("kernelLens/indexStatus");
    expect(status.report.errors).toEqual([]);
  }, 180_000);
});

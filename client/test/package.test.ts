// The .vsix as it would be published: built with the same script the root calls (npm run -w client
// package), holding only the bundles, grammars, scenarios and media, under 5 MB; and the language server
// inside it starts from the extracted extension alone (no node_modules) and indexes a small kernel tree.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node.js";
import { ClientCommands } from "../../server/src/protocol.js";

const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const artifacts = path.resolve(clientDir, "../artifacts");
const VSIX = path.join(clientDir, "kernel-lens.vsix");
const MAX_BYTES = 5 * 1024 * 1024;

interface ZipEntry {
  name: string;
  data: () => Buffer;
}

/** The entries of a zip file (central directory; stored or deflated members). */
function readZip(buf: Buffer): ZipEntry[] {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a zip file");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("bad central directory");
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    entries.push({
      name,
      data: () => {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(start, start + size);
        return method === 0 ? Buffer.from(raw) : inflateRawSync(raw);
      },
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

describe("packaged extension (.vsix)", () => {
  let entries: ZipEntry[];
  let names: string[];
  let size: number;
  let tmp: string;

  beforeAll(() => {
    rmSync(VSIX, { force: true });
    execFileSync("npm", ["run", "package"], { cwd: clientDir, stdio: "pipe" });
    size = statSync(VSIX).size;
    entries = readZip(readFileSync(VSIX));
    names = entries.map((e) => e.name);
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(
      path.join(artifacts, "vsix.json"),
      JSON.stringify({ file: "client/kernel-lens.vsix", bytes: size, files: names }, null, 2) + "\n",
    );
    tmp = mkdtempSync(path.join(os.tmpdir(), "kl-vsix-"));
  }, 120_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it(`is smaller than 5 MB`, () => {
    console.log(`kernel-lens.vsix: ${size} bytes (${(size / 1024).toFixed(1)} KiB), ${names.length} entries`);
    expect(size).toBeLessThan(MAX_BYTES);
  });

  it("holds only dist/, media/, package.json, README and LICENSE: no sources, tests, maps or node_modules", () => {
    const files = names.filter((n) => n.startsWith("extension/")).map((n) => n.slice("extension/".length));
    for (const f of files) {
      expect(f, f).toMatch(/^(dist\/|media\/|package\.json$|readme\.md$|LICENSE\.txt$)/i);
      expect(f, f).not.toMatch(/\.ts$|\.map$|node_modules|(^|\/)(src|test)\/|\.test\./);
    }
    for (const required of [
      "dist/extension.js",
      "dist/webview.js",
      "dist/server/package.json",
      "dist/server/lib/server.js",
      "dist/server/lib/indexWorker.js",
      "dist/server/lib/tree-sitter.wasm",
      "dist/grammars/tree-sitter-c.wasm",
      "dist/grammars/functions.scm",
      "dist/scenarios/backlog-overflow.kls.yaml",
      "media/walkthrough/watch-accept-queue.md",
      "media/language-configuration.json",
      "package.json",
    ]) {
      expect(files, required).toContain(required);
    }
  });

  it("its manifest declares the contributions the extension registers", () => {
    const pkg = JSON.parse(
      entries
        .find((e) => e.name === "extension/package.json")!
        .data()
        .toString("utf8"),
    );
    expect(pkg.main).toBe("./dist/extension.js");
    expect(pkg.activationEvents).toEqual(
      expect.arrayContaining([
        "workspaceContains:**/net/ipv4/tcp_input.c",
        "onLanguage:kernel-lens-scenario",
      ]),
    );
    expect(pkg.capabilities.untrustedWorkspaces.supported).toBe(true);
    const source = ["commands.ts", "runView/panel.ts"]
      .map((f) => readFileSync(path.join(clientDir, "src", f), "utf8"))
      .join("\n");
    for (const c of pkg.contributes.commands as { command: string }[]) {
      // The commands the server's links name are registered by their protocol.ts constant.
      const shared = Object.entries(ClientCommands).find(([, command]) => command === c.command)?.[0];
      expect(source, c.command).toContain(shared ? `ClientCommands.${shared},` : `"${c.command}"`);
    }
    for (const step of pkg.contributes.walkthroughs[0].steps as { media: { markdown: string } }[]) {
      expect(names).toContain(`extension/${step.media.markdown}`);
    }
  });

  it("the bundled language server starts from the extracted .vsix and indexes a kernel tree", async () => {
    const ext = path.join(tmp, "ext");
    for (const e of entries) {
      if (!e.name.startsWith("extension/") || e.name.endsWith("/")) continue;
      const out = path.join(ext, e.name.slice("extension/".length));
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, e.data());
    }
    const tree = path.join(tmp, "linux");
    mkdirSync(path.join(tree, "net/ipv4"), { recursive: true });
    writeFileSync(path.join(tree, "Makefile"), "VERSION = 4\nPATCHLEVEL = 11\nSUBLEVEL = 0\n");
    writeFileSync(
      path.join(tree, "net/ipv4/tcp_input.c"),
      "int tcp_conn_request(struct request_sock_ops *rsk_ops, struct sock *sk)\n{\n\treturn 0;\n}\n",
    );
    const child = spawn(process.execPath, [path.join(ext, "dist/server/lib/server.js"), "--stdio"], {
      cwd: tmp,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const logs: string[] = [];
    connection.onNotification("window/logMessage", (p: { message: string }) => logs.push(p.message));
    connection.listen();
    try {
      const rootUri = pathToFileURL(tree).href;
      const init = await connection.sendRequest<{ capabilities: Record<string, unknown> }>("initialize", {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: "linux" }],
        capabilities: {},
        initializationOptions: { cacheDir: false },
      });
      expect(init.capabilities.hoverProvider).toBe(true);
      await connection.sendNotification("initialized", {});
      let symbols: { name: string }[] = [];
      for (let i = 0; i < 50 && symbols.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        symbols = await connection.sendRequest("workspace/symbol", { query: "tcp_conn_request" });
      }
      expect(
        symbols.map((s) => s.name),
        `${logs.join("\n")}\n${stderr}`,
      ).toContain("tcp_conn_request");
      await connection.sendRequest("shutdown");
      await connection.sendNotification("exit");
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});

// End to end with an LSP client that is not ours: headless Neovim's built-in client opens
// net/ipv4/tcp_input.c of the v4.11 tree, hovers tcp_conn_request and asks for a definition.
import { describe, expect, test } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const kernelRoot = path.resolve(repo, "../shared/linux-4.11");
const nvim = (() => {
  try {
    return execFileSync("which", ["nvim"], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
})();

describe.skipIf(!nvim || !existsSync(kernelRoot))("Neovim's LSP client against kernel-lens-server", () => {
  test("hover on tcp_conn_request shows the simulator's lines; definition of a call jumps to it", () => {
    // The server's index cache goes to $XDG_CACHE_HOME: a folder of this test's, not the user's.
    const cache = mkdtempSync(path.join(os.tmpdir(), "kernel-lens-nvim-cache-"));
    const r = spawnSync(
      nvim,
      [
        "--headless",
        "-u",
        "NONE",
        "-i",
        "NONE",
        "-n",
        "-c",
        `luafile ${path.join(repo, "test/e2e/neovim-lsp.lua")}`,
      ],
      {
        env: {
          ...process.env,
          XDG_CACHE_HOME: cache,
          KL_SERVER: path.join(repo, "server/bin/kernel-lens-server.js"),
          KL_ROOT: kernelRoot,
          KL_FILE: "net/ipv4/tcp_input.c",
          // int tcp_conn_request(  — line 6277, column 4 (0-based: 6276, 4)
          KL_HOVER_LINE: "6276",
          KL_HOVER_COL: "6",
          // net/ipv4/tcp_ipv4.c:1266	return tcp_conn_request(&tcp_request_sock_ops,
          KL_DEF_FILE: "net/ipv4/tcp_ipv4.c",
          KL_DEF_LINE: "1265",
          KL_DEF_COL: "10",
        },
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    rmSync(cache, { recursive: true, force: true });
    const line = r.stdout.trim().split("\n").at(-1) ?? "";
    expect(r.status, `nvim exited ${r.status}: ${r.stderr}\n${r.stdout}`).toBe(0);
    const out = JSON.parse(line) as {
      hover: string;
      definition:
        | { uri: string; range: { start: { line: number } } }[]
        | { uri: string; range: { start: { line: number } } };
    };
    expect(out.hover).toContain("Kernel Lens");
    expect(out.hover).toContain("tcp_conn_request");
    // The default run is the handshake: one call that queued one request (qlen 0 → 1).
    expect(out.hover).toMatch(/1 call on server/);
    expect(out.hover).toMatch(/SYN queue of server:sk1 .*\| 0 \/ 0 \| 1 \/ 1 \|/);
    const def = Array.isArray(out.definition) ? out.definition[0]! : out.definition;
    expect(def.uri).toMatch(/net\/ipv4\/tcp_input\.c$/);
    expect(def.range.start.line).toBe(6276);
  });
});

// A real editor: Neovim 0.7's built-in LSP client starts the server and asks for a definition.
// Skipped when nvim is not installed (Debian package `neovim`).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { ensureBuilt, kernelRoot, repoRoot } from "./lspClient.js";

const hasNeovim = spawnSync("nvim", ["--version"]).status === 0;

test.skipIf(!hasNeovim)(
  "neovim jumps from a call of tcp_conn_request to net/ipv4/tcp_input.c",
  () => {
    ensureBuilt();
    const cache = mkdtempSync(path.join(os.tmpdir(), "kernel-lens-nvim-"));
    try {
      const script = fileURLToPath(new URL("./fixtures/neovim-definition.lua", import.meta.url));
      const output = execFileSync(
        "nvim",
        ["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", `luafile ${script}`],
        {
          env: {
            ...process.env,
            KL_NODE: process.execPath,
            KL_SERVER: path.join(repoRoot, "server/bin/kernel-lens-server.js"),
            KL_ROOT: kernelRoot,
            KL_CACHE: cache,
            XDG_STATE_HOME: cache,
            XDG_DATA_HOME: cache,
          },
          encoding: "utf8",
          timeout: 170_000,
        },
      );
      const result = JSON.parse(output.trim().split("\n").at(-1)!) as {
        initialized: boolean;
        definition: { uri: string; range: { start: { line: number } } }[];
      };
      expect(result.initialized).toBe(true);
      expect(result.definition[0]?.uri).toMatch(/net\/ipv4\/tcp_input\.c$/);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  },
  180_000,
);

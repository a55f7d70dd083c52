#!/usr/bin/env node
// Kernel Lens language server: `kernel-lens-server --stdio` (or --node-ipc). Runs the bundle `npm run build`
// writes to server/bundle (server/bundle.mjs), as the extension runs its own copy: one module starts about
// 0.2 s sooner than the tsc output's many.
import { existsSync } from "node:fs";

const bundle = new URL("../bundle/server/lib/server.js", import.meta.url);
if (!existsSync(bundle)) {
  console.error(
    `kernel-lens-server: ${bundle.pathname} is missing. Build it from the repository root: npm run build`,
  );
  process.exit(1);
}
await import(bundle.href);

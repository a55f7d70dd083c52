#!/usr/bin/env node
// Kernel Lens language server: `kernel-lens-server --stdio` (or --node-ipc). Build first: npx tsc -b server
import "../dist/main.js";

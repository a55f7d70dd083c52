// Bundles the language server (server/src/main.ts and its index worker) with esbuild, and copies the files
// it reads at run time next to it. One layout for both places it runs from: server/bundle/, which the
// `kernel-lens-server` bin starts (one module: its first hover comes about 0.2 s sooner than the tsc output's), and
// client/dist/, which the extension ships (client/esbuild.mjs calls this module):
//
//   <outdir>/server/package.json         {"type":"module"}: the bundle is ESM (the worker uses top-level await)
//   <outdir>/server/lib/server.js        the language server (--node-ipc or --stdio)
//   <outdir>/server/lib/indexWorker.js   its worker thread (indexWorkerPool.ts loads ./indexWorker.js)
//   <outdir>/server/lib/tree-sitter.wasm web-tree-sitter's runtime (found next to the bundle that loads it)
//   <outdir>/grammars/*.wasm, *.scm      the C grammar and queries: the server looks in ../../grammars from
//                                        its module, as server/dist/*.js does in the repository
//   <outdir>/scenarios/*.kls.yaml        the built-in scenarios: the simulator looks in ../../scenarios
//
// Usage: node server/bundle.mjs [--production] [--outdir=DIR]   (DIR defaults to server/bundle)
import * as esbuild from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const SERVER_ENTRY = path.join(repo, "server/src/main.ts");
const WORKER_ENTRY = path.join(repo, "server/src/indexWorker.ts");

/** Where the bin looks for the bundle. */
export const DEFAULT_OUTDIR = path.join(here, "bundle");

/** esbuild options for the server and its worker, written under `outdir` (see the layout above). */
export function serverBuildOptions(outdir, { production = false } = {}) {
  for (const entry of [SERVER_ENTRY, WORKER_ENTRY]) {
    if (!existsSync(entry)) {
      throw new Error(
        `Cannot bundle the language server: ${path.relative(repo, entry)} does not exist. ` +
          "It is the server's process entry (LSP over --node-ipc or --stdio).",
      );
    }
  }
  return {
    bundle: true,
    minify: production,
    sourcemap: production ? false : "linked",
    logLevel: "warning",
    legalComments: production ? "none" : "inline",
    entryPoints: { server: SERVER_ENTRY, indexWorker: WORKER_ENTRY },
    outdir: path.join(outdir, "server/lib"),
    platform: "node",
    format: "esm",
    target: "node20",
    // CommonJS dependencies (vscode-languageserver, ajv) call require() for node built-ins.
    banner: {
      js: 'import { createRequire as __klCreateRequire } from "node:module"; const require = __klCreateRequire(import.meta.url);',
    },
  };
}

/** Files the server reads at run time, copied next to where it looks for them. */
export function copyServerAssets(outdir) {
  const require = createRequire(path.join(repo, "server/package.json"));
  const grammars = path.join(repo, "grammars");
  const scenarios = path.join(repo, "simulator/scenarios");
  const copy = (from, toDir) => {
    mkdirSync(toDir, { recursive: true });
    copyFileSync(from, path.join(toDir, path.basename(from)));
  };
  for (const f of readdirSync(grammars)) {
    if (f.endsWith(".wasm") || f.endsWith(".scm"))
      copy(path.join(grammars, f), path.join(outdir, "grammars"));
  }
  for (const f of readdirSync(scenarios)) {
    if (f.endsWith(".kls.yaml")) copy(path.join(scenarios, f), path.join(outdir, "scenarios"));
  }
  copy(require.resolve("web-tree-sitter/tree-sitter.wasm"), path.join(outdir, "server/lib"));
  writeFileSync(path.join(outdir, "server/package.json"), JSON.stringify({ type: "module" }, null, 2) + "\n");
}

export async function bundleServer(outdir = DEFAULT_OUTDIR, options = {}) {
  const buildOptions = serverBuildOptions(outdir, options);
  copyServerAssets(outdir);
  await esbuild.build(buildOptions);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const outdir = args.find((a) => a.startsWith("--outdir="))?.slice("--outdir=".length);
  bundleServer(outdir ? path.resolve(outdir) : DEFAULT_OUTDIR, {
    production: args.includes("--production"),
  }).catch((error) => {
    console.error(`bundle.mjs: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

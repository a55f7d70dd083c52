// Bundles the extension, the language server and the run view's script into client/dist/:
//
//   dist/extension.js            the extension (node, CommonJS, `vscode` external)
//   dist/webview.js              the run view's script (browser, IIFE)
//   dist/server/package.json     {"type":"module"}: the server bundle is ESM (its index worker uses
//                                top-level await, which CommonJS cannot hold)
//   dist/server/lib/server.js    the language server (server/src/main.ts; --node-ipc or --stdio)
//   dist/server/lib/indexWorker.js   its worker thread (server/src/indexWorkerPool.ts loads ./indexWorker.js)
//   dist/server/lib/tree-sitter.wasm web-tree-sitter's runtime (found next to the bundle that loads it)
//   dist/grammars/*.wasm, *.scm  the C grammar and queries: the server looks in ../../grammars from its
//                                module, as server/dist/*.js does in the repository
//   dist/scenarios/*.kls.yaml    the built-in scenarios: the simulator looks in ../../scenarios likewise
//
// Usage: node esbuild.mjs [--production] [--watch] [--only=extension,server,webview] [--outdir=DIR]
import * as esbuild from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const production = flag("production");
const watch = flag("watch");
const only = option("only")?.split(",") ?? ["extension", "server", "webview"];
const outdir = path.resolve(option("outdir") ?? path.join(here, "dist"));

const SERVER_ENTRY = path.join(repo, "server/src/main.ts");
const WORKER_ENTRY = path.join(repo, "server/src/indexWorker.ts");
const SERVER_OUT = path.join(outdir, "server/lib");

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : "linked",
  logLevel: "warning",
  legalComments: production ? "none" : "inline",
};

/** @type {Record<string, () => import("esbuild").BuildOptions>} */
const targets = {
  extension: () => ({
    ...common,
    entryPoints: [path.join(here, "src/extension.ts")],
    outfile: path.join(outdir, "extension.js"),
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["vscode"],
  }),
  webview: () => ({
    ...common,
    entryPoints: [path.join(here, "src/runView/webview/main.ts")],
    outfile: path.join(outdir, "webview.js"),
    platform: "browser",
    format: "iife",
    target: "es2022",
  }),
  server: () => {
    for (const entry of [SERVER_ENTRY, WORKER_ENTRY]) {
      if (!existsSync(entry)) {
        throw new Error(
          `Cannot bundle the language server: ${path.relative(repo, entry)} does not exist. ` +
            "It is the server's process entry (LSP over --node-ipc or --stdio); the extension starts it.",
        );
      }
    }
    return {
      ...common,
      entryPoints: { server: SERVER_ENTRY, indexWorker: WORKER_ENTRY },
      outdir: SERVER_OUT,
      platform: "node",
      format: "esm",
      target: "node20",
      // CommonJS dependencies (vscode-languageserver, ajv) call require() for node built-ins.
      banner: {
        js: 'import { createRequire as __klCreateRequire } from "node:module"; const require = __klCreateRequire(import.meta.url);',
      },
    };
  },
};

/** Files the server reads at run time, copied next to where it looks for them. */
function copyServerAssets() {
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
  copy(require.resolve("web-tree-sitter/tree-sitter.wasm"), SERVER_OUT);
  writeFileSync(path.join(outdir, "server/package.json"), JSON.stringify({ type: "module" }, null, 2) + "\n");
}

async function main() {
  if (!option("outdir") && only.length === 3 && !watch) rmSync(outdir, { recursive: true, force: true });
  const configs = only.map((name) => {
    const make = targets[name];
    if (!make) throw new Error(`unknown target "${name}" (extension, server, webview)`);
    return make();
  });
  if (only.includes("server")) copyServerAssets();
  if (watch) {
    for (const config of configs) await (await esbuild.context(config)).watch();
    console.log(`esbuild: watching ${only.join(", ")}`);
    return;
  }
  await Promise.all(configs.map((config) => esbuild.build(config)));
}

main().catch((error) => {
  console.error(`esbuild.mjs: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

// Bundles the extension, the language server and the run view's script into client/dist/:
//
//   dist/extension.js            the extension (node, CommonJS, `vscode` external)
//   dist/webview.js              the run view's script (browser, IIFE)
//   dist/server/…, dist/grammars/…, dist/scenarios/…
//                                the language server with the files it reads at run time, laid out by
//                                server/bundle.mjs (the same layout the `kernel-lens-server` bin runs)
//
// Usage: node esbuild.mjs [--production] [--watch] [--only=extension,server,webview] [--outdir=DIR]
import * as esbuild from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { copyServerAssets, serverBuildOptions } from "../server/bundle.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const production = flag("production");
const watch = flag("watch");
const only = option("only")?.split(",") ?? ["extension", "server", "webview"];
const outdir = path.resolve(option("outdir") ?? path.join(here, "dist"));

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
  server: () => serverBuildOptions(outdir, { production }),
};

async function main() {
  if (!option("outdir") && only.length === 3 && !watch) rmSync(outdir, { recursive: true, force: true });
  const configs = only.map((name) => {
    const make = targets[name];
    if (!make) throw new Error(`unknown target "${name}" (extension, server, webview)`);
    return make();
  });
  if (only.includes("server")) copyServerAssets(outdir);
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

// The extension's settings (contributes.configuration in package.json), read in one place.
import * as vscode from "vscode";
import type { KernelLensInitializationOptions } from "../../server/src/server.js";
import { parseSysctlSetting } from "./inputs.js";
import type { TraceDetail } from "./runView/messages.js";

export const SECTION = "kernelLens";

export interface KernelLensConfig {
  /** Absolute path of the kernel tree; undefined: the first workspace folder. */
  kernelRoot: string | undefined;
  include: string[];
  exclude: string[];
  defaultScenario: string;
  sysctls: Record<string, number | string>;
  traceDetail: TraceDetail;
}

export function readConfig(): KernelLensConfig {
  const c = vscode.workspace.getConfiguration(SECTION);
  const root = c.get<string>("kernelRoot", "").trim();
  const strings = (key: string) =>
    (c.get<unknown[]>(key, []) ?? []).filter((s): s is string => typeof s === "string");
  return {
    kernelRoot: root ? resolveRoot(root) : undefined,
    include: strings("index.include"),
    exclude: strings("index.exclude"),
    defaultScenario: c.get<string>("defaultScenario", "handshake").trim() || "handshake",
    sysctls: parseSysctlSetting(c.get<unknown>("sysctls", {})),
    traceDetail: c.get<string>("traceDetail") === "calls" ? "calls" : "effects",
  };
}

/** `~` and workspace-relative paths are allowed in kernelLens.kernelRoot. */
function resolveRoot(root: string): string {
  if (root.startsWith("~/"))
    return vscode.Uri.joinPath(vscode.Uri.file(process.env.HOME ?? "/"), root.slice(2)).fsPath;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!root.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(root) && folder) {
    return vscode.Uri.joinPath(folder.uri, root).fsPath;
  }
  return root;
}

/** What the server reads at initialize (see KernelLensInitializationOptions in server/src/server.ts). */
export function initializationOptions(config: KernelLensConfig): KernelLensInitializationOptions {
  const options: KernelLensInitializationOptions = {};
  if (config.include.length) options.include = config.include;
  if (config.exclude.length) options.exclude = config.exclude;
  options.defaultScenario = config.defaultScenario;
  if (Object.keys(config.sysctls).length) options.sysctls = config.sysctls;
  return options;
}

/** Settings the server only reads when it starts. */
export function needsServerRestart(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.index`);
}

/** The kernel root is the client's workspace folder: a new one needs a new client. */
export function needsReload(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.kernelRoot`);
}

/** Settings that change what is simulated: the current run is re-run. */
export function needsRerun(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.sysctls`) || e.affectsConfiguration(`${SECTION}.defaultScenario`);
}

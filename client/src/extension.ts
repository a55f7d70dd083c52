// Kernel Lens: activation wires the language client, the run session, the status bar, the commands and the
// run view together. Everything else lives in its own module.
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { registerCommands } from "./commands.js";
import { needsReload, needsRerun, needsServerRestart, readConfig, type KernelLensConfig } from "./config.js";
import { createLanguageClient } from "./languageClient.js";
import { describeError, RunSession } from "./runSession.js";
import { RUN_VIEW_TYPE } from "./runView/messages.js";
import { RunViewPanel } from "./runView/panel.js";
import { StatusBar } from "./statusBar.js";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Kernel Lens");
  const config = readConfig();
  client = createLanguageClient(context, config, output);
  const session = new RunSession(client);
  const detail = () => readConfig().traceDetail;
  context.subscriptions.push(
    output,
    session,
    new StatusBar(client, session),
    ...registerCommands({ extensionUri: context.extensionUri, client, session, output }),
    vscode.window.registerWebviewPanelSerializer(RUN_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => {
        RunViewPanel.revive(panel, context.extensionUri, session, detail);
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => onConfigurationChanged(e, session, output)),
  );

  try {
    await client.start();
  } catch (error) {
    output.appendLine(`The language server did not start: ${describeError(error)}`);
    void vscode.window.showErrorMessage(
      `Kernel Lens: the language server did not start: ${describeError(error)}`,
    );
    return;
  }
  await startupRun(session, config, output);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** The server starts with its own default run; the configured scenario and sysctls replace it. */
async function startupRun(
  session: RunSession,
  config: KernelLensConfig,
  output: vscode.OutputChannel,
): Promise<void> {
  try {
    await session.run({ scenario: scenarioId(config.defaultScenario), sysctls: config.sysctls });
  } catch (error) {
    output.appendLine(`Initial run of ${config.defaultScenario} failed: ${describeError(error)}`);
  }
}

/** A built-in name stays as is; a path (it has a slash or the .kls.yaml suffix) becomes a file URI. */
function scenarioId(setting: string): string {
  if (!setting.includes("/") && !setting.endsWith(".kls.yaml")) return setting;
  const folder = vscode.workspace.workspaceFolders?.[0];
  const uri =
    setting.startsWith("/") || !folder ? vscode.Uri.file(setting) : vscode.Uri.joinPath(folder.uri, setting);
  return uri.toString();
}

async function onConfigurationChanged(
  e: vscode.ConfigurationChangeEvent,
  session: RunSession,
  output: vscode.OutputChannel,
): Promise<void> {
  if (needsReload(e)) {
    const pick = await vscode.window.showInformationMessage(
      "Kernel Lens: the kernel root changed. Reload the window to index the new tree.",
      "Reload Window",
    );
    if (pick) await vscode.commands.executeCommand("workbench.action.reloadWindow");
    return;
  }
  if (needsServerRestart(e)) {
    await client?.restart();
    return;
  }
  if (needsRerun(e)) await startupRun(session, readConfig(), output);
  if (e.affectsConfiguration("kernelLens.traceDetail")) RunViewPanel.instance?.refresh();
}

// The commands of package.json's contributes.commands. Each is thin: it asks the user what it needs
// (inputs.ts, scenarioFiles.ts), sends one request through the run session and shows the result.
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { ClientCommands, type RunParams, type RunSummary } from "../../server/src/protocol.js";
import { readConfig } from "./config.js";
import {
  currentSysctl,
  identifierAt,
  stepTarget,
  sysctlChoices,
  sysctlValue,
  validateSysctl,
  type StepAction,
} from "./inputs.js";
import { describeError, type RunSession } from "./runSession.js";
import { RunViewPanel } from "./runView/panel.js";
import { chooseRun } from "./scenarioFiles.js";

export interface CommandContext {
  extensionUri: vscode.Uri;
  client: LanguageClient;
  session: RunSession;
  output: vscode.OutputChannel;
}

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const { session } = ctx;
  const openView = () => RunViewPanel.show(ctx.extensionUri, session, () => readConfig().traceDetail);
  const guarded =
    <A extends unknown[]>(what: string, f: (...args: A) => Promise<unknown>) =>
    async (...args: A) => {
      try {
        await f(...args);
      } catch (error) {
        ctx.output.appendLine(`${what} failed: ${describeError(error)}`);
        void vscode.window.showErrorMessage(`Kernel Lens: ${what} failed: ${describeError(error)}`);
      }
    };
  const runAndShow = async (params: RunParams): Promise<RunSummary> => {
    // The view first: opening it takes the focus from the editor, and VS Code drops a CodeLens refresh
    // still pending when its editor loses focus. The server's refresh for the new run then comes after
    // the focus moved, and the lenses in the editor beside the view show the new run.
    openView();
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: "Kernel Lens: simulating…" },
      () => session.run(params),
    );
    // A packetdrill script's outcome (pass, or its first mismatch as packetdrill words it).
    if (summary.note) void vscode.window.showInformationMessage(`Kernel Lens: ${summary.note}`);
    return summary;
  };
  const step = (action: StepAction) =>
    guarded(`Step (${action})`, async () => {
      const summary = session.current;
      if (!summary) {
        void vscode.window.showInformationMessage("Kernel Lens: no run yet. Run a scenario first.");
        return;
      }
      await session.select({ event: stepTarget(summary, action) });
    });

  return [
    vscode.commands.registerCommand(
      ClientCommands.runScenario,
      guarded("Run scenario", async (id?: unknown) => {
        const listed = typeof id === "string" ? [] : await session.listScenarios();
        const params = await chooseRun(listed, typeof id === "string" ? id : undefined);
        if (params) await runAndShow(params);
      }),
    ),
    vscode.commands.registerCommand("kernelLens.openRunView", () => {
      openView();
    }),
    vscode.commands.registerCommand("kernelLens.stepForward", step("forward")),
    vscode.commands.registerCommand("kernelLens.stepBack", step("back")),
    vscode.commands.registerCommand("kernelLens.goToStart", step("start")),
    vscode.commands.registerCommand("kernelLens.goToEnd", step("end")),
    vscode.commands.registerCommand(
      ClientCommands.runToHere,
      guarded("Run to here", async (fn?: unknown, returned?: unknown) => {
        const name = typeof fn === "string" ? fn : functionUnderCursor();
        if (!name) {
          void vscode.window.showInformationMessage("Kernel Lens: put the cursor on a kernel function name.");
          return;
        }
        // A second argument (from "Run to first 1"): the first call that returned it.
        const value = typeof returned === "string" ? returned : undefined;
        const summary = await runAndShow({
          stopAtFunction: name,
          ...(value !== undefined && { stopAtReturn: value }),
        });
        if (summary.stop.reason !== "stop-condition") {
          const what = value === undefined ? "is not called" : `never returns ${value}`;
          void vscode.window.showInformationMessage(
            `Kernel Lens: ${name}() ${what} in ${summary.scenario}; the run went to the end.`,
          );
        }
      }),
    ),
    vscode.commands.registerCommand(
      ClientCommands.showEvent,
      guarded("Show event", async (event?: unknown) => {
        openView();
        if (typeof event === "number") await session.select({ event });
      }),
    ),
    vscode.commands.registerCommand(
      "kernelLens.setSysctl",
      guarded("Set sysctl", async () => {
        const picked = await vscode.window.showQuickPick(sysctlChoices(session.current), {
          title: "Kernel Lens: Set Sysctl (every host, then re-run)",
          matchOnDetail: true,
        });
        if (!picked) return;
        const info = picked.value;
        const text = await vscode.window.showInputBox({
          title: `Kernel Lens: ${info.name}`,
          prompt: `Value for ${info.name} on every host (${picked.detail})`,
          value: currentSysctl(session.current, info),
          validateInput: (t) => validateSysctl(t, info),
        });
        if (text === undefined) return;
        await runAndShow({ sysctls: { [info.name]: sysctlValue(text, info) } });
      }),
    ),
    vscode.commands.registerCommand(
      "kernelLens.reindexKernelTree",
      guarded("Re-index", async () => {
        await session.reindex();
        void vscode.window.setStatusBarMessage("Kernel Lens: re-indexing the kernel tree…", 3000);
      }),
    ),
    vscode.commands.registerCommand(
      "kernelLens.restartServer",
      guarded("Restart", async () => {
        await ctx.client.restart();
      }),
    ),
    vscode.commands.registerCommand("kernelLens.showOutput", () => ctx.output.show(true)),
  ];
}

function functionUnderCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const pos = editor.selection.active;
  return identifierAt(editor.document.lineAt(pos.line).text, pos.character);
}

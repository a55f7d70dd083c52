// Two status bar items: the kernel tree (version detected, indexing progress) from StatusNotification, and
// the current run (scenario, selected time and event) from the run session.
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { StatusNotification, type KernelStatus, type RunSummary } from "../../server/src/protocol.js";
import { formatMs } from "../../simulator/src/report/format.js";
import type { RunSession } from "./runSession.js";

export class StatusBar implements vscode.Disposable {
  private readonly kernel = vscode.window.createStatusBarItem(
    "kernelLens.kernel",
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly run = vscode.window.createStatusBarItem(
    "kernelLens.run",
    vscode.StatusBarAlignment.Left,
    9,
  );
  private readonly disposables: vscode.Disposable[] = [this.kernel, this.run];

  constructor(client: LanguageClient, session: RunSession) {
    this.kernel.name = "Kernel Lens: kernel tree";
    this.kernel.command = "kernelLens.showOutput";
    this.kernel.text = "$(loading~spin) Kernel Lens";
    this.kernel.tooltip = "Kernel Lens: starting the language server";
    this.kernel.show();
    this.run.name = "Kernel Lens: current run";
    this.run.command = "kernelLens.openRunView";
    this.disposables.push(
      client.onNotification(StatusNotification, (s) => this.showKernel(s)),
      session.onDidChange((s) => this.showRun(s)),
    );
  }

  showKernel(s: KernelStatus): void {
    const indexing = s.totalFiles > 0 && s.indexedFiles < s.totalFiles;
    const version = s.kernelVersion ? `Linux ${s.kernelVersion}` : "no kernel tree";
    const icon = indexing
      ? "$(sync~spin)"
      : s.kernelVersion === s.modelledVersion
        ? "$(check)"
        : "$(warning)";
    const progress = indexing ? ` · indexing ${s.indexedFiles}/${s.totalFiles}` : "";
    this.kernel.text = `${icon} ${version}${progress}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**Kernel Lens**\n\n`);
    md.appendMarkdown(
      s.kernelVersion
        ? `Kernel tree: Linux ${s.kernelVersion} (read from its Makefile)\n\n`
        : `No kernel Makefile found in the workspace: hovers work, but version checks do not.\n\n`,
    );
    if (s.kernelVersion && s.kernelVersion !== s.modelledVersion) {
      md.appendMarkdown(
        `$(warning) The simulator models v${s.modelledVersion}: line links may not match.\n\n`,
      );
    }
    md.appendMarkdown(`Indexed ${s.indexedFiles} of ${s.totalFiles} files.`);
    this.kernel.tooltip = md;
    this.kernel.backgroundColor =
      s.kernelVersion && s.kernelVersion !== s.modelledVersion
        ? new vscode.ThemeColor("statusBarItem.warningBackground")
        : undefined;
  }

  showRun(s: RunSummary): void {
    const event = s.selectedEvent < 0 ? s.eventCount : s.selectedEvent + 1;
    this.run.text = `$(pulse) ${s.scenario} · ${formatMs(s.selectedTime)} ms · ${event}/${s.eventCount}`;
    const params = Object.entries(s.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(
      `**Kernel Lens run** \`${s.scenario}\`${params ? ` (${params})` : ""}, seed ${s.seed}\n\n`,
    );
    md.appendMarkdown(
      `Selected event ${event} of ${s.eventCount} at ${formatMs(s.selectedTime)} ms; ` +
        `the run ${s.stop.reason === "event-cap" ? "hit the event cap" : "ended"} at ${formatMs(s.stop.t)} ms.\n\n`,
    );
    md.appendMarkdown(`Click to open the run view.`);
    this.run.tooltip = md;
    this.run.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

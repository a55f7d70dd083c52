// The run view's webview panel (one at a time): serves the page, sends it the current run and selection,
// and turns what the user does in it into server requests (select an event) or editor actions (open the
// kernel source of a call).
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { describeError, type RunSession } from "../runSession.js";
import type { FromWebview, ToWebview, TraceDetail } from "./messages.js";
import { RUN_VIEW_TYPE } from "./messages.js";
import { makeNonce, runViewPage } from "./page.js";

export class RunViewPanel implements vscode.Disposable {
  private static current: RunViewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** runId of the run the page holds; -1 before one was sent. */
  private shownRunId = -1;
  private ready = false;
  /** The last event the page itself selected: the server's answer to it is not echoed back. */
  private selectedByPage: number | undefined;

  /** Opens the view, or brings it forward. */
  static show(extensionUri: vscode.Uri, session: RunSession, detail: () => TraceDetail): RunViewPanel {
    if (RunViewPanel.current) {
      RunViewPanel.current.panel.reveal(undefined, true);
      return RunViewPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      RUN_VIEW_TYPE,
      "Kernel Lens Run",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      RunViewPanel.options(extensionUri),
    );
    return (RunViewPanel.current = new RunViewPanel(panel, extensionUri, session, detail));
  }

  /** A view restored after a window reload (registerWebviewPanelSerializer). */
  static revive(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    session: RunSession,
    detail: () => TraceDetail,
  ): RunViewPanel {
    RunViewPanel.current?.dispose();
    panel.webview.options = RunViewPanel.options(extensionUri);
    return (RunViewPanel.current = new RunViewPanel(panel, extensionUri, session, detail));
  }

  static get instance(): RunViewPanel | undefined {
    return RunViewPanel.current;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Only the bundled script is readable by the page; nothing of the workspace.
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist")],
      retainContextWhenHidden: false,
    };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly session: RunSession,
    private readonly detail: () => TraceDetail,
  ) {
    const webview = panel.webview;
    webview.html = runViewPage({
      cspSource: webview.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", "webview.js")).toString(),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
      session.onDidChange(() => void this.sync()),
      // A hidden webview is discarded (retainContextWhenHidden: false); it says "ready" again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
  }

  /** Re-sends the run (after kernelLens.traceDetail changed). */
  refresh(): void {
    this.shownRunId = -1;
    void this.sync();
  }

  /** Brings the page up to date with the session: the run if it changed, else the selection. */
  async sync(): Promise<void> {
    if (!this.ready) return;
    const summary = this.session.current;
    if (summary && summary.runId === this.shownRunId) {
      const selected = summary.selectedEvent < 0 ? summary.eventCount - 1 : summary.selectedEvent;
      // Echoing it could move the page back while the user keeps stepping.
      if (selected === this.selectedByPage) {
        this.selectedByPage = undefined;
        return;
      }
      this.post({ type: "select", runId: summary.runId, selected });
      return;
    }
    try {
      const run = await this.session.getRun();
      const now = this.session.current;
      this.shownRunId = run.runId;
      const selected = now && now.runId === run.runId ? now.selectedEvent : -1;
      this.post({ type: "run", run, runId: run.runId, selected, detail: this.detail() });
    } catch (error) {
      this.post({ type: "status", error: true, message: `No run to show: ${describeError(error)}` });
    }
  }

  private onMessage(m: FromWebview): void {
    switch (m.type) {
      case "ready":
        this.ready = true;
        this.shownRunId = -1;
        void this.sync();
        break;
      case "select":
        if (m.runId !== this.session.current?.runId) return;
        this.selectedByPage = m.event;
        this.session.select({ event: m.event }).catch((error) => this.report(error));
        break;
      case "open":
        void this.openEvent(m.event);
        break;
      case "runScenario":
        void vscode.commands.executeCommand("kernelLens.runScenario");
        break;
    }
  }

  /** Opens the kernel source of an event's function beside the view, keeping the focus in the view. */
  async openEvent(event: number): Promise<void> {
    try {
      const loc = await this.session.eventLocation(event);
      if (!loc) {
        this.post({ type: "status", message: "This function is not in the indexed kernel tree." });
        return;
      }
      const column =
        this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
      await vscode.window.showTextDocument(loc.uri, {
        viewColumn: column,
        preserveFocus: true,
        selection: loc.range,
      });
    } catch (error) {
      this.report(error);
    }
  }

  private report(error: unknown): void {
    this.post({ type: "status", error: true, message: describeError(error) });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (RunViewPanel.current === this) RunViewPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

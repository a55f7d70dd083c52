// The client's view of the server's current run: its summary (kept up to date from responses and
// RunChangedNotification), the full run for the run view (fetched once per runId), and the custom requests.
import * as vscode from "vscode";
import { ExecuteCommandRequest, type LanguageClient, type RequestType } from "vscode-languageclient/node";
import {
  EventLocationRequest,
  GetRunRequest,
  ListScenariosRequest,
  REINDEX_COMMAND,
  RunChangedNotification,
  RunScenarioRequest,
  SelectEventRequest,
  type RunParams,
  type RunSummary,
  type ScenarioInfo,
  type SelectParams,
} from "../../server/src/protocol.js";
import type { RunResult } from "../../simulator/src/runResult.js";

export type FullRun = RunResult & { runId: number };

export class RunSession implements vscode.Disposable {
  private summary: RunSummary | undefined;
  private fetched: { runId: number; run: Promise<FullRun> } | undefined;
  private readonly changed = new vscode.EventEmitter<RunSummary>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Fires when the current run or its selected event changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: LanguageClient) {
    this.disposables.push(client.onNotification(RunChangedNotification, (s) => this.update(s)));
  }

  get current(): RunSummary | undefined {
    return this.summary;
  }

  async run(params: RunParams): Promise<RunSummary> {
    return this.update(await this.request(RunScenarioRequest, params));
  }

  async select(params: SelectParams): Promise<RunSummary> {
    return this.update(await this.request(SelectEventRequest, params));
  }

  async listScenarios(): Promise<ScenarioInfo[]> {
    return this.request(ListScenariosRequest, {});
  }

  /** The whole current run; one request per run. */
  async getRun(): Promise<FullRun> {
    const runId = this.summary?.runId;
    if (this.fetched && runId !== undefined && this.fetched.runId === runId) return this.fetched.run;
    const run = this.request(GetRunRequest, {});
    run.then(
      (r) => (this.fetched = { runId: r.runId, run }),
      () => (this.fetched = undefined),
    );
    return run;
  }

  async eventLocation(event: number): Promise<vscode.Location | undefined> {
    const loc = await this.request(EventLocationRequest, { event });
    if (!loc) return undefined;
    const pos = new vscode.Position(loc.line, loc.character);
    return new vscode.Location(vscode.Uri.parse(loc.uri), pos);
  }

  async reindex(): Promise<void> {
    await this.client.start();
    await this.client.sendRequest(ExecuteCommandRequest.type, {
      command: REINDEX_COMMAND,
      arguments: [],
    });
  }

  /** Newer summaries replace older ones; a stale response for an older run is ignored. */
  private update(next: RunSummary): RunSummary {
    const prev = this.summary;
    if (prev && next.runId < prev.runId) return next;
    this.summary = next;
    if (!prev || prev.runId !== next.runId || prev.selectedEvent !== next.selectedEvent) {
      void vscode.commands.executeCommand("setContext", "kernelLens.hasRun", next.eventCount > 0);
      this.changed.fire(next);
    }
    return next;
  }

  private async request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    await this.client.start();
    return this.client.sendRequest(type, params);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** A readable message for a failed request (a server without the run link answers MethodNotFound). */
export function describeError(error: unknown): string {
  const e = error as { code?: number; message?: string };
  if (e?.code === -32601)
    return `the language server does not handle this request yet (${e.message ?? "method not found"})`;
  return e?.message ?? String(error);
}

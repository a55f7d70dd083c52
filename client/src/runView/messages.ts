// Messages between the extension (runView/panel.ts) and the run view's own script (runView/webview/main.ts).
import type { RunResult } from "../../../simulator/src/runResult.js";

/** How much the event list shows (setting kernelLens.traceDetail). */
export type TraceDetail = "calls" | "effects";

/** extension → webview */
export type ToWebview =
  | { type: "run"; run: RunResult; runId: number; selected: number; detail: TraceDetail }
  | { type: "select"; runId: number; selected: number }
  | { type: "status"; message: string; error?: boolean };

/** webview → extension */
export type FromWebview =
  | { type: "ready" }
  /** The user stepped or clicked: make this event the server's selected point. */
  | { type: "select"; runId: number; event: number }
  /** Open the kernel source of this event's function. */
  | { type: "open"; runId: number; event: number }
  | { type: "runScenario" };

export const RUN_VIEW_TYPE = "kernelLens.runView";

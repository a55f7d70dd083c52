// The custom protocol between the Kernel Lens client (VS Code extension) and the language server, defined
// once here and imported by both. Each entry says its direction. Everything else is standard LSP.
import { NotificationType, RequestType, RequestType0 } from "vscode-languageserver-protocol";
import type { RunResult } from "@kernel-lens/simulator";
import type { IndexingReport } from "./backgroundIndexer.js";

export interface ScenarioParamInfo {
  name: string;
  default: number;
  description: string;
}

export interface ScenarioInfo {
  /** Built-in name, or the file URI of a workspace `*.kls.yaml` / `*.pkt` file. */
  id: string;
  name: string;
  description: string;
  params: ScenarioParamInfo[];
  source: "builtin" | "workspace";
}

export interface RunParams {
  /** Built-in name or file URI (see ScenarioInfo.id). Omitted: re-run the current scenario. */
  scenario?: string;
  params?: Record<string, number>;
  /** sysctl name → value, applied to every host ("host:name" for one): an integer, or "LOW HIGH" for
   * net.ipv4.ip_local_port_range. */
  sysctls?: Record<string, number | string>;
  seed?: number;
  /** "Run to here": stop right after the first call of this kernel function, and select it. */
  stopAtFunction?: string;
  /** With stopAtFunction: the first of its calls that returned this (as the trace writes it: `1`, `true`). */
  stopAtReturn?: string;
}

/** What the server reports about the current run (the full trace is fetched with GetRunRequest). */
export interface RunSummary {
  runId: number;
  scenario: string;
  params: Record<string, number>;
  sysctls: Record<string, Record<string, number>>;
  /** Each host's net.ipv4.ip_local_port_range in the run: [LOW, HIGH]. */
  localPortRanges: Record<string, readonly [number, number]>;
  seed: number;
  eventCount: number;
  stop: RunResult["stop"];
  /** Selected trace event (hovers and CodeLens describe the run at this point); -1 = the end. */
  selectedEvent: number;
  selectedTime: number;
  /** The outcome of a packetdrill script ("packetdrill: script.pkt: pass"); absent for scenarios. */
  note?: string;
}

export interface SelectParams {
  /** Select a trace event by index; or the last event at or before `time`. */
  event?: number;
  time?: number;
}

export interface EventLocationParams {
  event: number;
}

export interface KernelStatus {
  /** "4.11" when read from the tree's Makefile; undefined if none was found. */
  kernelVersion?: string;
  /** The simulator models this version. */
  modelledVersion: "4.11";
  indexedFiles: number;
  totalFiles: number;
}

/** client → server: built-in scenarios plus the workspace's scenario files. */
export const ListScenariosRequest = new RequestType<Record<string, never>, ScenarioInfo[], void>(
  "kernelLens/listScenarios",
);

/** client → server: run a scenario; it becomes the current run. */
export const RunScenarioRequest = new RequestType<RunParams, RunSummary, void>("kernelLens/run");

/** client → server: select a point of the current run (what hovers and CodeLens describe). */
export const SelectEventRequest = new RequestType<SelectParams, RunSummary, void>("kernelLens/select");

/** client → server: the whole current run (trace, packets, syscalls, final state) for the run view. */
export const GetRunRequest = new RequestType<Record<string, never>, RunResult & { runId: number }, void>(
  "kernelLens/getRun",
);

/** client → server: where the function of a trace event is defined in the kernel tree. */
export const EventLocationRequest = new RequestType<
  EventLocationParams,
  { uri: string; line: number; character: number } | null,
  void
>("kernelLens/eventLocation");

/** server → client: the current run or its selected point changed (refresh hovers, CodeLens, run view). */
export const RunChangedNotification = new NotificationType<RunSummary>("kernelLens/runChanged");

/** server → client: kernel version detected and indexing progress, for the status bar. */
export const StatusNotification = new NotificationType<KernelStatus>("kernelLens/status");

/** client → server: `workspace/executeCommand` with this command indexes the kernel tree again. */
export const REINDEX_COMMAND = "kernelLens.reindex";

/** How far indexing is. */
export interface IndexStatus {
  done: boolean;
  progress: { done: number; total: number };
  files: number;
  kernelVersion: string | undefined;
  /** The finished indexing's report (its first 100 errors); absent until indexing ends. */
  report: IndexingReport | undefined;
}

/** client → server: indexing's state and report (the tests and benchmarks read it). No params; any sent
 * are ignored. */
export const IndexStatusRequest = new RequestType0<IndexStatus, void>("kernelLens/indexStatus");

/** server → client: the commands the server's CodeLens and hover links name; the client registers them. */
export const ClientCommands = {
  /** Arguments: [kernel function name]. Runs the current scenario until that function's first call. */
  runToHere: "kernelLens.runToHere",
  /** Arguments: [trace event id, the kernel function of that event]. Opens the run view at that event; the
   * name is for readers without one (the CLI's hover shows that function's calls in the trace instead). */
  showEvent: "kernelLens.showEvent",
  /** Arguments: [built-in scenario name or scenario file URI], or none to choose. */
  runScenario: "kernelLens.runScenario",
} as const;

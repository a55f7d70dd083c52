// The custom requests of protocol.ts on the server side: list and run scenarios, select a point of the
// run, hand the run to the run view, locate a trace event's function; and the notifications they cause.
import {
  CodeLensRefreshRequest,
  ErrorCodes,
  ResponseError,
  type Connection,
  type TextDocuments,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { listBuiltins, listParams } from "@kernel-lens/simulator";
import {
  EventLocationRequest,
  GetRunRequest,
  ListScenariosRequest,
  RunChangedNotification,
  RunScenarioRequest,
  SelectEventRequest,
  type RunSummary,
  type ScenarioInfo,
} from "../protocol.js";
import type { ServerContext } from "../serverContext.js";
import type { CurrentRun } from "./currentRun.js";
import { catalogDefinition, catalogEntryFor } from "./modelledFunction.js";
import { isScenarioDocument } from "./scenarioDocuments.js";
import { rangeStart } from "../textPositions.js";

export interface RunRequestsOptions {
  connection: Connection;
  run: CurrentRun;
  documents: TextDocuments<TextDocument>;
  context: () => ServerContext | undefined;
  /** The client re-asks for CodeLens when told (workspace/codeLens/refresh). */
  canRefreshCodeLens: () => boolean;
}

export function registerRunRequests(o: RunRequestsOptions): void {
  const { connection, run } = o;

  const changed = (summary: RunSummary): RunSummary => {
    void connection.sendNotification(RunChangedNotification, summary);
    if (o.canRefreshCodeLens())
      void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    return summary;
  };

  connection.onRequest(ListScenariosRequest, (): ScenarioInfo[] => {
    const builtins: ScenarioInfo[] = listBuiltins().map((b) => ({
      id: b.name,
      name: b.name,
      description: b.description,
      params: b.params.map((p) => ({ name: p.name, default: p.default, description: p.description ?? "" })),
      source: "builtin",
    }));
    const open: ScenarioInfo[] = o.documents
      .all()
      .filter((d) => isScenarioDocument(d.uri))
      .map((d) => ({
        id: d.uri,
        name: decodeURIComponent(d.uri.slice(d.uri.lastIndexOf("/") + 1)),
        description: "open in the editor",
        params: d.uri.endsWith(".kls.yaml") ? paramsOf(d.getText(), d.uri) : [],
        source: "workspace",
      }));
    return [...builtins, ...open];
  });

  connection.onRequest(RunScenarioRequest, (params) =>
    answer(() => changed(run.run(isObject(params) ? params : {}))),
  );

  connection.onRequest(SelectEventRequest, (params) =>
    answer(() => {
      if (!isObject(params)) throw invalid("select needs { event } or { time }");
      const { event, time } = params;
      if (event !== undefined && !Number.isFinite(event)) throw invalid("event must be a number");
      if (time !== undefined && !Number.isFinite(time)) throw invalid("time must be a number");
      return changed(
        run.select({ ...(event !== undefined && { event }), ...(time !== undefined && { time }) }),
      );
    }),
  );

  connection.onRequest(GetRunRequest, () => ({ ...run.result, runId: run.id }));

  connection.onRequest(EventLocationRequest, (params) =>
    answer(() => {
      const event = isObject(params) ? params.event : undefined;
      if (typeof event !== "number" || !Number.isInteger(event)) throw invalid("event must be an integer");
      const traced = run.result.events[event];
      if (!traced) throw invalid(`no event ${event} in the current run (it has ${run.result.events.length})`);
      const context = o.context();
      const entry = catalogEntryFor(traced.fn);
      const definition = context && entry ? catalogDefinition(context, entry) : undefined;
      if (!context || !definition) return null;
      const { line, character } = rangeStart(definition.symbol.selectionRange);
      return { uri: context.paths.uri(definition.file.path), line, character };
    }),
  );
}

/** Bad input becomes a JSON-RPC error the client can show, never a crash. */
function answer<T>(f: () => T): T | ResponseError<void> {
  try {
    return f();
  } catch (error) {
    if (error instanceof ResponseError) return error as ResponseError<void>;
    return new ResponseError(
      ErrorCodes.InvalidParams,
      error instanceof Error ? error.message : String(error),
    );
  }
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

function isObject<T extends object>(value: T | null | undefined): value is T {
  return typeof value === "object" && value !== null;
}

/** A scenario file's parameters; none while it does not parse (its diagnostics say why). */
function paramsOf(text: string, file: string): ScenarioInfo["params"] {
  try {
    return listParams(text, file).map((p) => ({
      name: p.name,
      default: p.default,
      description: p.description ?? "",
    }));
  } catch {
    return [];
  }
}

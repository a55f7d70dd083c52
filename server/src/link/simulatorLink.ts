// The language server with the simulator linked in: a current run, hovers and CodeLens that describe it,
// the custom requests of protocol.ts, and scenario files as documents (diagnostics, completion, Run).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isBuiltin } from "@kernel-lens/simulator";
import type { ClientCapabilities, CodeLens, Connection } from "vscode-languageserver";
import { REINDEX_COMMAND } from "../protocol.js";
import { createServer, type KernelLensServer, type ServerOptions } from "../server.js";
import { CurrentRun, DEFAULT_SCENARIO } from "./currentRun.js";
import { LinkCodeLensProvider } from "./linkCodeLens.js";
import { LinkHoverProvider } from "./linkHover.js";
import { modelledSourceNames } from "./modelledFunction.js";
import { registerRunRequests } from "./runRequests.js";
import {
  isScenarioDocument,
  packetdrillDiagnostics,
  scenarioCodeLenses,
  scenarioCompletions,
  scenarioDiagnostics,
} from "./scenarioDocuments.js";
import { createScenarioReader } from "./scenarioSource.js";

export interface LinkedServer extends KernelLensServer {
  run: CurrentRun;
}

export function createLinkedServer(
  connection: Connection,
  options: Pick<ServerOptions, "grammarDirectory" | "workerScript" | "startupLog"> = {},
): LinkedServer {
  let client: ClientCapabilities = {};
  // The closures below run after createServer has returned, when `server` is set.
  const run = new CurrentRun(createScenarioReader((uri) => server.documents.get(uri)?.getText()));
  const codeLenses = new LinkCodeLensProvider(run);
  const preferred = modelledSourceNames();

  const server: KernelLensServer = createServer(connection, {
    ...options,
    hoverProvider: new LinkHoverProvider(run, () => server.kernelVersion()),
    codeLensProvider: {
      provideCodeLenses: (context, params): CodeLens[] =>
        isScenarioDocument(params.textDocument.uri)
          ? scenarioCodeLenses(params.textDocument.uri)
          : codeLenses.provideCodeLenses(context, params),
    },
    preferredImplementations: () => preferred,
    capabilities: {
      completionProvider: { triggerCharacters: [" ", ":", "."] },
      executeCommandProvider: { commands: [REINDEX_COMMAND] },
    },
    onInitialize(init, capabilities) {
      client = capabilities;
      const root = server.context()?.paths.root ?? process.cwd();
      const scenario = init.defaultScenario;
      // The constructor already ran the default (handshake, no sysctls); only another choice re-runs.
      const custom = (scenario !== undefined && scenario !== DEFAULT_SCENARIO) || init.sysctls !== undefined;
      if (!custom) return;
      try {
        run.run({
          ...(scenario && { scenario: isBuiltin(scenario) ? scenario : path.resolve(root, scenario) }),
          ...(init.sysctls && { sysctls: init.sysctls }),
        });
      } catch (error) {
        connection.console.error(
          `default scenario: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  });
  const documents = server.documents;

  registerRunRequests({
    connection,
    run,
    documents,
    context: () => server.context(),
    canRefreshCodeLens: () => client.workspace?.codeLens?.refreshSupport === true,
  });

  const validate = (uri: string, text: string) => {
    if (!isScenarioDocument(uri)) return;
    const file = uri.startsWith("file:") ? fileURLToPath(uri) : uri;
    const diagnostics = uri.endsWith(".pkt")
      ? packetdrillDiagnostics(text, file)
      : scenarioDiagnostics(text, file);
    void connection.sendDiagnostics({ uri, diagnostics });
  };
  documents.onDidOpen((e) => validate(e.document.uri, e.document.getText()));
  documents.onDidChangeContent((e) => validate(e.document.uri, e.document.getText()));
  documents.onDidClose((e) => {
    if (isScenarioDocument(e.document.uri))
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion((params) => {
    const document = documents.get(params?.textDocument?.uri ?? "");
    if (!document || !document.uri.endsWith(".kls.yaml")) return [];
    return scenarioCompletions(document.getText(), document.offsetAt(params.position));
  });

  connection.onExecuteCommand(async (params) => {
    if (params?.command !== REINDEX_COMMAND) return null;
    const report = await server.reindex();
    return { files: report.files, parsed: report.parsed, fromCache: report.fromCache };
  });

  return Object.assign(server, { run });
}

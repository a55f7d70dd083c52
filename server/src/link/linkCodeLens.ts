// CodeLens above each modelled function's definition: the live summary of the current run and "Run to
// here". Both name client commands (the hovers link to the same ones).
import type { CodeLens, CodeLensParams } from "vscode-languageserver";
import { callsOf } from "@kernel-lens/simulator";
import { ClientCommands } from "../protocol.js";
import type { CodeLensProvider } from "../server.js";
import type { ServerContext } from "../serverContext.js";
import { toLspRange } from "../textPositions.js";
import { codeLensSummary } from "./codeLensSummary.js";
import type { CurrentRun } from "./currentRun.js";
import { catalogEntryFor } from "./modelledFunction.js";

export class LinkCodeLensProvider implements CodeLensProvider {
  constructor(private readonly run: CurrentRun) {}

  provideCodeLenses(context: ServerContext, params: CodeLensParams): CodeLens[] {
    const uri = params.textDocument.uri;
    const here = context.paths.relative(uri);
    const file = context.documents.symbolsOf(uri);
    if (!file || here === undefined) return [];
    const lenses: CodeLens[] = [];
    const result = this.run.result;
    for (const fn of file.functions) {
      if (!fn.isDefinition) continue;
      const entry = catalogEntryFor(fn.name);
      if (!entry || entry.file !== here) continue;
      const range = toLspRange(fn.selectionRange);
      const first = callsOf(result, entry.name)[0];
      lenses.push({
        range,
        command: {
          title: `Kernel Lens: ${codeLensSummary(result, entry.name)}`,
          command: first ? ClientCommands.showEvent : "",
          arguments: first ? [first.id] : [],
        },
      });
      lenses.push({
        range,
        command: { title: "Run to here", command: ClientCommands.runToHere, arguments: [entry.name] },
      });
    }
    return lenses;
  }
}

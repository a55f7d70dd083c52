// CodeLens above each modelled function's definition: the live summary of the current run, "Run to here"
// and, for an answer its first call did not give, "Run to first 1"; above a helper the model performs inside
// traced functions, the summary and Run to here of the first of those. All name client commands (the hovers
// link to the same ones).
import type { CodeLens, CodeLensParams, Range } from "vscode-languageserver";
import { callsOf, INLINED, type TraceEvent } from "@kernel-lens/simulator";
import { ClientCommands } from "../protocol.js";
import type { CodeLensProvider } from "../server.js";
import type { ServerContext } from "../serverContext.js";
import { toLspRange } from "../textPositions.js";
import { laterReturns } from "./callTallies.js";
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
      const range = toLspRange(fn.selectionRange);
      const entry = catalogEntryFor(fn.name);
      if (entry?.file === here) {
        const calls = callsOf(result, entry.name);
        lenses.push(...this.lenses(range, entry.name, codeLensSummary(result, entry.name, calls), calls[0]));
        // A predicate's answer it did not give at first: where it first did (the SYN queue first full).
        for (const { value } of laterReturns(calls)) {
          lenses.push({
            range,
            command: {
              title: `Run to first ${value}`,
              command: ClientCommands.runToHere,
              arguments: [entry.name, value],
            },
          });
        }
        continue;
      }
      // A helper the model performs inside traced functions: the one of them the run calls first stands for
      // it (the hover sums up each).
      const inlined = INLINED.get(fn.name);
      if (inlined?.file !== here) continue;
      const firstCalls = inlined.within.map((name) => ({ name, call: callsOf(result, name)[0] }));
      const first = firstCalls.reduce((a, b) =>
        (b.call?.id ?? Infinity) < (a.call?.id ?? Infinity) ? b : a,
      );
      lenses.push(
        ...this.lenses(range, first.name, `performed inside ${inlined.within.join(", ")}`, first.call),
      );
    }
    return lenses;
  }

  /** The summary (a link to `first`, the first call of `fn`) and Run to here, which stops at that call. */
  private lenses(range: Range, fn: string, summary: string, first: TraceEvent | undefined): CodeLens[] {
    return [
      {
        range,
        command: {
          title: `Kernel Lens: ${summary}`,
          command: first ? ClientCommands.showEvent : "",
          arguments: first ? [first.id, fn] : [],
        },
      },
      { range, command: { title: "Run to here", command: ClientCommands.runToHere, arguments: [fn] } },
    ];
  }
}

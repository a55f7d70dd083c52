// Default hover: the function's signature and where it is defined. The simulator link replaces or extends
// it through the HoverProvider extension point in server.ts.
import type { Hover, HoverParams } from "vscode-languageserver";
import { localDeclarationOf, symbolAt, type ServerContext } from "./serverContext.js";
import type { SymbolAtPosition } from "./symbolAtPosition.js";

export function defaultHover(
  context: ServerContext,
  params: HoverParams,
  known?: SymbolAtPosition,
): Hover | null {
  const uri = params?.textDocument?.uri;
  if (typeof uri !== "string") return null;
  const symbol = known ?? symbolAt(context, uri, params.position);
  if (!symbol) return null;
  const here = context.paths.relative(uri);
  const lines: string[] = [];
  const local = localDeclarationOf(context, uri, symbol, params.position);
  if (local) {
    lines.push("```c", local.text, "```", `${local.kind} of \`${local.functionName}\``);
  } else if (symbol.kind === "field" && symbol.fieldCall) {
    const callerName = context.documents.symbolsOf(uri)?.functions[symbol.fieldCall.caller]?.name;
    const targets = context.graph.implementationsOf(symbol.fieldCall, callerName).slice(0, 5);
    lines.push(`indirect call \`${symbol.name}\``);
    for (const { target, via } of targets) {
      lines.push(
        `- \`${target.symbol.name}\` via ${via.symbol.table} — ${target.file.path}:${target.symbol.selectionRange[0] + 1}`,
      );
    }
  } else {
    const functions = context.index.functionsNamed(symbol.name);
    const definitions = functions.filter((f) => f.symbol.isDefinition);
    const local = definitions.filter((f) => f.file.path === here);
    const shown = (local.length > 0 ? local : definitions.length > 0 ? definitions : functions).slice(0, 3);
    for (const f of shown) {
      lines.push("```c", f.symbol.signature, "```", `${f.file.path}:${f.symbol.selectionRange[0] + 1}`);
    }
    if (shown.length === 0) {
      const macro = context.index.macrosNamed(symbol.name)[0];
      const struct = context.index.structsNamed(symbol.name)[0];
      if (macro)
        lines.push(
          "```c",
          `#define ${macro.symbol.name}${macro.symbol.parameters ?? ""} ${macro.symbol.value}`,
          "```",
        );
      else if (struct)
        lines.push(
          "```c",
          `${struct.symbol.kind} ${struct.symbol.name}`,
          "```",
          `${struct.file.path}:${struct.symbol.selectionRange[0] + 1}`,
        );
      else return null;
    }
  }
  return { contents: { kind: "markdown", value: lines.join("\n") } };
}

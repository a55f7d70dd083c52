// Hover with the simulator: under the index's signature and location, what the modelled function did in
// the current run (or the tracked field's value); functions the model does not cover say so in one line.
import type { Hover, HoverParams, MarkupContent } from "vscode-languageserver";
import type { KernelVersion } from "../kernelVersion.js";
import type { HoverProvider } from "../server.js";
import { localDeclarationOf, symbolAt, type ServerContext } from "../serverContext.js";
import type { ResolvedSymbol } from "../hover.js";
import { toLspRange } from "../textPositions.js";
import type { CurrentRun } from "./currentRun.js";
import { functionHoverMarkdown, inlinedHoverMarkdown, type HoverContext } from "./functionHover.js";
import { inlinedTarget, modelledTarget } from "./modelledFunction.js";
import { isTrackedValue, valueHoverMarkdown } from "./valueHover.js";

export const MODELLED_VERSION = "4.11";

export class LinkHoverProvider implements HoverProvider {
  constructor(
    private readonly run: CurrentRun,
    /** The tree's version from its Makefile, undefined when it has none. */
    private readonly kernelVersion: () => KernelVersion | undefined,
  ) {}

  provideHover(
    context: ServerContext,
    params: HoverParams,
    fallback: (known?: ResolvedSymbol) => Hover | null,
  ): Hover | null | undefined {
    const uri = params.textDocument.uri;
    const symbol = symbolAt(context, uri, params.position);
    if (!symbol) return undefined;
    const local = localDeclarationOf(context, uri, symbol, params.position);
    const base = fallback({ symbol, local });
    // A parameter named like a function (`hash` in include/net/neighbour.h: ___neigh_lookup_noref) is no
    // call of one: the default hover shows its declaration.
    const isFunctionName = symbol.kind === "function" || symbol.kind === "call";
    if (isFunctionName && local) return base;
    const here = context.paths.relative(uri);
    const ctx: HoverContext = {
      run: this.run.result,
      selected: this.run.selectedEvent(),
      seed: this.run.currentSeed,
    };

    let simulated: string | undefined;
    const target = modelledTarget(context, here, symbol);
    const inlined = target ? undefined : inlinedTarget(context, here, symbol);
    if (target) {
      const via = target.via ? `Resolved through \`${target.via}\` to \`${target.entry.name}\`.\n\n` : "";
      simulated = via + functionHoverMarkdown(target.entry, ctx);
    } else if (inlined) {
      simulated = inlinedHoverMarkdown(inlined, ctx);
    } else if (isTrackedValue(symbol.name) && (symbol.kind !== "function" || base === null)) {
      simulated = valueHoverMarkdown(symbol.name, ctx);
    } else if (isFunctionName) {
      if (base === null) return undefined;
      simulated = `*Kernel Lens: \`${symbol.name}\` is not modelled by the v${MODELLED_VERSION} simulator.*`;
    }
    if (simulated === undefined) return undefined;

    const parts = [markdownOf(base), this.versionNote(), simulated].filter((p): p is string => !!p);
    return {
      contents: { kind: "markdown", value: parts.join("\n\n---\n\n") },
      range: toLspRange(symbol.range),
    };
  }

  private versionNote(): string | undefined {
    const version = this.kernelVersion();
    if (version?.version === 4 && version.patchLevel === 11) return undefined;
    return version === undefined
      ? `*The tree's Makefile gives no kernel version; the simulator models Linux v${MODELLED_VERSION}.*`
      : `*This tree is Linux ${version.text}; the simulator models v${MODELLED_VERSION}, so the run below may differ from this source.*`;
  }
}

function markdownOf(hover: Hover | null): string | undefined {
  const contents = hover?.contents;
  if (!contents) return undefined;
  if (typeof contents === "string") return contents;
  if ("kind" in contents) return (contents as MarkupContent).value;
  return undefined;
}

// textDocument/documentHighlight: the occurrences an editor marks while the cursor rests on a name. A
// parameter or local marks its own uses only (a shadowing `x` in an inner block is another variable);
// any other name marks its whole-word occurrences in the document, as an editor's word highlighter does.
import {
  DocumentHighlightKind,
  type DocumentHighlight,
  type TextDocumentPositionParams,
} from "vscode-languageserver";
import { isIdentifierPart } from "./kernelMacros.js";
import { localReferencesOf, symbolAt, type ServerContext } from "./serverContext.js";
import { toLspRange } from "./textPositions.js";

export function documentHighlights(
  context: ServerContext,
  params: TextDocumentPositionParams,
): DocumentHighlight[] | null {
  const uri = params?.textDocument?.uri;
  if (typeof uri !== "string") return null;
  const symbol = symbolAt(context, uri, params.position);
  const source = context.documents.sourceOf(uri);
  if (!symbol || !source) return null;
  const { text, lines } = source;
  const local = localReferencesOf(context, uri, symbol, params.position);
  if (local) {
    return [
      { range: toLspRange(local.declaration.range), kind: DocumentHighlightKind.Write },
      ...local.uses.map((range) => ({ range: toLspRange(range), kind: DocumentHighlightKind.Read })),
    ];
  }
  const highlights: DocumentHighlight[] = [];
  for (let at = text.indexOf(symbol.name); at >= 0; at = text.indexOf(symbol.name, at + 1)) {
    const end = at + symbol.name.length;
    if ((at > 0 && isIdentifierPart(text[at - 1]!)) || (end < text.length && isIdentifierPart(text[end]!)))
      continue;
    highlights.push({ range: toLspRange(lines.rangeAt(at, end)), kind: DocumentHighlightKind.Text });
  }
  return highlights;
}

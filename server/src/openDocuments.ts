// Text and symbols of documents for request handlers: the editor's copy when open, the disk otherwise.
import { readFileSync } from "node:fs";
import type { TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { contentHash, extractFileSymbols, MAX_FILE_BYTES } from "./extract.js";
import type { FileSymbols } from "./fileSymbols.js";
import type { CParser } from "./parser.js";
import type { WorkspaceIndex } from "./workspaceIndex.js";
import type { WorkspacePaths } from "./workspacePaths.js";

export class OpenDocuments {
  /** Symbols of files outside the indexed selection that a request touched. */
  private readonly outsideSelection = new Map<string, FileSymbols>();

  constructor(
    readonly documents: TextDocuments<TextDocument>,
    private readonly parser: CParser,
    private readonly index: WorkspaceIndex,
    private readonly paths: WorkspacePaths,
  ) {}

  isOpen(relativePath: string): boolean {
    return this.documents.get(this.paths.uri(relativePath)) !== undefined;
  }

  textOf(uri: string): string | undefined {
    const open = this.documents.get(uri);
    if (open) return open.getText();
    const relative = this.paths.relative(uri);
    if (relative === undefined) return undefined;
    try {
      const text = readFileSync(this.paths.absolute(relative), "utf8");
      return text.length > MAX_FILE_BYTES ? undefined : text;
    } catch {
      return undefined;
    }
  }

  symbolsOf(uri: string): FileSymbols | undefined {
    const relative = this.paths.relative(uri);
    if (relative === undefined) return undefined;
    const indexed = this.index.file(relative);
    if (indexed) return indexed;
    let outside = this.outsideSelection.get(relative);
    if (!outside) {
      const text = this.textOf(uri);
      if (text === undefined) return undefined;
      outside = extractFileSymbols(this.parser, relative, text);
      this.outsideSelection.set(relative, outside);
    }
    return outside;
  }

  /** Re-extracts an open document into the index; called on didOpen and every didChange. */
  reindex(document: TextDocument): void {
    const relative = this.paths.relative(document.uri);
    if (relative === undefined) return;
    this.outsideSelection.delete(relative);
    this.extractUnlessIndexed(relative, document.getText());
  }

  /** Re-reads a file that changed on disk (workspace/didChangeWatchedFiles); synchronous so the next
   * request already sees it. A file that cannot be read leaves the index. */
  reindexFromDisk(relativePath: string): void {
    let text: string;
    try {
      text = readFileSync(this.paths.absolute(relativePath), "utf8");
    } catch {
      this.index.remove(relativePath);
      return;
    }
    this.extractUnlessIndexed(relativePath, text);
  }

  /** A text the index already holds (opening an unchanged file after a warm start, closing an unedited
   * one) is not parsed again. */
  private extractUnlessIndexed(relativePath: string, text: string): void {
    const indexed = this.index.header(relativePath);
    if (indexed && !indexed.error && indexed.contentHash === contentHash(text)) return;
    this.index.update(extractFileSymbols(this.parser, relativePath, text));
  }

  forget(uri: string): void {
    const relative = this.paths.relative(uri);
    if (relative !== undefined) this.outsideSelection.delete(relative);
  }
}

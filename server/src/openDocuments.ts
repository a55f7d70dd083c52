// Text and symbols of documents for request handlers: the editor's copy when open, the disk otherwise.
import { readFileSync } from "node:fs";
import type { TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { contentHash, extractFileSymbols, MAX_FILE_BYTES } from "./extract.js";
import type { FileSymbols } from "./fileSymbols.js";
import { LineIndex } from "./textPositions.js";
import type { CParser } from "./parser.js";
import type { WorkspaceIndex } from "./workspaceIndex.js";
import type { WorkspacePaths } from "./workspacePaths.js";

/** How long an edited document waits for the next keystroke before it is extracted again. */
export const EDIT_SETTLE_MS = 150;

/** Texts kept with their line index (sourceOf): a file is 0.1–0.2 MB, so 64 are ≈ 10–20 MB at most. */
const KEPT_SOURCES = 64;

/** A file's text with its line index, and what it was read under (an open document's version, else the
 * index's generation). */
interface Source {
  stamp: string;
  text: string;
  lines: LineIndex;
}

export class OpenDocuments {
  /** Symbols of files outside the indexed selection that a request touched. */
  private readonly outsideSelection = new Map<string, FileSymbols>();
  /** Documents edited since their last extraction, by uri; applied when edits settle or a request comes. */
  private readonly edited = new Map<string, TextDocument>();
  private settleTimer: NodeJS.Timeout | undefined;
  /** Recently read sources, least recently used first. */
  private readonly sources = new Map<string, Source>();
  /** Root-relative paths of the URIs editors opened ("" outside the root). */
  private readonly openPaths = new Map<string, string>();

  constructor(
    readonly documents: TextDocuments<TextDocument>,
    private readonly parser: CParser,
    private readonly index: WorkspaceIndex,
    private readonly paths: WorkspacePaths,
  ) {}

  isOpen(relativePath: string): boolean {
    // Asked for every file while indexing: the few open documents' paths are compared, rather than each
    // file's path made a URI (≈ 30 ms of a warm start's LSP thread for 5,821 files).
    for (const uri of this.documents.keys()) {
      let relative = this.openPaths.get(uri);
      if (relative === undefined) {
        relative = this.paths.relative(uri) ?? "";
        this.openPaths.set(uri, relative);
      }
      if (relative === relativePath) return true;
    }
    return false;
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

  /**
   * The text with its line index, kept for the last KEPT_SOURCES files while they do not change: typing the
   * members of a field's fifty assignments reads their files again and again (memberHolder.ts), as does
   * reading what calls pass (passedArguments.ts). A file changed on disk changes the index's generation.
   */
  sourceOf(uri: string): { text: string; lines: LineIndex } | undefined {
    const open = this.documents.get(uri);
    const stamp = open ? `version ${open.version}` : `generation ${this.index.generation}`;
    const kept = this.sources.get(uri);
    this.sources.delete(uri);
    if (kept?.stamp === stamp) {
      this.sources.set(uri, kept);
      return kept;
    }
    const text = this.textOf(uri);
    if (text === undefined) return undefined;
    const source = { stamp, text, lines: new LineIndex(text) };
    this.sources.set(uri, source);
    if (this.sources.size > KEPT_SOURCES) this.sources.delete(this.sources.keys().next().value!);
    return source;
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

  /** Re-extracts an open document into the index at once (didOpen). */
  reindex(document: TextDocument): void {
    this.edited.delete(document.uri);
    const relative = this.paths.relative(document.uri);
    if (relative === undefined) return;
    this.outsideSelection.delete(relative);
    this.extractUnlessIndexed(relative, document.getText());
  }

  /**
   * An edit (didChange): extracted once the typing pauses for EDIT_SETTLE_MS, or before the next request
   * (applyEdits), whichever comes first. Extracting tcp_input.c takes ≈ 35 ms; an editor sends a didChange
   * per keystroke, and the requests between them would wait behind every one.
   */
  edit(document: TextDocument): void {
    this.edited.set(document.uri, document);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      try {
        this.applyEdits();
      } catch {
        // Outside any request, a failure must not end the server; extraction itself never throws.
      }
    }, EDIT_SETTLE_MS);
    this.settleTimer.unref();
  }

  /** Brings the index up to the editor's text; every request handler calls it first. */
  applyEdits(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    for (const [uri, document] of this.edited) {
      this.edited.delete(uri);
      this.reindex(document);
    }
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
    const hash = contentHash(text);
    if (indexed && !indexed.error && indexed.contentHash === hash) return;
    this.index.update(extractFileSymbols(this.parser, relativePath, text, {}, hash));
  }

  forget(uri: string): void {
    this.edited.delete(uri);
    const relative = this.paths.relative(uri);
    if (relative !== undefined) this.outsideSelection.delete(relative);
  }
}

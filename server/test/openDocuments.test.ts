import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, expect, test } from "vitest";
import { TextDocuments } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { FileSymbols } from "../src/fileSymbols.js";
import { EDIT_SETTLE_MS, OpenDocuments } from "../src/openDocuments.js";
import { WorkspaceIndex } from "../src/workspaceIndex.js";
import { WorkspacePaths } from "../src/workspacePaths.js";
import { testParser } from "./kernelSources.js";

const root = mkdtempSync(path.join(os.tmpdir(), "kernel-lens-edits-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The real index, counting the files it is given. */
class CountingIndex extends WorkspaceIndex {
  updates = 0;
  override update(symbols: FileSymbols): void {
    this.updates++;
    super.update(symbols);
  }
}

/** The editor's documents over the temporary tree, with the real parser and a counting index. */
async function openDocumentsOfTree() {
  const index = new CountingIndex();
  const documents = new OpenDocuments(
    new TextDocuments(TextDocument),
    await testParser(),
    index,
    new WorkspacePaths(root),
  );
  return { index, documents };
}

test("edits are extracted once the typing pauses or a request comes, not once per keystroke", async () => {
  const { index, documents } = await openDocumentsOfTree();
  const uri = pathToFileURL(path.join(root, "net/ipv4/edited.c")).href;
  const version = (v: number, text: string) => TextDocument.create(uri, "c", v, text);
  const functionsNow = () => index.file("net/ipv4/edited.c")?.functions.map((f) => f.name);

  documents.reindex(version(1, "int opened_fn(void) { return 0; }\n"));
  expect(index.updates).toBe(1);
  for (let v = 2; v <= 20; v++) documents.edit(version(v, `int typed_${v}(void) { return 0; }\n`));
  expect(index.updates).toBe(1);
  expect(functionsNow()).toEqual(["opened_fn"]);
  // What a request handler does first (server.ts: currentContext).
  documents.applyEdits();
  expect(index.updates).toBe(2);
  expect(functionsNow()).toEqual(["typed_20"]);

  documents.edit(version(21, "int paused_fn(void) { return 0; }\n"));
  await new Promise((resolve) => setTimeout(resolve, EDIT_SETTLE_MS + 100));
  expect(index.updates).toBe(3);
  expect(functionsNow()).toEqual(["paused_fn"]);

  // Closed before it settled: the editor's text leaves with the editor.
  documents.edit(version(22, "int unsaved_fn(void);\n"));
  documents.forget(uri);
  documents.applyEdits();
  expect(index.updates).toBe(3);
});

test("a source read from disk is kept while the index is unchanged, and read again after a change", async () => {
  const { index, documents } = await openDocumentsOfTree();
  mkdirSync(path.join(root, "net/core"), { recursive: true });
  const file = path.join(root, "net/core/kept.c");
  writeFileSync(file, "int kept_fn(void) { return 0; }\n");
  const uri = pathToFileURL(file).href;
  const first = documents.sourceOf(uri);
  expect(first?.text).toBe("int kept_fn(void) { return 0; }\n");
  expect(documents.sourceOf(uri)).toBe(first);
  // Changed on disk: the watched-file event re-indexes it, which is what makes the text read again.
  writeFileSync(file, "int changed_fn(void) { return 1; }\n");
  expect(documents.sourceOf(uri)).toBe(first);
  documents.reindexFromDisk("net/core/kept.c");
  expect(index.updates).toBe(1);
  expect(documents.sourceOf(uri)?.text).toBe("int changed_fn(void) { return 1; }\n");
  expect(documents.sourceOf(pathToFileURL(path.join(root, "net/core/missing.c")).href)).toBeUndefined();
});

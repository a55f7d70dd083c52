import { expect, test } from "vitest";
import { FromIndexedFiles } from "../src/fromIndexedFiles.js";
import { WorkspaceIndex } from "../src/workspaceIndex.js";
import { symbolsOfText } from "./kernelSources.js";

test("a value read from some files is made again when one of them changes, not when another file does", async () => {
  const index = new WorkspaceIndex();
  index.update(await symbolsOfText("int a;", "net/a.c"));
  index.update(await symbolsOfText("int b;", "net/b.c"));
  const made: string[][] = [];
  const value = new FromIndexedFiles(
    index,
    () => ["net/a.c"],
    (paths) => made.push(paths),
  );
  value.get();
  value.get();
  index.update(await symbolsOfText("int b2;", "net/b.c"));
  value.get();
  expect(made).toEqual([["net/a.c"]]);
  index.update(await symbolsOfText("int a2;", "net/a.c"));
  value.get();
  expect(made).toEqual([["net/a.c"], ["net/a.c"]]);
});

// URIs to the index's root-relative paths, also through a symbolic link to the tree.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, expect, test } from "vitest";
import { WorkspacePaths } from "../src/workspacePaths.js";

const scratch = mkdtempSync(path.join(os.tmpdir(), "kernel-lens-paths-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("a file under the root, or under the folder a linked root stands for (Neovim's buffer names)", () => {
  const tree = path.join(scratch, "src", "linux-4.11");
  mkdirSync(path.join(tree, "net", "ipv4"), { recursive: true });
  const link = path.join(scratch, "linux");
  symlinkSync(tree, link);
  const paths = new WorkspacePaths(link);
  const uri = (absolute: string) => pathToFileURL(absolute).href;
  expect(paths.relative(uri(path.join(link, "net/ipv4/tcp_input.c")))).toBe("net/ipv4/tcp_input.c");
  expect(paths.relative(uri(path.join(tree, "net/ipv4/tcp_input.c")))).toBe("net/ipv4/tcp_input.c");
  expect(paths.uri("net/ipv4/tcp_input.c")).toBe(uri(path.join(link, "net/ipv4/tcp_input.c")));
  expect(paths.relative(uri(path.join(scratch, "src", "other.c")))).toBeUndefined();
  expect(paths.relative("untitled:Untitled-1")).toBeUndefined();
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { discoverFiles, prioritize } from "../src/fileDiscovery.js";

const root = mkdtempSync(path.join(os.tmpdir(), "kernel-lens-discovery-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function touch(relative: string): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), "");
}

test("C sources and headers of the selection, relative with '/', sources first and net/ipv4 ahead", () => {
  for (const file of [
    "net/core/sock.c",
    "net/ipv4/tcp_input.c",
    "net/ipv4/Makefile",
    "net/ipv4/netfilter/nf_nat.c",
    "net/ipv6/tcp_ipv6.c",
    "net/sched/act_api.c",
    "include/linux/skbuff.h",
    "include/net/tcp.h",
    "include/uapi/linux/tcp.h",
    "include/uapi/linux/Kbuild",
    "fs/eventpoll.c",
    "fs/open.c",
    "drivers/net/loopback.c",
  ]) {
    touch(file);
  }
  const selection = { include: ["net/", "include/", "fs/eventpoll.c"], exclude: ["net/ipv6/"] };
  expect(discoverFiles(root, selection)).toEqual([
    "net/ipv4/netfilter/nf_nat.c",
    "net/ipv4/tcp_input.c",
    "net/core/sock.c",
    "fs/eventpoll.c",
    "net/sched/act_api.c",
    "include/net/tcp.h",
    "include/linux/skbuff.h",
    "include/uapi/linux/tcp.h",
  ]);
  // A folder named without its slash, a missing one, and a file that is not C select nothing more.
  expect(
    discoverFiles(root, { include: ["net/core", "net/missing", "net/ipv4/Makefile"], exclude: [] }),
  ).toEqual(["net/core/sock.c"]);
});

test("prioritize keeps every path once and orders by rank, then by name", () => {
  const paths = ["include/z.h", "net/b.c", "include/net/a.h", "net/ipv4/z.c", "net/a.c"];
  expect(prioritize(paths)).toEqual(["net/ipv4/z.c", "net/a.c", "net/b.c", "include/net/a.h", "include/z.h"]);
});

import { expect, test } from "vitest";
import { decodeLine, encodeLine, serializeFile } from "../src/serializedFile.js";
import { WorkspaceIndex } from "../src/workspaceIndex.js";
import { symbolsOfText } from "./kernelSources.js";

const TCP = `
struct proto { int (*connect)(void); };
int tcp_v4_connect(void) { return tcp_conn_request(); }
int tcp_v4_rcv(void) { return tcp_v4_connect(); }
struct proto tcp_prot = { .connect = tcp_v4_connect };
#define TCP_TIMEOUT_INIT 1
typedef struct proto proto_t;
SYSCALL_DEFINE2(listen, int, fd, int, backlog) { return __sys_listen(fd, backlog); }
`;

/** The path a worker's or the cache's entry takes: encoded to a line and decoded again. */
async function viaCacheLine(path: string, text: string) {
  const symbols = await symbolsOfText(text);
  return decodeLine(encodeLine(serializeFile({ ...symbols, path })));
}

/** Adds a file to the index as a worker's answer reaches it. */
async function addFile(index: WorkspaceIndex, path: string, text: string) {
  index.updateSerialized(await viaCacheLine(path, text));
}

test("a file from the cache is parsed only when a lookup needs its symbols", () => {
  const unreadable: string[] = [];
  const index = new WorkspaceIndex((path) => unreadable.push(path));
  const header = {
    path: "net/ipv4/broken.c",
    contentHash: "h",
    names: {
      functions: "f",
      aliases: "",
      structs: "",
      fields: "",
      enums: "",
      enumerators: "",
      macros: "",
      variables: "",
      typedefs: "",
      types: "",
      declaredTags: "",
      calls: "",
      callKinds: "",
      ops: "",
    },
  };
  // A body that does not parse: the header alone answers name lookups, the body only fails when read.
  index.updateSerialized({ header, body: "{ not json" });
  expect(index.has("function", "f")).toBe(true);
  expect(unreadable).toEqual([]);
  expect(index.header("net/ipv4/broken.c")?.contentHash).toBe("h");
  expect(index.file("net/ipv4/broken.c")?.error).toMatch(/^failed: unreadable index entry/);
  expect(index.functionsNamed("f")).toEqual([]);
  expect(unreadable).toEqual(["net/ipv4/broken.c"]);
  // Written to a cache again, it carries its error (failed entries are not cached) instead of its old names.
  expect([...index.allSerialized()][0]?.header).toMatchObject({
    error: expect.stringMatching(/^failed: unreadable/),
    names: { functions: "" },
  });
});

test("lookups through serialized files give the same refs as in-process files, one object per symbol", async () => {
  const lazy = new WorkspaceIndex();
  lazy.updateSerialized(await viaCacheLine("net/ipv4/tcp.c", TCP));
  const eager = new WorkspaceIndex();
  eager.update({ ...(await symbolsOfText(TCP)), path: "net/ipv4/tcp.c" });
  for (const index of [lazy, eager]) {
    expect(index.definitionsOf("tcp_v4_connect").map((r) => r.symbol.name)).toEqual(["tcp_v4_connect"]);
    expect(index.directCallsTo("tcp_conn_request")).toHaveLength(1);
    expect(index.macrosNamed("TCP_TIMEOUT_INIT")[0]?.file.path).toBe("net/ipv4/tcp.c");
    expect(index.fieldsNamed("connect")[0]?.struct.name).toBe("proto");
    // The call graph compares ops entries by identity.
    expect(index.opsEntriesTargeting("tcp_v4_connect")[0]).toBe(index.opsEntriesForField("connect")[0]);
    expect(index.functionsNamed("tcp_v4_rcv")[0]).toBe(index.functionsNamed("tcp_v4_rcv")[0]);
    expect(index.functionsNamed("sys_listen").map((r) => r.symbol.name)).toEqual(["listen"]);
    expect(index.structsNamed("proto_t")[0]?.symbol.name).toBe("proto");
  }
  expect(lazy.file("net/ipv4/tcp.c")).toEqual(eager.file("net/ipv4/tcp.c"));
});

test("tables built before and after a file changes both see only its new version", async () => {
  const index = new WorkspaceIndex();
  index.updateSerialized(await viaCacheLine("net/ipv4/tcp.c", TCP));
  index.updateSerialized(
    await viaCacheLine("net/ipv6/tcp.c", "int tcp_v6_connect(void) { return tcp_conn_request(); }"),
  );
  // Built now: the direct-call table; never asked before the change: the macro table.
  expect(index.directCallsTo("tcp_conn_request")).toHaveLength(2);
  index.update({
    ...(await symbolsOfText("int tcp_v4_connect(void) { return 0; }")),
    path: "net/ipv4/tcp.c",
  });
  expect(index.directCallsTo("tcp_conn_request").map((r) => r.file.path)).toEqual(["net/ipv6/tcp.c"]);
  expect(index.macrosNamed("TCP_TIMEOUT_INIT")).toEqual([]);
  expect(index.has("function", "tcp_v4_rcv")).toBe(false);
  index.remove("net/ipv6/tcp.c");
  expect(index.directCallsTo("tcp_conn_request")).toEqual([]);
  expect(index.fileCount).toBe(1);
});

const functionNames = (index: WorkspaceIndex) => {
  const { names, kinds } = index.allNames();
  return names.filter((_, i) => kinds[i] === "function").sort();
};

test("tables built a file at a time in idle time stay right when files change halfway", async () => {
  const index = new WorkspaceIndex();
  const file = (path: string, text: string) => addFile(index, path, text);
  await file("net/a.c", "int a(void) { return shared(); }");
  await file("net/b.c", "int b(void) { return shared(); }");
  await file("net/c.c", "int c(void) { return shared(); }");
  // A deadline already past: one file per call.
  expect(index.prime(performance.now())).toBe(true);
  await file("net/a.c", "int a2(void) { return shared(); }");
  index.remove("net/b.c");
  while (index.prime(performance.now()));
  expect(
    index
      .directCallsTo("shared")
      .map((r) => r.file.path)
      .sort(),
  ).toEqual(["net/a.c", "net/c.c"]);
  expect(index.has("function", "a")).toBe(false);
  expect(index.has("function", "b")).toBe(false);
  expect(index.functionsNamed("a2")).toHaveLength(1);
  expect(functionNames(index)).toEqual(["a2", "c"]);
  // The names workspace/symbol reads are kept until the index changes.
  expect(index.allNames()).toBe(index.allNames());
  await file("net/D.c", "int D(void) { return 0; }");
  expect(functionNames(index)).toEqual(["D", "a2", "c"]);
  const { names, lowerCase } = index.allNames();
  expect(lowerCase[names.indexOf("D")]).toBe("d");
});

test("a body the cache now holds replaces the one in memory only while it is the same and unparsed", async () => {
  const index = new WorkspaceIndex();
  const entry = await viaCacheLine("net/ipv4/tcp_ipv4.c", TCP);
  index.updateSerialized(entry);
  const stored = { read: () => (Buffer.isBuffer(entry.body) ? entry.body : undefined) };
  // Another version's body (a file re-extracted since it was written) is not this file's.
  index.bodyStored(entry.header.path, Buffer.from(String(entry.body)), stored);
  expect([...index.allSerialized()][0]!.body).toBe(entry.body);
  index.bodyStored(entry.header.path, entry.body, stored);
  expect([...index.allSerialized()][0]!.body).toBe(stored);
  expect(index.functionsNamed("tcp_v4_connect")[0]?.symbol.name).toBe("tcp_v4_connect");
  // Once parsed, the symbols are the truth: a later store changes nothing.
  index.bodyStored(entry.header.path, stored, { read: () => undefined });
  expect(typeof [...index.allSerialized()][0]!.body).toBe("string");
  expect(index.functionsNamed("tcp_v4_rcv")).toHaveLength(1);
});

test("a file sees its own static functions and #defines and those of headers, not another .c file's", async () => {
  const index = new WorkspaceIndex();
  const file = (path: string, text: string) => addFile(index, path, text);
  await file("net/a.c", "static int hash(int x) { return x; }\n#define KEY(x) (x)\n");
  await file("net/b.c", "int hash(int x) { return x + 1; }\n#define KEY(x) (x + 1)\n");
  await file("include/net/c.h", "static inline int helper(void) { return 0; }\n#define KEY(x) (x + 2)\n");
  await file("net/d.c", "static int helper2(void) { return helper(); }\n");
  const paths = (refs: { file: { path: string } }[]) => refs.map((r) => r.file.path).sort();
  expect(paths(index.functionsVisibleFrom("hash", "net/a.c"))).toEqual(["net/a.c", "net/b.c"]);
  expect(paths(index.definitionsOf("hash", "net/a.c"))).toEqual(["net/a.c"]);
  expect(paths(index.definitionsOf("hash", "net/d.c"))).toEqual(["net/b.c"]);
  expect(paths(index.definitionsOf("helper", "net/d.c"))).toEqual(["include/net/c.h"]);
  expect(paths(index.definitionsOf("helper2", "net/a.c"))).toEqual([]);
  expect(paths(index.definitionsOf("helper2"))).toEqual(["net/d.c"]);
  expect(paths(index.macrosVisibleFrom("KEY", "net/b.c"))).toEqual(["net/b.c"]);
  expect(paths(index.macrosVisibleFrom("KEY", "net/d.c"))).toEqual(["include/net/c.h"]);
});

test("a typedef as C scopes it: a file's own, else the one its includes reach, else asm-generic's first", async () => {
  const index = new WorkspaceIndex();
  const file = (path: string, text: string) => addFile(index, path, text);
  await file("include/acpi/actypes.h", "typedef unsigned short u16;\n");
  await file("include/asm-generic/int-ll64.h", "typedef unsigned short u16;\n");
  await file("include/asm-generic/types.h", "#include <asm-generic/int-ll64.h>\n");
  await file("include/linux/types.h", "#include <asm/types.h>\n");
  await file("include/linux/x.h", "struct x { u16 a; };\n");
  await file("net/a.c", "#include <linux/types.h>\nu16 a;\n");
  await file("net/b.c", "typedef int u16;\n");
  const paths = (refs: { file: { path: string } }[]) => refs.map((r) => r.file.path);
  // <asm/types.h> reaches include/asm-generic/types.h (arch/ is not indexed).
  expect(paths(index.typedefsVisibleFrom("u16", "net/a.c"))).toEqual(["include/asm-generic/int-ll64.h"]);
  expect(paths(index.typedefsVisibleFrom("u16", "net/b.c"))).toEqual(["net/b.c"]);
  expect(paths(index.typedefsVisibleFrom("u16", "include/linux/x.h"))).toEqual([
    "include/asm-generic/int-ll64.h",
    "include/acpi/actypes.h",
  ]);
});

test("same-named symbols come by path, whatever order their files were indexed in", async () => {
  const index = new WorkspaceIndex();
  for (const path of ["net/z.c", "include/m.h", "net/a.c"]) {
    await addFile(index, path, "int shared(void) { return 0; }\nint shared2;\n");
  }
  const paths = (refs: { file: { path: string } }[]) => refs.map((r) => r.file.path);
  expect(paths(index.functionsNamed("shared"))).toEqual(["include/m.h", "net/a.c", "net/z.c"]);
  expect(paths(index.variablesNamed("shared2"))).toEqual(["include/m.h", "net/a.c", "net/z.c"]);
});

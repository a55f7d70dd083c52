// The simulator link over stdio JSON-RPC, on ../shared/linux-4.11: hovers and CodeLens that describe the
// current run, the custom requests of protocol.ts, and scenario files as documents.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type {
  CodeLens,
  CompletionItem,
  Hover,
  PublishDiagnosticsParams,
} from "vscode-languageserver-protocol";
import type { RunResult } from "@kernel-lens/simulator";
import type { KernelStatus, RunSummary } from "../src/protocol.js";
import { kernelRoot, kernelUri, positionOf, repoRoot, startServer, type TestServer } from "./lspClient.js";

let server: TestServer;
const statuses: KernelStatus[] = [];
const runChanges: RunSummary[] = [];
const diagnostics = new Map<string, PublishDiagnosticsParams>();
const scratch = mkdtempSync(path.join(os.tmpdir(), "kernel-lens-link-"));

const request = <T>(method: string, params: unknown) => server.connection.sendRequest<T>(method, params);
const hoverText = async (
  relative: string,
  needle: string,
  options: { after?: string; delta?: number } = {},
) => {
  const hover = await request<Hover | null>("textDocument/hover", {
    textDocument: { uri: kernelUri(relative) },
    position: positionOf(relative, needle, options),
  });
  return hover ? (hover.contents as { value: string }).value : "";
};
const runCalls = (run: RunResult, fn: string) => run.events.filter((e) => e.fn === fn);

beforeAll(async () => {
  server = await startServer({ include: ["net/ipv4/", "net/ipv6/", "net/core/", "include/"] });
  server.connection.onNotification("kernelLens/status", (s: KernelStatus) => statuses.push(s));
  server.connection.onNotification("kernelLens/runChanged", (s: RunSummary) => runChanges.push(s));
  server.connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) =>
    diagnostics.set(p.uri, p),
  );
  await server.indexed;
}, 180_000);

afterAll(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("hover shows what the function did in the current run (default: handshake)", () => {
  test("at the definition of tcp_conn_request: signature, summary, call chain, SYN queue before → after", async () => {
    const text = await hoverText("net/ipv4/tcp_input.c", "int tcp_conn_request(", { delta: 4 });
    expect(text).toContain("int tcp_conn_request(struct request_sock_ops *rsk_ops,");
    expect(text).toContain("modelled from Linux 4.11 `net/ipv4/tcp_input.c`");
    expect(text).toMatch(/In the run `handshake` \(seed 1\):\*\* 1 call on server/);
    expect(text).toContain(
      "tcp_v4_rcv → tcp_v4_do_rcv → tcp_rcv_state_process → tcp_v4_conn_request → tcp_conn_request",
    );
    // inet_csk_reqsk_queue_hash_add puts the request sock in the SYN queue: qlen/young 0/0 → 1/1.
    expect(text).toMatch(
      /\| SYN queue of server:sk\d+ \(qlen \/ young, full at qlen ≥ 128\) \| 0 \/ 0 \| 1 \/ 1 \|/,
    );
    expect(text).toMatch(/packets sent: .*SYN-ACK/);
    expect(text).toContain("command:kernelLens.runToHere");
    expect(text).not.toContain("Linux 4.11; the simulator"); // the tree is v4.11: no version warning
  });

  test("at a direct call (tcp_v4_conn_request in tcp_ipv4.c) the same run lines", async () => {
    const text = await hoverText("net/ipv4/tcp_ipv4.c", "return tcp_conn_request(", { delta: 8 });
    expect(text).toMatch(/1 call on server/);
    expect(text).toMatch(/SYN queue of server:sk\d+/);
  });

  test("at the prototype in include/net/tcp.h", async () => {
    const text = await hoverText("include/net/tcp.h", "int tcp_conn_request(", { delta: 4 });
    expect(text).toContain("modelled from Linux 4.11 `net/ipv4/tcp_input.c`");
    expect(text).toMatch(/SYN queue of server:sk\d+/);
  });

  test("at an indirect call the ops tables resolve: icsk->icsk_af_ops->conn_request → tcp_v4_conn_request", async () => {
    const text = await hoverText("net/ipv4/tcp_input.c", "icsk->icsk_af_ops->conn_request(sk, skb)", {
      delta: "icsk->icsk_af_ops->".length + 2,
    });
    expect(text).toContain("Resolved through `ipv4_specific.conn_request` to `tcp_v4_conn_request`");
    expect(text).toMatch(/1 call on server/);
  });

  test("at a call through a pointer set by assignment: parent->sk_data_ready(parent) → sock_def_readable", async () => {
    const text = await hoverText("net/ipv4/tcp_minisocks.c", "sk_data_ready(parent)", { delta: 2 });
    expect(text).toContain(
      "Resolved through `sk_data_ready = sock_def_readable in sock_init_data()` to `sock_def_readable`",
    );
    expect(text).toContain("modelled from Linux 4.11 `net/core/sock.c`");
  });

  test("a tracked field shows its value in the run; an unmodelled function says so in one line", async () => {
    const backlog = await hoverText("net/ipv4/inet_connection_sock.c", "sk_ack_backlog");
    expect(backlog).toContain("accept queue length of a listener");
    expect(backlog).toMatch(/- server:sk\d+: 0 \(full when > sk_max_ack_backlog = 128\)/); // accepted by the end
    const fin = await hoverText("net/ipv4/tcp_input.c", "void tcp_fin(struct sock *sk)", { delta: 6 });
    expect(fin).toContain("void tcp_fin(struct sock *sk)");
    expect(fin).toContain("`tcp_fin` is not modelled by the v4.11 simulator");
  });

  test("a function the model performs inside a traced one names it, with what it did in the run", async () => {
    const added = await hoverText("net/ipv4/inet_connection_sock.c", "inet_csk_reqsk_queue_added(sk);");
    expect(added).toContain("static inline void inet_csk_reqsk_queue_added(struct sock *sk)");
    expect(added).toContain(
      "modelled from Linux 4.11 `include/net/inet_connection_sock.h` inside `inet_csk_reqsk_queue_hash_add`, without a trace entry of its own",
    );
    // The handshake queues one request: qlen 0 → 1.
    expect(added).toMatch(/- `inet_csk_reqsk_queue_hash_add`: 1 call · SYN queue \+1 · \[Show in run view\]/);
  });
});

describe("values the model tracks", () => {
  test("a constant and a sysctl show their value in the run", async () => {
    const timeout = await hoverText("net/ipv4/tcp_input.c", "TCP_TIMEOUT_INIT);", {
      after: "inet_csk_reqsk_queue_hash_add(sk, req,",
    });
    expect(timeout).toContain("#define TCP_TIMEOUT_INIT");
    expect(timeout).toContain(
      "`TCP_TIMEOUT_INIT` in the model: 1000 ms (1*HZ): first SYN / SYN-ACK retransmission timeout",
    );
    // A constant is the same at every point of every run.
    expect(timeout).not.toContain("In the run");
    const cookies = await hoverText("net/ipv4/tcp_input.c", "sysctl_tcp_syncookies == 2", {
      after: "int tcp_conn_request(",
    });
    expect(cookies).toContain("`sysctl_tcp_syncookies`");
    expect(cookies).toMatch(/- server: `net.ipv4.tcp_syncookies` = 1/);
    // A field the model records: the handshake overflows no SYN queue, so no listener is stamped.
    const stamp = await hoverText("include/net/tcp.h", "ts_recent_stamp = now;");
    expect(stamp).toContain("`ts_recent_stamp`: on a listener, when its SYN queue last overflowed");
    expect(stamp).toContain("- not set yet in this run");
    // The Kconfig symbol the model is built with: its entry, then what the model takes of it.
    const config = await hoverText("net/ipv4/tcp_input.c", "CONFIG_SYN_COOKIES", {
      after: "static bool tcp_syn_flood_action(",
    });
    expect(config).toMatch(/^```kconfig\nconfig SYN_COOKIES\n/);
    expect(config).toContain("**Kernel Lens** · `CONFIG_SYN_COOKIES`: y in the model");
    expect(config).toMatch(/- server: `net.ipv4.tcp_syncookies` = 1/);
  });

  test("a TCP state lists the run's sockets in it", async () => {
    const listen = await hoverText("net/ipv4/tcp_input.c", "TCP_LISTEN", {
      after: "int tcp_rcv_state_process(",
    });
    expect(listen).toContain("TCP_LISTEN /* = 10 */");
    expect(listen).toMatch(/sockets in `TCP_LISTEN` in the run `handshake` at [\d.]+ ms: server:sk\d+$/);
    const synRecv = await hoverText("net/ipv4/tcp_input.c", "TCP_SYN_RECV");
    expect(synRecv).toMatch(/sockets in `TCP_SYN_RECV` .*: none$/);
  });
});

describe("custom requests", () => {
  test("listScenarios has the 9 built-ins with their parameters", async () => {
    const list = await request<{ id: string; params: { name: string; default: number }[] }[]>(
      "kernelLens/listScenarios",
      {},
    );
    expect(list.map((s) => s.id)).toEqual(
      expect.arrayContaining(["handshake", "backlog-overflow", "syn-flood"]),
    );
    expect(list.find((s) => s.id === "backlog-overflow")?.params.map((p) => p.name)).toEqual([
      "backlog",
      "clients",
    ]);
  });

  test("run backlog-overflow: the hover and CodeLens follow the new run; runChanged is sent", async () => {
    const summary = await request<RunSummary>("kernelLens/run", {
      scenario: "backlog-overflow",
      params: { backlog: 2 },
    });
    expect(summary).toMatchObject({ scenario: "backlog-overflow", params: { backlog: 2, clients: 7 } });
    await expect.poll(() => runChanges.at(-1)?.runId).toBe(summary.runId);
    const run = await request<RunResult & { runId: number }>("kernelLens/getRun", {});
    expect(run.runId).toBe(summary.runId);
    const n = runCalls(run, "tcp_conn_request").length;
    expect(n).toBeGreaterThan(3);
    const text = await hoverText("net/ipv4/tcp_input.c", "int tcp_conn_request(", { delta: 4 });
    expect(text).toContain(`${n} calls on server`);
    const lenses = await request<CodeLens[]>("textDocument/codeLens", {
      textDocument: { uri: kernelUri("net/ipv4/tcp_input.c") },
    });
    const connRequestLine = positionOf("net/ipv4/tcp_input.c", "int tcp_conn_request(").line;
    const titles = lenses.filter((l) => l.range.start.line === connRequestLine).map((l) => l.command?.title);
    // backlog 2: the accept queue holds 3; every later SYN is an overflow counted in ListenOverflows.
    const overflows = run.final.counters.server?.TcpExtListenOverflows ?? 0;
    expect(overflows).toBeGreaterThan(0);
    expect(titles).toContain(
      `Kernel Lens: ${n} calls · SYN queue +3 · ListenOverflows +${overflows} · ListenDrops +${overflows} · 3 sent`,
    );
    expect(titles).toContain("Run to here");
    // The counter the overflow increments, at the end of the run.
    const mib = await hoverText("net/ipv4/tcp_input.c", "LINUX_MIB_LISTENOVERFLOWS");
    expect(mib).toContain("LINUX_MIB_LISTENOVERFLOWS /* = 20 */");
    expect(mib).toContain(
      "`LINUX_MIB_LISTENOVERFLOWS` is the counter nstat prints as `TcpExtListenOverflows`",
    );
    expect(mib).toContain(`- server: ${overflows}`);
    // The accept queue's predicate at its call in tcp_conn_request (include/net/sock.h:824): what it answered
    // over the run and who asked, as the run's trace has it; its CodeLens in sock.h sums the answers.
    const asked = runCalls(run, "sk_acceptq_is_full");
    const full = asked.filter((e) => e.ret === "true").length;
    const fromSynRecv = asked.filter((e) => run.events[e.parent!]!.fn === "tcp_v4_syn_recv_sock").length;
    expect(full).toBe(overflows);
    const acceptq = await hoverText("net/ipv4/tcp_input.c", "sk_acceptq_is_full(sk)) {", {
      after: "int tcp_conn_request(",
    });
    expect(acceptq).toContain("modelled from Linux 4.11 `include/net/sock.h`");
    expect(acceptq).toContain(`Returned \`true\` ${full} times, \`false\` ${asked.length - full} times.`);
    expect(acceptq).toContain(
      `Called from \`tcp_conn_request\` ${asked.length - fromSynRecv} times, \`tcp_v4_syn_recv_sock\` ${fromSynRecv} times.`,
    );
    const sockLenses = await request<CodeLens[]>("textDocument/codeLens", {
      textDocument: { uri: kernelUri("include/net/sock.h") },
    });
    const predicateLine = positionOf("include/net/sock.h", "bool sk_acceptq_is_full(").line;
    expect(sockLenses.filter((l) => l.range.start.line === predicateLine).map((l) => l.command)).toEqual([
      {
        title: `Kernel Lens: ${asked.length} calls · true ×${full}, false ×${asked.length - full}`,
        command: "kernelLens.showEvent",
        arguments: [asked[0]!.id, "sk_acceptq_is_full"],
      },
      { title: "Run to here", command: "kernelLens.runToHere", arguments: ["sk_acceptq_is_full"] },
      // Its first call found room; this lens runs to the first that did not.
      {
        title: "Run to first true",
        command: "kernelLens.runToHere",
        arguments: ["sk_acceptq_is_full", "true"],
      },
    ]);
    expect(asked[0]!.ret).toBe("false");
    // Above a helper the model performs inside traced functions: the one the run calls first stands for it.
    const requestLenses = await request<CodeLens[]>("textDocument/codeLens", {
      textDocument: { uri: kernelUri("include/net/request_sock.h") },
    });
    const removedLine = positionOf("include/net/request_sock.h", "void reqsk_queue_removed(").line;
    const hashdance = runCalls(run, "inet_csk_complete_hashdance")[0]!;
    expect(hashdance.id).toBeLessThan(runCalls(run, "inet_csk_reqsk_queue_drop")[0]!.id);
    expect(requestLenses.filter((l) => l.range.start.line === removedLine).map((l) => l.command)).toEqual([
      {
        title: "Kernel Lens: performed inside inet_csk_reqsk_queue_drop, inet_csk_complete_hashdance",
        command: "kernelLens.showEvent",
        arguments: [hashdance.id, "inet_csk_complete_hashdance"],
      },
      { title: "Run to here", command: "kernelLens.runToHere", arguments: ["inet_csk_complete_hashdance"] },
    ]);
  });

  test("select a point: the hover describes the call at or before it", async () => {
    const run = await request<RunResult>("kernelLens/getRun", {});
    const second = runCalls(run, "tcp_conn_request")[1]!;
    const summary = await request<RunSummary>("kernelLens/select", { event: second.id });
    expect(summary.selectedEvent).toBe(second.id);
    const text = await hoverText("net/ipv4/tcp_input.c", "int tcp_conn_request(", { delta: 4 });
    expect(text).toMatch(/\*\*Call 2 of \d+\*\*/);
  });

  test("run to here stops at the first call and selects it; eventLocation finds its definition", async () => {
    const summary = await request<RunSummary>("kernelLens/run", {
      scenario: "handshake",
      stopAtFunction: "tcp_conn_request",
    });
    const run = await request<RunResult>("kernelLens/getRun", {});
    expect(run.events[summary.selectedEvent]?.fn).toBe("tcp_conn_request");
    expect(run.stop).toMatchObject({ reason: expect.any(String) });
    const conn = runCalls(run, "tcp_conn_request")[0]!;
    const location = await request<{ uri: string; line: number }>("kernelLens/eventLocation", {
      event: conn.id,
    });
    expect(location.uri).toBe(kernelUri("net/ipv4/tcp_input.c"));
    expect(location.line).toBe(positionOf("net/ipv4/tcp_input.c", "int tcp_conn_request(").line);
  });

  test("bad requests get errors and the server keeps answering", async () => {
    await expect(request("kernelLens/run", { scenario: "no-such-scenario" })).rejects.toThrow(
      /no-such-scenario/,
    );
    await expect(
      request("kernelLens/run", { scenario: "backlog-overflow", params: { bogus: 1 } }),
    ).rejects.toThrow(/bogus/);
    await expect(request("kernelLens/select", { event: "x" })).rejects.toThrow(/number/);
    await expect(request("kernelLens/eventLocation", { event: 1e9 })).rejects.toThrow(/no event/);
    const summary = await request<RunSummary>("kernelLens/run", { scenario: "handshake" });
    expect(summary.scenario).toBe("handshake");
  });

  test("workspace/executeCommand kernelLens.reindex indexes the tree again (unchanged files from the cache)", async () => {
    const report = await request<{ files: number; fromCache: number }>("workspace/executeCommand", {
      command: "kernelLens.reindex",
      arguments: [],
    });
    expect(report.files).toBeGreaterThan(1000);
    expect(report.fromCache).toBeGreaterThan(0);
    const text = await hoverText("net/ipv4/tcp_input.c", "int tcp_conn_request(", { delta: 4 });
    expect(text).toContain("Kernel Lens");
  }, 120_000);

  test("status notifications carry the tree's version and the indexing progress", () => {
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.at(-1)).toMatchObject({ kernelVersion: "4.11", modelledVersion: "4.11" });
    expect(statuses.at(-1)!.indexedFiles).toBe(statuses.at(-1)!.totalFiles);
  });
});

describe("a tree of another version", () => {
  test("the hover says plainly that the simulator models v4.11", async () => {
    const tree = mkdtempSync(path.join(os.tmpdir(), "kernel-lens-v5-"));
    mkdirSync(path.join(tree, "net/ipv4"), { recursive: true });
    writeFileSync(path.join(tree, "Makefile"), "VERSION = 5\nPATCHLEVEL = 4\nSUBLEVEL = 0\nEXTRAVERSION =\n");
    copyFileSync(path.join(kernelRoot, "net/ipv4/tcp_input.c"), path.join(tree, "net/ipv4/tcp_input.c"));
    const other = await startServer({}, tree);
    try {
      await other.indexed;
      const relative = "net/ipv4/tcp_input.c";
      const hover = await other.connection.sendRequest<Hover | null>("textDocument/hover", {
        textDocument: { uri: pathToFileURL(path.join(tree, relative)).href },
        position: positionOf(relative, "int tcp_conn_request(", { delta: 4 }),
      });
      const text = (hover?.contents as { value: string } | undefined)?.value ?? "";
      expect(text).toContain("This tree is Linux 5.4; the simulator models v4.11");
      expect(text).toMatch(/1 call on server/);
    } finally {
      await other.stop();
      rmSync(tree, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("scenario files", () => {
  const uri = pathToFileURL(path.join(scratch, "mine.kls.yaml")).href;
  const good = [
    "name: mine",
    "hosts:",
    "  server: { addr: 10.0.0.1, sysctls: { net.core.somaxconn: 2 } }",
    "  client: { addr: 10.0.0.2 }",
    "steps:",
    "  - { at: 0, listen: { host: server, port: 80, backlog: 8 } }",
    "  - { at: 10ms, connect: { from: client, to: server:80, count: 4, interval: 50ms } }",
    "until: 2s",
    "",
  ].join("\n");

  test("diagnostics give the line and column of the error; fixing it clears them", async () => {
    const bad = good.replace("count: 4", "count: 0");
    await server.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "kernel-lens-scenario", version: 1, text: bad },
    });
    await expect.poll(() => diagnostics.get(uri)?.diagnostics.length).toBe(1);
    const d = diagnostics.get(uri)!.diagnostics[0]!;
    expect(d.range.start).toEqual({ line: 6, character: bad.split("\n")[6]!.indexOf("0, interval") });
    expect(d.message).toMatch(/count.*integer >= 1/);
    await server.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: good }],
    });
    await expect.poll(() => diagnostics.get(uri)?.diagnostics.length).toBe(0);
  });

  test("completion offers sysctl names under sysctls and the keys of a step's action", async () => {
    const text = ["name: x", "hosts:", "  server:", "    sysctls:", "      net.ipv4.tcp_s", ""].join("\n");
    const other = pathToFileURL(path.join(scratch, "typing.kls.yaml")).href;
    await server.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: other, languageId: "kernel-lens-scenario", version: 1, text },
    });
    const items = await request<CompletionItem[]>("textDocument/completion", {
      textDocument: { uri: other },
      position: { line: 4, character: 20 },
    });
    const labels = items.map((i) => i.label);
    expect(labels).toContain("net.ipv4.tcp_syncookies");
    expect(items.find((i) => i.label === "net.core.somaxconn")?.detail).toMatch(/default 128/);
    const step = ["steps:", "  - { at: 0, listen: { ho"].join("\n");
    await server.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: other, version: 2 },
      contentChanges: [{ text: step }],
    });
    const keys = await request<CompletionItem[]>("textDocument/completion", {
      textDocument: { uri: other },
      position: { line: 1, character: 25 },
    });
    expect(keys.map((i) => i.label)).toEqual(
      expect.arrayContaining(["host", "port", "backlog", "deferAccept"]),
    );
  });

  test("a Run CodeLens at the top; the open file runs as a scenario, unsaved text included", async () => {
    const lenses = await request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    expect(lenses).toEqual([
      expect.objectContaining({
        command: expect.objectContaining({ command: "kernelLens.runScenario", arguments: [uri] }),
      }),
    ]);
    const summary = await request<RunSummary>("kernelLens/run", { scenario: uri });
    expect(summary.scenario).toBe("mine");
    const run = await request<RunResult>("kernelLens/getRun", {});
    // somaxconn 2 clamps backlog 8: the accept queue holds 3 of the 4 clients.
    expect(run.final.listeners[0]).toMatchObject({ backlog: 2 });
    expect(run.final.listeners[0]?.acceptQueue.len).toBe(3);
  });

  test("open scenario files are listed with their parameters", async () => {
    const withParams = pathToFileURL(path.join(scratch, "params.kls.yaml")).href;
    const text = good.replace("name: mine", "name: mine\nparams:\n  n: { default: 4, description: clients }");
    await server.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: withParams, languageId: "kernel-lens-scenario", version: 1, text },
    });
    const list = await request<{ id: string; params: { name: string; default: number }[] }[]>(
      "kernelLens/listScenarios",
      {},
    );
    expect(list.find((s) => s.id === withParams)?.params).toEqual([
      { name: "n", default: 4, description: "clients" },
    ]);
  });

  test("a packetdrill script runs like a scenario; its mismatch is a warning on its line", async () => {
    const pkt = pathToFileURL(path.join(scratch, "handshake.pkt")).href;
    const text = readFileSync(path.join(repoRoot, "test/packetdrill/passive-handshake.pkt"), "utf8");
    await server.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: pkt, languageId: "packetdrill", version: 1, text },
    });
    await expect.poll(() => diagnostics.get(pkt)?.diagnostics).toEqual([]);
    const lenses = await request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri: pkt } });
    expect(lenses[0]?.command?.arguments).toEqual([pkt]);
    const summary = await request<RunSummary>("kernelLens/run", { scenario: pkt });
    expect(summary.note).toMatch(/^packetdrill: .*handshake\.pkt: pass$/);
    const run = await request<RunResult>("kernelLens/getRun", {});
    expect(runCalls(run, "tcp_conn_request")).toHaveLength(1);
    // Expect the SYN-ACK a second late: the simulated stack sends it at once.
    const lines = text.split("\n");
    const synAck = lines.findIndex((l) => /> S\. /.test(l));
    expect(synAck).toBeGreaterThan(0);
    lines[synAck] = lines[synAck]!.replace(/^(\s*)\S+/, "$1+1");
    await server.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: pkt, version: 2 },
      contentChanges: [{ text: lines.join("\n") }],
    });
    await expect.poll(() => diagnostics.get(pkt)?.diagnostics.length).toBe(1);
    const d = diagnostics.get(pkt)!.diagnostics[0]!;
    expect(d.range.start.line).toBe(synAck);
    expect(d.severity).toBe(2);
    expect(d.message).toMatch(/simulated v4.11 stack disagrees: .*SYN-ACK/);
  });
});

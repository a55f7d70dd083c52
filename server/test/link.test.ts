// The simulator's side of hovers and CodeLens, on real runs of the built-in scenarios.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { CATALOG, COUNTERS, INLINED } from "@kernel-lens/simulator";
import { CurrentRun } from "../src/link/currentRun.js";
import { functionHoverMarkdown, inlinedHoverMarkdown } from "../src/link/functionHover.js";
import { mibCounterName, valueHoverMarkdown } from "../src/link/valueHover.js";
import { kernelFilesIn, kernelRoot, symbolsOfKernelFile } from "./kernelSources.js";
import { codeLensSummary } from "../src/link/codeLensSummary.js";

const noFiles = (id: string): never => {
  throw new Error(`no file ${id}`);
};

describe("current run", () => {
  test("starts with the handshake scenario, selected at its end", () => {
    const cur = new CurrentRun(noFiles);
    expect(cur.summary()).toMatchObject({ scenario: "handshake", selectedEvent: -1, runId: 1 });
  });
  test("Run to here stops at the first call and selects it", () => {
    const cur = new CurrentRun(noFiles);
    const s = cur.run({ scenario: "backlog-overflow", stopAtFunction: "tcp_v4_syn_recv_sock" });
    expect(s.stop.reason).toBe("stop-condition");
    expect(cur.result.events[s.selectedEvent]!.fn).toBe("tcp_v4_syn_recv_sock");
  });
  test("Run to first `1` stops at the first call that returned it, and selects it", () => {
    const cur = new CurrentRun(noFiles);
    const s = cur.run({
      scenario: "syn-flood",
      stopAtFunction: "inet_csk_reqsk_queue_is_full",
      stopAtReturn: "1",
    });
    expect(s.stop.reason).toBe("stop-condition");
    const selected = cur.result.events[s.selectedEvent]!;
    expect(selected).toMatchObject({ fn: "inet_csk_reqsk_queue_is_full", ret: "1" });
    // Every call before it found room (backlog 64: the 65th SYN finds the queue full).
    const before = cur.result.events.filter((e) => e.fn === selected.fn && e.id < selected.id);
    expect(before.map((e) => e.ret)).toEqual(Array<string>(64).fill("0"));
  });
  test("a bad scenario leaves the previous run current", () => {
    const cur = new CurrentRun(noFiles);
    expect(() => cur.run({ scenario: "nope.kls.yaml" })).toThrow(/no file/);
    expect(cur.summary().scenario).toBe("handshake");
  });
});

describe("hover on a modelled function", () => {
  test("tcp_conn_request in backlog-overflow shows its calls, queue effects and counters", () => {
    const cur = new CurrentRun(noFiles);
    cur.run({ scenario: "backlog-overflow" });
    const md = functionHoverMarkdown(CATALOG.get("tcp_conn_request")!, {
      run: cur.result,
      selected: cur.selectedEvent(),
      seed: 1,
    });
    expect(md).toContain("net/ipv4/tcp_input.c");
    expect(md).toMatch(/21 calls on server/);
    expect(md).toContain(
      "tcp_v4_rcv → tcp_v4_do_rcv → tcp_rcv_state_process → tcp_v4_conn_request → tcp_conn_request",
    );
    // The last call is a retransmitted SYN dropped on a full accept queue.
    expect(md).toContain("+TcpExtListenOverflows 15→16");
    expect(md).toContain("drop (accept queue full");
    expect(md).toMatch(/accept queue of server:sk1 \(sk_ack_backlog, holds 5\) \| 5 \| 5 \|/);
  });
  test("selecting an earlier point describes the call at that time", () => {
    const cur = new CurrentRun(noFiles);
    cur.run({ scenario: "backlog-overflow" });
    const first = cur.result.events.findIndex((e) => e.fn === "tcp_conn_request");
    cur.select({ event: first });
    const md = functionHoverMarkdown(CATALOG.get("tcp_conn_request")!, {
      run: cur.result,
      selected: cur.selectedEvent(),
      seed: 1,
    });
    expect(md).toContain("**Call 1 of 21**");
    expect(md).toMatch(/SYN queue of server:sk1 \(qlen \/ young, full at qlen ≥ 4\) \| 0 \/ 0 \| 1 \/ 1 \|/);
    expect(md).toContain("timer rsk_timer armed");
  });
  test("a predicate's answers over the run, and each function that asked", () => {
    const cur = new CurrentRun(noFiles);
    cur.run({ scenario: "syn-flood" });
    const hover = (fn: string) =>
      functionHoverMarkdown(CATALOG.get(fn)!, { run: cur.result, selected: cur.selectedEvent(), seed: 1 });
    // 64 SYNs fill the SYN queue (backlog 64); the 937 after them find it full and get cookies.
    const synq = hover("inet_csk_reqsk_queue_is_full");
    expect(synq).toContain("Returned `1` 937 times, `0` 64 times.");
    expect(synq).toContain("`inet_csk_reqsk_queue_is_full(sk=server:sk1 LISTEN :80 qlen=64 max=64)` = `1`");
    expect(synq).not.toContain("Called from");
    expect(codeLensSummary(cur.result, "inet_csk_reqsk_queue_is_full")).toBe("1001 calls · 1 ×937, 0 ×64");
    // Every SYN and the real client's completion found room in the accept queue: one answer, said once.
    expect(codeLensSummary(cur.result, "sk_acceptq_is_full")).toBe("1002 calls · returned false");
    // The answer the first call did not give: a link that runs to where it first came.
    expect(synq).toContain(
      `[Run to first \`1\`](command:kernelLens.runToHere?${encodeURIComponent(JSON.stringify(["inet_csk_reqsk_queue_is_full", "1"]))})`,
    );
    cur.run({ scenario: "backlog-overflow" });
    const acceptq = hover("sk_acceptq_is_full");
    expect(acceptq).toContain("Called from `tcp_conn_request` 21 times, `tcp_v4_syn_recv_sock` 5 times.");
    expect(acceptq).toContain("Returned `true` 16 times, `false` 10 times.");
    // A function whose every call returned the same says so once.
    expect(hover("tcp_conn_request")).toContain("Returned `0` every time.");
  });
  test("a function the run never called says so", () => {
    const cur = new CurrentRun(noFiles);
    const md = functionHoverMarkdown(CATALOG.get("cookie_v4_check")!, {
      run: cur.result,
      selected: cur.selectedEvent(),
      seed: 1,
    });
    expect(md).toContain("Not called in the current run");
  });
});

describe("the catalog against ../shared/linux-4.11", () => {
  test("every modelled function, and every one the model performs inside them, is defined where it says", async () => {
    const missing: string[] = [];
    const outsideSubset: string[] = [];
    const named = [
      ...[...CATALOG.values()].map((e) => ({ name: e.sourceName ?? e.name, alias: e.name, file: e.file })),
      ...[...INLINED.values()].map((f) => ({ name: f.name, alias: f.name, file: f.file })),
    ];
    for (const { name, alias, file } of named) {
      if (!existsSync(path.join(kernelRoot, file))) {
        outsideSubset.push(`${name} in ${file}`);
        continue;
      }
      const symbols = await symbolsOfKernelFile(file);
      const defined = symbols.functions.some(
        (f) => f.isDefinition && (f.name === name || f.name === alias || f.aliases?.includes(alias)),
      );
      if (!defined) missing.push(`${name} in ${file}`);
    }
    expect(missing).toEqual([]);
    // The two system calls whose files the subset leaves out.
    expect(outsideSubset).toEqual(["fcntl in fs/fcntl.c", "poll in fs/select.c"]);
    // A function is either traced or performed inside traced ones, never both.
    expect([...INLINED.keys()].filter((name) => CATALOG.has(name))).toEqual([]);
  });

  test("v4.11 calls each function the model performs inside another from that one, at most three calls deep", async () => {
    // The direct calls of every function defined where these call chains run.
    const files = [
      ...kernelFilesIn(["net/ipv4"]).filter((f) => f.endsWith(".c")),
      "net/socket.c",
      "fs/eventpoll.c",
      ...["tcp", "sock", "inet_connection_sock", "request_sock", "inet_hashtables"].map(
        (h) => `include/net/${h}.h`,
      ),
    ];
    const callees = new Map<string, Set<string>>();
    for (const file of files) {
      const symbols = await symbolsOfKernelFile(file);
      for (const call of symbols.calls) {
        const caller = symbols.functions[call.caller]?.name;
        if (caller === undefined || call.kind !== "direct") continue;
        if (!callees.has(caller)) callees.set(caller, new Set());
        callees.get(caller)!.add(call.callee);
      }
    }
    const reaches = (from: string, to: string) => {
      let level = new Set([from]);
      for (let depth = 0; depth < 3; depth++) {
        const next = new Set([...level].flatMap((fn) => [...(callees.get(fn) ?? [])]));
        if (next.has(to)) return true;
        level = next;
      }
      return false;
    };
    const unreached = [...INLINED.values()].flatMap((inlined) =>
      inlined.within
        .map((fn) => CATALOG.get(fn)!)
        .filter((entry) => !reaches(entry.sourceName ?? entry.name, inlined.name))
        .map((entry) => `${inlined.name} from ${entry.name}`),
    );
    // include/net/tcp.h: cookie_init_sequence stamps the overflow and counts SyncookiesSent before it calls
    // cookie_v4_init_sequence through the ops; the model records all three in that one call, which
    // tcp_conn_request's holds, as it holds cookie_init_sequence's in v4.11 (net/ipv4/tcp_input.c:6389).
    expect(unreached).toEqual([
      "cookie_init_sequence from cookie_v4_init_sequence",
      "tcp_synq_overflow from cookie_v4_init_sequence",
    ]);
    expect(reaches("tcp_conn_request", "cookie_init_sequence")).toBe(true);
    expect(reaches("tcp_conn_request", "tcp_synq_overflow")).toBe(true);
  });

  test("a function performed inside others says so, with what those did in the run", () => {
    const cur = new CurrentRun(noFiles);
    cur.run({ scenario: "backlog-overflow" });
    const md = inlinedHoverMarkdown(INLINED.get("reqsk_queue_removed")!, {
      run: cur.result,
      selected: cur.selectedEvent(),
      seed: 1,
    });
    expect(md).toContain(
      "modelled from Linux 4.11 `include/net/request_sock.h` inside `inet_csk_reqsk_queue_drop` and `inet_csk_complete_hashdance`",
    );
    expect(md).toContain("young-- if it never timed out, qlen--");
    // Its drops there find the request already unhashed by the child (net/ipv4/tcp_ipv4.c:1358): the
    // hashdance's own reqsk_queue_removed (net/ipv4/inet_connection_sock.c:950) takes it off the SYN queue.
    expect(md).toContain("- `inet_csk_reqsk_queue_drop`: 5 calls · [Show in run view]");
    expect(md).toContain("- `inet_csk_complete_hashdance`: 5 calls · SYN queue -5 · accept queue +5");
  });
});

describe("values and CodeLens", () => {
  test("sk_ack_backlog and sysctls show their value in the run", () => {
    const cur = new CurrentRun(noFiles);
    cur.run({ scenario: "backlog-overflow", sysctls: { "net.ipv4.tcp_syncookies": 0 } });
    const ctx = { run: cur.result, selected: cur.selectedEvent(), seed: 1 };
    expect(valueHoverMarkdown("sk_ack_backlog", ctx)).toContain(
      "server:sk1: 5 (full when > sk_max_ack_backlog = 4)",
    );
    expect(valueHoverMarkdown("sysctl_tcp_syncookies", ctx)).toContain(
      "server: `net.ipv4.tcp_syncookies` = 0",
    );
    expect(valueHoverMarkdown("not_tracked", ctx)).toBeUndefined();
  });
  test("ip_local_ports: each host's ip_local_port_range, the scenario's or v4.11's default", () => {
    const cur = new CurrentRun(noFiles);
    cur.run({ scenario: "port-exhaustion" });
    const hover = valueHoverMarkdown("ip_local_ports", {
      run: cur.result,
      selected: cur.selectedEvent(),
      seed: 1,
    });
    expect(hover).toContain("\n- server: 32768–60999\n- client: 40000–40003");
    // Set Sysctl's pair: the client's range for this run and the ones after it, in the run's summary.
    const summary = cur.run({ sysctls: { "client:net.ipv4.ip_local_port_range": "40000 40009" } });
    expect(summary.localPortRanges).toEqual({ server: [32768, 60999], client: [40000, 40009] });
    expect(cur.result.syscalls.filter((c) => c.errno === "EADDRNOTAVAIL")).toEqual([]);
    expect(cur.run({ seed: 2 }).localPortRanges.client).toEqual([40000, 40009]);
    expect(() => cur.run({ sysctls: { "net.ipv4.ip_local_port_range": "40009 40000" } })).toThrow(
      /expected two ports "LOW HIGH"/,
    );
  });
  test("sk_reuseport_cb and inet_num: each listener's SO_REUSEPORT group and the port each socket holds", () => {
    const cur = new CurrentRun(noFiles);
    cur.run({ scenario: "reuseport" });
    const at = (name: string) =>
      valueHoverMarkdown(name, { run: cur.result, selected: cur.selectedEvent(), seed: 1 });
    expect(at("sk_reuseport_cb")).toContain(
      "\n- server:sk1: group of server:sk1 (num_socks 1)\n- server:sk2: group of server:sk1 (num_socks 2)",
    );
    expect(at("inet_num")).toMatch(/\n- server:sk1: 80\n- server:sk2: 80$/);
    expect(at("sk_reuseport")).toMatch(/\n- server:sk1: 1\n- server:sk2: 1$/);
    expect(at("sk_reuse")).toContain("- not set yet in this run");
    expect(at("TCP_DELACK_MAX")).toContain("200 ms (HZ/5)");
  });
  test("a field the model records as it changes: its last value on each socket at the selected point", () => {
    const cur = new CurrentRun(noFiles);
    cur.run({ scenario: "syn-flood" });
    const at = (name: string) =>
      valueHoverMarkdown(name, { run: cur.result, selected: cur.selectedEvent(), seed: 1 });
    // The first cookie (t = 7.4 ms) stamps the listener; later ones within a second do not (tcp_synq_overflow).
    expect(at("ts_recent_stamp")).toMatch(/\n- server:sk1: 7\.4$/);
    cur.select({ event: 0 });
    expect(at("ts_recent_stamp")).toContain("- not set yet in this run");
    // connect-timeout: six SYN retransmissions, then ETIMEDOUT at 127 s (tcp_syn_retries = 6).
    cur.run({ scenario: "connect-timeout" });
    expect(at("icsk_retransmits")).toMatch(/\n- client:sk1: 6$/);
    expect(at("rskq_defer_accept")).toContain("- not set yet in this run");
    // TCP_DEFER_ACCEPT of 3 s is 2 SYN-ACK retransmits (net/ipv4/tcp.c: secs_to_retrans).
    const deferred = new CurrentRun((file) => ({
      file,
      text: [
        "name: deferred",
        "hosts: { server: { addr: 10.0.0.1 }, client: { addr: 10.0.0.2 } }",
        "steps:",
        "  - { at: 0, listen: { host: server, port: 80, backlog: 8, deferAccept: 3 } }",
        "until: 10ms",
      ].join("\n"),
    }));
    deferred.run({ scenario: "deferred.kls.yaml" });
    expect(
      valueHoverMarkdown("rskq_defer_accept", {
        run: deferred.result,
        selected: deferred.selectedEvent(),
        seed: 1,
      }),
    ).toMatch(/\n- server:sk1: 2$/);
  });
  test("CodeLens summary counts calls and what they changed", () => {
    const cur = new CurrentRun(noFiles);
    cur.run({ scenario: "backlog-overflow" });
    expect(codeLensSummary(cur.result, "tcp_conn_request")).toBe(
      "21 calls · SYN queue +5 · ListenOverflows +16 · ListenDrops +16 · 5 sent",
    );
    expect(codeLensSummary(cur.result, "cookie_v4_check")).toBe("not called in this run");
  });
});

describe("SNMP counters by the enumerator the kernel increments", () => {
  test("every counter the model keeps is an enumerator of include/uapi/linux/snmp.h", async () => {
    const snmp = await symbolsOfKernelFile("include/uapi/linux/snmp.h");
    const mapped = new Map<string, string>();
    for (const e of snmp.enums.flatMap((list) => list.enumerators)) {
      const counter = mibCounterName(e.name);
      if (counter) mapped.set(counter, e.name);
    }
    expect([...mapped.keys()].sort()).toEqual([...COUNTERS].sort());
    expect(mapped.get("TcpExtListenOverflows")).toBe("LINUX_MIB_LISTENOVERFLOWS");
    expect(mapped.get("TcpActiveOpens")).toBe("TCP_MIB_ACTIVEOPENS");
  });
});

// CLI end to end through main(); the `run`/`demo` cases need the engine (src/run.ts).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import type { RunResult } from "../src/runResult.js";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (append: (s: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        append(chunk.toString());
        cb();
      },
    });
  const code = await main(
    argv,
    sink((s) => (out += s)),
    sink((s) => (err += s)),
  );
  return { code, out, err };
}

const BUILTINS = [
  "abort-on-overflow",
  "backlog-overflow",
  "blocking-accept",
  "connect-refused",
  "connect-timeout",
  "epoll-accept",
  "handshake",
  "listener-restart",
  "lost-final-ack",
  "port-exhaustion",
  "reuseport",
  "reuseport-close",
  "syn-flood",
];

describe("kernel-lens (no engine needed)", () => {
  it("--help prints usage", async () => {
    const r = await cli("--help");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: kernel-lens <command>/);
    expect((await cli()).out).toBe(r.out);
  });

  it("scenarios lists all 13 built-ins with params and defaults", async () => {
    const r = await cli("scenarios");
    expect(r.code).toBe(0);
    for (const name of BUILTINS) expect(r.out).toContain(`  ${name} `);
    expect(r.out).toMatch(/--set clients=9 +number of clients \(default \$\{backlog \+ 5\}\)/);
    const json = JSON.parse((await cli("scenarios", "--json")).out) as { name: string }[];
    expect(json.map((b) => b.name)).toEqual(BUILTINS);
  });

  it("run nope exits 2 with one line", async () => {
    const r = await cli("run", "nope");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^kernel-lens: unknown scenario "nope" \(built-ins: abort-on-overflow, .*\)\n$/);
  });

  it("--set of ip_local_port_range takes the pair as /proc does, checked as ipv4_local_port_range does", async () => {
    // Ten ports instead of the scenario's four: each of the five connect()s to server:80 gets one.
    const r = await cli(
      "run",
      "port-exhaustion",
      "--set",
      "client:net.ipv4.ip_local_port_range=40000 40009",
      "--json",
    );
    expect(r.code).toBe(0);
    const run = JSON.parse(r.out) as RunResult;
    expect(run.localPortRanges).toEqual({ server: [32768, 60999], client: [40000, 40009] });
    expect(run.syscalls.filter((c) => c.call.startsWith("connect(")).map((c) => c.ret)).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
    const bad = await cli("run", "port-exhaustion", "--set", "net.ipv4.ip_local_port_range=80 90");
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      'kernel-lens: --set net.ipv4.ip_local_port_range: expected two ports "LOW HIGH" with 1024 <= LOW <= HIGH <= 65535, as v4.11\'s ipv4_local_port_range takes them, got "80 90"\n',
    );
  });
  it("--set bogus=1 exits 2 naming the valid keys", async () => {
    const r = await cli("run", "backlog-overflow", "--set", "bogus=1");
    expect(r.code).toBe(2);
    expect(r.err.split("\n")).toHaveLength(2);
    expect(r.err).toMatch(
      /^kernel-lens: --set bogus: unknown key \(expected a parameter \(backlog, clients\) or a sysctl/,
    );
  });

  it("bad options and values exit 2 with one line", async () => {
    for (const argv of [
      ["run", "handshake", "--bogus"],
      ["run", "handshake", "--seed", "x"],
      ["run", "handshake", "--until", "-1s"],
      ["run", "handshake", "--set", "backlog"],
      ["run"],
      ["frobnicate"],
      ["scenarios", "--seed", "1"],
    ]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err, argv.join(" ")).toMatch(/^kernel-lens: [^\n]+\n$/);
    }
  });

  it("a bad scenario file reports file:line:col", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kls-"));
    const file = join(dir, "bad.kls.yaml");
    writeFileSync(
      file,
      "name: bad\nhosts: { server: {} }\nsteps:\n  - { at: 0, listen: { host: server, port: 80, backlog: x } }\nuntil: 1s\n",
    );
    const r = await cli("run", file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`kernel-lens: ${file}:4:57: steps[0].listen.backlog: expected integer, got "x"\n`);
    const missing = await cli("run", join(dir, "missing.kls.yaml"));
    expect(missing.err).toMatch(/^kernel-lens: cannot read .*missing\.kls\.yaml: no such file\n$/);
  });

  it("a run that reaches what the model does not cover, or a step it cannot take, says so in one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kls-"));
    const write = (name: string, steps: string) => {
      const file = join(dir, name);
      writeFileSync(file, `name: t\nhosts: { server: {}, client: {} }\nsteps:\n${steps}until: 1s\n`);
      return file;
    };
    const listen = "  - { at: 0, listen: { host: server, port: 80, backlog: 4, reuseport: 2 } }\n";
    const teardown = await cli(
      "run",
      write(
        "teardown.kls.yaml",
        `${listen}  - { at: 1, connect: { from: client, to: server:80 } }\n  - { at: 50, close: { host: client, port: 80, what: clients } }\n`,
      ),
    );
    expect(teardown.code).toBe(2);
    expect(teardown.err).toMatch(
      /^kernel-lens: close\(\) of a TCP_ESTABLISHED socket \(client:sk\d+\) needs the FIN teardown, which is not modelled\n$/,
    );
    const third = await cli(
      "run",
      write("third.kls.yaml", `${listen}  - { at: 5, close: { host: server, port: 80, listener: 2 } }\n`),
    );
    expect(third.code).toBe(2);
    expect(third.err).toBe(
      "kernel-lens: close at t=5: server:80 has 2 open listener(s); listener 2 is not one\n",
    );
    const second = await cli(
      "run",
      write("second.kls.yaml", `${listen}  - { at: 5, close: { host: server, port: 80, listener: 1 } }\n`),
      "--json",
    );
    expect(second.code).toBe(0);
    const run = JSON.parse(second.out) as RunResult;
    expect(run.final.listeners.map((l) => l.id)).toEqual(["server:sk1"]);
  });
});

describe("kernel-lens run (needs the engine)", () => {
  it("run handshake --json parses and has kernel 4.11", async () => {
    const r = await cli("run", "handshake", "--json", "--seed", "7");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as RunResult;
    expect(doc.kernel).toBe("4.11");
    expect(doc.scenario).toBe("handshake");
    expect(doc.seed).toBe(7);
    expect(doc.events.length).toBeGreaterThan(0);
  });

  it("routes --set to params and sysctls", async () => {
    const r = await cli(
      "run",
      "backlog-overflow",
      "--json",
      "--set",
      "backlog=2",
      "--set",
      "server:net.ipv4.tcp_syncookies=0",
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as RunResult;
    expect(doc.params).toEqual({ backlog: 2, clients: 7 });
    expect(doc.sysctls.server?.["net.ipv4.tcp_syncookies"]).toBe(0);
    expect(doc.sysctls.client?.["net.ipv4.tcp_syncookies"]).toBe(1);
  });

  it("run handshake prints trace, sockets, counters and the prediction", async () => {
    const r = await cli("run", "handshake");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# Scenario handshake /);
    for (const s of [
      "## Trace",
      "tcp_v4_rcv()",
      "System calls",
      "## Sockets",
      "LISTEN",
      "## Counters",
      "#kernel",
      "## What the spec predicts",
    ]) {
      expect(r.out).toContain(s);
    }
  });

  it("stopping at the event cap still exits 0 and says so on stderr", async () => {
    const r = await cli("run", "syn-flood", "--max-events", "50", "--no-trace");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^kernel-lens: .*event cap/);
  });

  it("--stop-at FN=VALUE ends the run at the first call that returned VALUE", async () => {
    const r = await cli("run", "syn-flood", "--stop-at", "inet_csk_reqsk_queue_is_full=1", "--json");
    expect(r.code).toBe(0);
    const run = JSON.parse(r.out) as RunResult;
    expect(run.stop.reason).toBe("stop-condition");
    const asked = run.events.filter((e) => e.fn === "inet_csk_reqsk_queue_is_full");
    // The 65th SYN finds the SYN queue (backlog 64) full; the run ends with that call's SYN.
    expect(asked.map((e) => e.ret)).toEqual([...Array<string>(64).fill("0"), "1"]);
    const text = await cli("run", "syn-flood", "--stop-at", "inet_csk_reqsk_queue_is_full=1", "--no-trace");
    expect(text.out).toContain(
      "stop condition met (the first call of inet_csk_reqsk_queue_is_full() returning 1)",
    );
    // A value it never returns: the run goes to its end, and stderr says so.
    const never = await cli("run", "handshake", "--stop-at", "sk_acceptq_is_full=true", "--no-trace");
    expect(never.code).toBe(0);
    expect(never.err).toBe(
      "kernel-lens: --stop-at: no call of sk_acceptq_is_full() returning true in handshake; the run went on\n",
    );
    const unknown = await cli("run", "handshake", "--stop-at", "tcp_fin");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--stop-at: "tcp_fin" is not a function the model traces');
  });
  it("demo explains and shows the handshake", async () => {
    const r = await cli("demo");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Kernel Lens demo/);
    expect(r.out).toContain("tcp_conn_request()");
  });
});

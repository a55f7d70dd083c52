import { describe, expect, it } from "vitest";
import { builtinNames, listBuiltins, loadBuiltin } from "../src/scenario/builtins.js";
import { parseDuration } from "../src/scenario/durations.js";
import { evaluate, substitute } from "../src/scenario/params.js";
import {
  applyOverrides,
  listParams,
  parseScenario,
  ScenarioError,
  UsageError,
} from "../src/scenario/parse.js";

/** Parses and returns the ScenarioError it must throw. */
function fail(text: string, overrides?: Record<string, number>): ScenarioError {
  try {
    parseScenario(text, "bad.kls.yaml", overrides);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error("expected a ScenarioError");
}

// Lines are numbered from 1 in the file below; tests that break it point at these.
const BASE = `name: t
hosts:
  server: { addr: 10.0.0.1 }
  client: {}
steps:
  - { at: 0, listen: { host: server, port: 80, backlog: 4 } }
  - at: 10ms
    connect:
      from: client
      to: server:80
until: 1s
`;

describe("built-in scenarios", () => {
  it("has the nine §9 scenarios and the ones beyond them", () => {
    expect(builtinNames()).toEqual([
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
    ]);
  });

  it.each(builtinNames())("%s parses, is named after its file and says what to expect", (name) => {
    const s = loadBuiltin(name);
    expect(s.name).toBe(name);
    expect(s.description).not.toBe("");
    expect(s.expect?.length).toBeGreaterThan(50);
    expect(s.hosts.map((h) => [h.name, h.addr])).toEqual([
      ["server", "10.0.0.1"],
      ["client", "10.0.0.2"],
    ]);
    expect(s.link.delay).toBe(1);
    expect(s.until).toBeGreaterThan(0);
  });

  it("lists params with evaluated defaults and their expressions", () => {
    const b = listBuiltins().find((x) => x.name === "backlog-overflow");
    expect(b?.params).toEqual([
      { name: "backlog", default: 4, description: "listen() backlog" },
      { name: "clients", default: 9, description: "number of clients", expr: "${backlog + 5}" },
    ]);
  });

  it("backlog-overflow: overrides flow into dependent defaults", () => {
    const s = loadBuiltin("backlog-overflow", { backlog: 10 });
    expect(s.params.map((p) => [p.name, p.default, p.value])).toEqual([
      ["backlog", 4, 10],
      ["clients", 15, 15],
    ]);
    expect(s.steps).toEqual([
      { kind: "listen", at: 0, host: "server", port: 80, backlog: 10 },
      {
        kind: "connect",
        at: 10,
        from: "client",
        to: "server",
        port: 80,
        count: 15,
        interval: 50,
        nonblocking: true,
        sndtimeo: 0,
        keepalive: false,
      },
    ]);
    expect(s.until).toBe(10_000);
  });

  it("syn-flood keeps fractional intervals; epoll-accept maps edge from a param", () => {
    const flood = loadBuiltin("syn-flood").steps.find((s) => s.kind === "flood");
    expect(flood).toEqual({ kind: "flood", at: 0, to: "server", port: 80, syns: 1000, interval: 0.1 });
    const ep = loadBuiltin("epoll-accept", { edge: 1 }).steps.find((s) => s.kind === "epoll");
    expect(ep).toMatchObject({
      edgeTriggered: true,
      exclusive: false,
      acceptPerWakeup: 1,
      instances: 2,
      waits: 3,
      timeout: -1,
    });
    expect(loadBuiltin("epoll-accept").steps.find((s) => s.kind === "epoll")).toMatchObject({
      edgeTriggered: false,
      exclusive: false,
    });
  });

  it("link rules and host sysctls", () => {
    expect(loadBuiltin("lost-final-ack").link.rules).toEqual([
      { action: "drop", flags: "ACK", from: "client", nth: 1 },
    ]);
    expect(loadBuiltin("abort-on-overflow").hosts[0]?.sysctls).toEqual({
      "net.ipv4.tcp_abort_on_overflow": 1,
    });
  });
});

describe("defaults and conversions", () => {
  it("fills documented defaults and sorts steps stably by time", () => {
    const s = parseScenario(
      `name: d
hosts: { a: null, b: {} }
steps:
  - { at: 5s, accept: { host: a, port: 80 } }
  - { at: 1s, epoll: { host: a, port: 80 } }
  - { at: 1s, close: { host: a, port: 80 } }
  - { at: 0, sysctl: { host: b, name: net.ipv4.tcp_syncookies, value: 0 } }
until: 2m
`,
      "d.kls.yaml",
    );
    expect(s.hosts).toEqual([
      { name: "a", addr: "10.0.0.1", sysctls: {} },
      { name: "b", addr: "10.0.0.2", sysctls: {} },
    ]);
    expect(s.link).toEqual({ delay: 1, rules: [] });
    expect(s.params).toEqual([]);
    expect(s.until).toBe(120_000);
    expect(s.steps).toEqual([
      { kind: "sysctl", at: 0, host: "b", name: "net.ipv4.tcp_syncookies", value: 0 },
      {
        kind: "epoll",
        at: 1000,
        host: "a",
        port: 80,
        instances: 1,
        edgeTriggered: false,
        exclusive: false,
        acceptPerWakeup: 1,
        waits: 1,
        timeout: -1,
      },
      { kind: "close", at: 1000, host: "a", port: 80, what: "listener" },
      { kind: "accept", at: 5000, host: "a", port: 80, tasks: 1, count: 1, nonblocking: false, rcvtimeo: 0 },
    ]);
    expect(s.expect).toBeUndefined();
  });

  it("durations", () => {
    expect(parseDuration(40)).toBe(40);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("1.5s")).toBe(1500);
    expect(parseDuration("2m")).toBe(120_000);
    expect(parseDuration("0.3ms")).toBe(0.3);
    expect(parseDuration("5 parsecs")).toBeUndefined();
  });

  it("delay rules", () => {
    const s = parseScenario(
      BASE.replace(
        "steps:",
        "link:\n  rules:\n    - { delay: SYN-ACK, by: 500ms, count: 1, after: 1s, before: 2s }\nsteps:",
      ),
      "x",
    );
    expect(s.link.rules).toEqual([
      { action: "delay", flags: "SYN-ACK", by: 500, count: 1, after: 1000, before: 2000 },
    ]);
  });
});

describe("parameters", () => {
  it("evaluates + - * / and parentheses without eval", () => {
    const vars = new Map([
      ["a", 4],
      ["b", 3],
    ]);
    expect(evaluate("a + 5", vars)).toBe(9);
    expect(evaluate("(a + b) * 2 - -1", vars)).toBe(15);
    expect(evaluate("a * b / 5", vars)).toBe(2); // C-like truncation for integers
    expect(evaluate("-7 / 2", vars)).toBe(-3);
    expect(() => evaluate("a +", vars)).toThrow("unexpected end");
    expect(() => evaluate("a / (b - 3)", vars)).toThrow("division by zero");
    expect(() => evaluate("process.exit()", vars)).toThrow();
    expect(substitute("${a}", vars)).toBe(4);
    expect(substitute("${a * 100}ms", vars)).toBe("400ms");
  });

  it("substitutes everywhere, including durations and negative backlogs", () => {
    const s = parseScenario(
      `name: p
params:
  n: { default: 2 }
  gap: { default: "\${n * 100}" }
  b: { default: -1 }
hosts: { server: {}, client: {} }
steps:
  - { at: 0, listen: { host: server, port: 80, backlog: "\${b}" } }
  - { at: "\${gap}ms", connect: { from: client, to: server:80, count: "\${n + 1}", interval: "\${gap}" } }
until: "\${gap * 10}"
`,
      "p.kls.yaml",
      { n: 3 },
    );
    expect(s.params.map((p) => p.value)).toEqual([3, 300, -1]);
    expect(s.steps[0]).toMatchObject({ backlog: -1 });
    expect(s.steps[1]).toMatchObject({ at: 300, count: 4, interval: 300 });
    expect(s.until).toBe(3000);
  });

  it("listParams", () => {
    expect(listParams(BASE, "x")).toEqual([]);
  });

  it("unknown override names are errors listing the known ones", () => {
    const e = fail(BASE, { bogus: 1 });
    expect(e.detail).toBe('unknown parameter "bogus" (this scenario has no parameters)');
  });

  it("an unknown name inside ${} points at that value", () => {
    const e = fail(`name: p
params:
  backlog: { default: 4 }
hosts: { server: {} }
steps:
  - { at: 0, listen: { host: server, port: 80, backlog: "\${backlg + 1}" } }
until: 1s
`);
    expect([e.line, e.column]).toEqual([6, 57]);
    expect(e.message).toBe(
      'bad.kls.yaml:6:57: steps[0].listen.backlog: in "${backlg + 1}": unknown parameter "backlg" (known: backlog)',
    );
  });
});

describe("net.ipv4.ip_local_port_range, the one sysctl a scenario sets to a pair", () => {
  const withRange = (range: string) =>
    BASE.replace("  client: {}", `  client: { sysctls: { net.ipv4.ip_local_port_range: ${range} } }`);
  it("is read as the host's two ports and kept apart from the integer sysctls", () => {
    const s = parseScenario(withRange('"40000  40003"'), "t.kls.yaml");
    const client = s.hosts.find((h) => h.name === "client")!;
    expect(client.localPortRange).toEqual([40000, 40003]);
    expect(client.sysctls).toEqual({});
    expect(s.hosts.find((h) => h.name === "server")!.localPortRange).toBeUndefined();
  });
  it("net/ipv4/sysctl_net_ipv4.c:88, :76: refuses a high end below the low one, a low one below 1024, a port above 65535", () => {
    for (const range of ['"40003 40000"', '"80 1000"', '"40000 70000"']) {
      const e = fail(withRange(range));
      expect([e.line, e.path]).toEqual([4, 'hosts.client.sysctls["net.ipv4.ip_local_port_range"]']);
      expect(e.detail).toMatch(/^expected two ports "LOW HIGH" with 1024 <= LOW <= HIGH <= 65535/);
    }
    expect(fail(withRange('"40000"')).detail).toMatch(/two ports, the lowest and the highest/);
  });
  const withStep = (name: string, value: string) =>
    BASE.replace(
      "until: 1s",
      `  - { at: 5ms, sysctl: { host: client, name: ${name}, value: ${value} } }\nuntil: 1s`,
    );
  it("a sysctl step writes it mid-run, checked the same way, with the value's line and column", () => {
    const s = parseScenario(withStep("net.ipv4.ip_local_port_range", '"50000 50001"'), "t.kls.yaml");
    expect(s.steps.find((x) => x.kind === "sysctl")).toEqual({
      kind: "sysctl",
      at: 5,
      host: "client",
      name: "net.ipv4.ip_local_port_range",
      value: [50000, 50001],
    });
    const e = fail(withStep("net.ipv4.ip_local_port_range", '"50001 50000"'));
    expect(e.message).toMatch(
      /^bad\.kls\.yaml:11:83: steps\[2\]\.sysctl\.value: expected two ports "LOW HIGH"/,
    );
    expect(fail(withStep("net.ipv4.ip_local_port_range", "5")).detail).toMatch(/^expected two ports/);
    expect(fail(withStep("net.core.somaxconn", '"8 9"')).detail).toBe(
      'expected an integer for net.core.somaxconn, got "8 9"',
    );
  });
});

describe("errors carry file:line:column and say what was expected", () => {
  it("YAML syntax error", () => {
    const e = fail("name: t\nhosts: { server: {}\nsteps: []\n");
    expect(e.message).toMatch(/^bad\.kls\.yaml:\d+:\d+: YAML syntax error: /);
    expect([e.line, e.column]).toEqual([3, 1]);
  });

  it("unknown key lists the expected ones", () => {
    const e = fail(BASE.replace("backlog: 4", "bakclog: 4"));
    expect(e.message).toBe(
      'bad.kls.yaml:6:48: steps[0].listen: unknown key "bakclog" (expected one of: host, port, backlog, deferAccept, reuseport, reuseaddr)',
    );
  });

  it("wrong type", () => {
    const e = fail(BASE.replace("      to: server:80", "      to: server:80\n      count: abc"));
    expect(e.message).toBe('bad.kls.yaml:11:14: steps[1].connect.count: expected integer >= 1, got "abc"');
  });

  it("count below 1 and port out of range", () => {
    expect(fail(BASE.replace("      to: server:80", "      to: server:80\n      count: 0")).detail).toBe(
      "expected integer >= 1, got 0",
    );
    const e = fail(BASE.replace("port: 80", "port: 70000"));
    expect([e.line, e.column, e.detail]).toEqual([6, 44, "expected port 1..65535, got 70000"]);
  });

  it("negative time", () => {
    const e = fail(BASE.replace("  - at: 10ms", "  - at: -10ms"));
    expect([e.line, e.column, e.path]).toEqual([7, 9, "steps[1].at"]);
    expect(e.detail).toMatch(/^expected duration >= 0 .*, got "-10ms"$/);
    expect(fail(BASE.replace("{ at: 0,", "{ at: -1,")).message).toMatch(
      /^bad\.kls\.yaml:6:11: steps\[0\]\.at: expected duration >= 0/,
    );
  });

  it("unknown host", () => {
    const e = fail(BASE.replace("from: client", "from: clinet"));
    expect(e.message).toBe(
      'bad.kls.yaml:9:13: steps[1].connect.from: unknown host "clinet" (hosts: server, client)',
    );
    const r = fail(BASE.replace("steps:", "link:\n  rules:\n    - { drop: ACK, to: nobody }\nsteps:"));
    expect([r.line, r.column, r.path]).toEqual([7, 24, "link.rules[0].to"]);
  });

  it("missing until", () => {
    const e = fail(BASE.replace("until: 1s\n", ""));
    expect([e.line, e.column]).toEqual([1, 1]);
    expect(e.detail).toBe(
      'missing required key "until" (a run with no end is an error: add e.g. until: 10s)',
    );
    const z = fail(BASE.replace("until: 1s", "until: 0"));
    expect([z.line, z.column, z.path]).toEqual([11, 8, "until"]);
  });

  it("bad `to`", () => {
    const e = fail(BASE.replace("to: server:80", "to: server"));
    expect(e.message).toBe(
      'bad.kls.yaml:10:11: steps[1].connect.to: expected HOST:PORT, e.g. "server:80", got "server"',
    );
    const p = fail(BASE.replace("to: server:80", "to: server:0"));
    expect([p.line, p.column, p.detail]).toEqual([10, 11, 'expected port 1..65535 in "server:0"']);
  });

  it("exactly one action per step", () => {
    const e = fail(BASE.replace("{ at: 0, listen:", "{ at: 0, close: { host: server, port: 80 }, listen:"));
    expect([e.line, e.column]).toEqual([6, 5]);
    expect(e.detail).toMatch(/^expected exactly one action \(.*\), got listen and close$/);
    expect(
      fail(BASE.replace("{ at: 0, listen: { host: server, port: 80, backlog: 4 } }", "{ at: 0 }")).detail,
    ).toMatch(/got none$/);
  });

  it("rule `by` only with delay", () => {
    const e = fail(BASE.replace("steps:", "link:\n  rules:\n    - { drop: ACK, by: 5ms }\nsteps:"));
    expect([e.line, e.column, e.detail]).toEqual([7, 20, '"by" is only valid with delay']);
  });

  it("missing required key and bad sysctl name", () => {
    const e = fail(BASE.replace(", backlog: 4", ""));
    expect([e.line, e.column, e.detail]).toEqual([6, 22, 'missing required key "backlog"']);
    const s = fail(
      BASE.replace("server: { addr: 10.0.0.1 }", "server: { sysctls: { net.core.somaxcon: 8 } }"),
    );
    expect([s.line, s.column]).toEqual([3, 24]);
    expect(s.detail).toMatch(/^unknown key "net\.core\.somaxcon" \(expected one of: net\.core\.somaxconn, /);
  });

  it("a document that is not a mapping", () => {
    expect(fail("- 1\n").message).toMatch(/^bad\.kls\.yaml:1:1: expected a scenario mapping/);
    expect(fail("").line).toBe(1);
  });
});

describe("applyOverrides", () => {
  const s = parseScenario(BASE, "x");
  it("sets a sysctl on every host or one host, without touching the input", () => {
    const all = applyOverrides(s, [{ key: "net.core.somaxconn", value: 8 }]);
    expect(all.hosts.map((h) => h.sysctls)).toEqual([
      { "net.core.somaxconn": 8 },
      { "net.core.somaxconn": 8 },
    ]);
    const one = applyOverrides(s, [{ key: "server:net.ipv4.tcp_syncookies", value: 0 }]);
    expect(one.hosts.map((h) => h.sysctls)).toEqual([{ "net.ipv4.tcp_syncookies": 0 }, {}]);
    expect(s.hosts[0]?.sysctls).toEqual({});
  });
  it("rejects unknown keys and hosts", () => {
    expect(() => applyOverrides(s, [{ key: "bogus", value: 1 }])).toThrow(UsageError);
    expect(() => applyOverrides(s, [{ key: "bogus", value: 1 }])).toThrow(
      /unknown key .*net\.core\.somaxconn/,
    );
    expect(() => applyOverrides(s, [{ key: "nohost:net.core.somaxconn", value: 1 }])).toThrow(
      /unknown host "nohost"/,
    );
  });
});

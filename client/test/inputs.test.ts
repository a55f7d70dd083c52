// What the commands ask for and compute, without VS Code.
import { describe, expect, it } from "vitest";
import type { RunSummary, ScenarioInfo } from "../../server/src/protocol.js";
import {
  currentSysctl,
  identifierAt,
  parseInteger,
  parseSysctlSetting,
  scenarioChoices,
  stepTarget,
  sysctlChoices,
  sysctlValue,
  validateSysctl,
  validateInteger,
} from "../src/inputs.js";

const summary = (selectedEvent: number, eventCount = 10): RunSummary => ({
  runId: 1,
  scenario: "handshake",
  params: {},
  sysctls: { server: { "net.core.somaxconn": 8 }, client: { "net.core.somaxconn": 128 } },
  localPortRanges: { server: [32768, 60999], client: [40000, 40003] },
  seed: 1,
  eventCount,
  stop: { reason: "idle", t: 13 },
  selectedEvent,
  selectedTime: 0,
});

describe("inputs", () => {
  it("step targets: -1 is the last event; steps stop at the ends", () => {
    expect(stepTarget(summary(-1), "forward")).toBe(9);
    expect(stepTarget(summary(-1), "back")).toBe(8);
    expect(stepTarget(summary(0), "back")).toBe(0);
    expect(stepTarget(summary(4), "forward")).toBe(5);
    expect(stepTarget(summary(4), "start")).toBe(0);
    expect(stepTarget(summary(4), "end")).toBe(9);
  });

  it("scenario choices: built-ins, then workspace files, unlisted files added", () => {
    const listed: ScenarioInfo[] = [
      {
        id: "backlog-overflow",
        name: "backlog-overflow",
        description: "nobody accepts",
        params: [
          { name: "backlog", default: 4, description: "listen() backlog" },
          { name: "clients", default: 9, description: "number of clients" },
        ],
        source: "builtin",
      },
      { id: "file:///w/a.kls.yaml", name: "a", description: "", params: [], source: "workspace" },
    ];
    const choices = scenarioChoices(listed, [
      { uri: "file:///w/a.kls.yaml", relativePath: "a.kls.yaml" },
      { uri: "file:///w/sub/b.kls.yaml", relativePath: "sub/b.kls.yaml" },
    ]);
    expect(choices.map((c) => ("separator" in c ? `--${c.separator}` : c.label))).toEqual([
      "--Built-in",
      "backlog-overflow",
      "--Workspace",
      "a",
      "b",
    ]);
    const builtin = choices[1]!;
    expect("separator" in builtin ? "" : builtin.description).toBe("backlog=4 clients=9");
    const b = choices[4]!;
    expect("separator" in b ? undefined : b.value.id).toBe("file:///w/sub/b.kls.yaml");
  });

  it("integers only, with bounds", () => {
    expect(parseInteger(" 42 ")).toBe(42);
    expect(parseInteger("4.5")).toBeUndefined();
    expect(parseInteger("")).toBeUndefined();
    expect(validateInteger("x")).toBe("Enter an integer");
    expect(validateInteger("3", 0, 2)).toBe("At most 2");
    expect(validateInteger("-1", 0, 2)).toBe("At least 0");
    expect(validateInteger("2", 0, 2)).toBeUndefined();
  });

  it("sysctls: every modelled one offered with its current value per host", () => {
    const choices = sysctlChoices(summary(0));
    const somaxconn = choices.find((c) => c.label === "net.core.somaxconn")!;
    expect(somaxconn.description).toBe("server=8 client=128");
    expect(currentSysctl(summary(0), somaxconn.value)).toBe("8");
    expect(validateSysctl("70000", somaxconn.value)).toBe("At most 65535");
    expect(sysctlValue(" 16 ", somaxconn.value)).toBe(16);
    const cookies = choices.find((c) => c.label === "net.ipv4.tcp_syncookies")!;
    expect(cookies.description).toBe("default 1");
    expect(currentSysctl(undefined, cookies.value)).toBe("1");
    expect(parseSysctlSetting({ a: 1, b: "2", c: 1.5, "server:d": 3 })).toEqual({ a: 1, "server:d": 3 });
    expect(parseSysctlSetting(null)).toEqual({});
  });

  it("sysctls: ip_local_port_range, a pair of ports, offered and checked as ipv4_local_port_range does", () => {
    const range = sysctlChoices(summary(0)).find((c) => c.label === "net.ipv4.ip_local_port_range")!;
    expect(range.description).toBe("server=32768–60999 client=40000–40003");
    expect(currentSysctl(summary(0), range.value)).toBe("32768 60999");
    expect(currentSysctl(undefined, range.value)).toBe("32768 60999");
    expect(validateSysctl("40000 40003", range.value)).toBeUndefined();
    expect(validateSysctl("40003 40000", range.value)).toMatch(/^Enter two ports "LOW HIGH"/);
    expect(validateSysctl("40000", range.value)).toMatch(/^Enter two ports/);
    expect(sysctlValue("  40000   40003 ", range.value)).toBe("40000 40003");
    expect(
      parseSysctlSetting({
        "net.ipv4.ip_local_port_range": "40000 40003",
        "server:net.ipv4.ip_local_port_range": "1 2",
        "net.core.somaxconn": "8",
      }),
    ).toEqual({ "net.ipv4.ip_local_port_range": "40000 40003" });
  });

  it("the identifier under the cursor", () => {
    const line = "int tcp_conn_request(struct request_sock_ops *rsk_ops,";
    expect(identifierAt(line, 6)).toBe("tcp_conn_request");
    expect(identifierAt(line, 20)).toBe("tcp_conn_request");
    expect(identifierAt(line, 3)).toBe("int");
    expect(identifierAt("  (  ", 2)).toBeUndefined();
  });
});

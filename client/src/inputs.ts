// What the commands ask the user for, without the UI: quick-pick entries for scenarios and sysctls, value
// parsing and validation, and step targets. Pure (no vscode import) so it is tested directly.
import type { RunSummary, ScenarioInfo } from "../../server/src/protocol.js";
import {
  LOCAL_PORT_RANGE_RULE,
  parseLocalPortRange,
  SYSCTLS,
  type SysctlInfo,
} from "../../simulator/src/kernel/sysctls.js";
import { LOCAL_PORT_RANGE } from "../../simulator/src/kernel/constants.js";
import { LOCAL_PORT_RANGE_SYSCTL, setsLocalPortRange } from "../../simulator/src/scenario/schema.js";

export interface Choice<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export type ChoiceOrSeparator<T> = Choice<T> | { separator: string };

/** Scenario files and packetdrill scripts: both run like built-in scenarios. */
export const SCENARIO_GLOB = "**/*.{kls.yaml,pkt}";

/** Built-ins first, then workspace files; files found in the workspace but not listed by the server are added. */
export function scenarioChoices(
  listed: readonly ScenarioInfo[],
  workspaceFiles: readonly { uri: string; relativePath: string }[],
): ChoiceOrSeparator<ScenarioInfo>[] {
  const builtins = listed.filter((s) => s.source === "builtin");
  const workspace = listed.filter((s) => s.source === "workspace");
  const known = new Set(workspace.map((s) => s.id));
  for (const f of workspaceFiles) {
    if (known.has(f.uri)) continue;
    const name = f.relativePath
      .split("/")
      .pop()!
      .replace(/\.kls\.yaml$/, "");
    workspace.push({ id: f.uri, name, description: "", params: [], source: "workspace" });
  }
  const relative = new Map(workspaceFiles.map((f) => [f.uri, f.relativePath]));
  const choice = (s: ScenarioInfo): Choice<ScenarioInfo> => ({
    label: s.name,
    description: [
      s.source === "workspace" ? (relative.get(s.id) ?? s.id) : "",
      s.params.map((p) => `${p.name}=${p.default}`).join(" "),
    ]
      .filter(Boolean)
      .join("  "),
    detail: s.description || undefined,
    value: s,
  });
  const out: ChoiceOrSeparator<ScenarioInfo>[] = [];
  if (builtins.length) out.push({ separator: "Built-in" }, ...builtins.map(choice));
  if (workspace.length) out.push({ separator: "Workspace" }, ...workspace.sort(byLabel).map(choice));
  return out;
}

function byLabel(a: ScenarioInfo, b: ScenarioInfo): number {
  return a.name.localeCompare(b.name);
}

/** An integer (scenario parameters and sysctls are integers in the model). */
export function parseInteger(text: string): number | undefined {
  const t = text.trim();
  return /^[+-]?\d+$/.test(t) ? Number(t) : undefined;
}

/** Input box validation: undefined when valid, else the message. */
export function validateInteger(text: string, min?: number, max?: number): string | undefined {
  const n = parseInteger(text);
  if (n === undefined) return "Enter an integer";
  if (min !== undefined && n < min) return `At least ${min}`;
  if (max !== undefined && n > max) return `At most ${max}`;
  return undefined;
}

/** The Set Sysctl entry of net.ipv4.ip_local_port_range, whose value is a pair ("LOW HIGH"), not an integer. */
export const PORT_RANGE_SYSCTL = {
  name: LOCAL_PORT_RANGE_SYSCTL,
  default: LOCAL_PORT_RANGE.join(" "),
  source: "net/ipv4/af_inet.c: inet_init_net",
} as const;

export type SysctlEntry = SysctlInfo | typeof PORT_RANGE_SYSCTL;

/** Sysctls with their current value on each host of the run. */
export function sysctlChoices(summary: RunSummary | undefined): Choice<SysctlEntry>[] {
  const integers = SYSCTLS.map((info) => {
    const values = Object.entries(summary?.sysctls ?? {})
      .map(([host, table]) => (table[info.name] !== undefined ? `${host}=${table[info.name]}` : ""))
      .filter(Boolean);
    return {
      label: info.name,
      description: values.join(" ") || `default ${info.default}`,
      detail: `default ${info.default} · ${info.min}–${info.max} · ${info.source}`,
      value: info as SysctlEntry,
    };
  });
  const ranges = Object.entries(summary?.localPortRanges ?? {}).map(
    ([host, [low, high]]) => `${host}=${low}–${high}`,
  );
  const range = PORT_RANGE_SYSCTL;
  return [
    ...integers,
    {
      label: range.name,
      description: ranges.join(" ") || `default ${range.default}`,
      detail: `default "${range.default}" · two ports "LOW HIGH", 1024 ≤ LOW ≤ HIGH ≤ 65535 · ${range.source}`,
      value: range,
    },
  ];
}

/** The value to prefill: the first host's current value, else the v4.11 default. */
export function currentSysctl(summary: RunSummary | undefined, info: SysctlEntry): string {
  if (info.name === LOCAL_PORT_RANGE_SYSCTL) {
    const first = Object.values(summary?.localPortRanges ?? {})[0];
    return first ? first.join(" ") : info.default;
  }
  for (const table of Object.values(summary?.sysctls ?? {})) {
    const v = table[info.name];
    if (v !== undefined) return String(v);
  }
  return String(info.default);
}

/** Input box validation of a sysctl's value: undefined when valid, else the message. */
export function validateSysctl(text: string, info: SysctlEntry): string | undefined {
  if (info.name !== LOCAL_PORT_RANGE_SYSCTL) return validateInteger(text, info.min, info.max);
  return parseLocalPortRange(text) ? undefined : `Enter ${LOCAL_PORT_RANGE_RULE}`;
}

/** A validated input as the server takes it: an integer, or the range's "LOW HIGH". */
export function sysctlValue(text: string, info: SysctlEntry): number | string {
  return info.name === LOCAL_PORT_RANGE_SYSCTL ? text.trim().split(/\s+/).join(" ") : parseInteger(text)!;
}

/** kernelLens.sysctls: keep integer values ("net.x": 1, "server:net.x": 2) and a valid port range
 * ("net.ipv4.ip_local_port_range": "40000 40003"). */
export function parseSysctlSetting(value: unknown): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  if (!value || typeof value !== "object") return out;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "number" && Number.isInteger(v)) out[k] = v;
    else if (setsLocalPortRange(k) && typeof v === "string" && parseLocalPortRange(v)) out[k] = v;
  }
  return out;
}

export type StepAction = "forward" | "back" | "start" | "end";

/** The event a step command selects, from the server's summary (selectedEvent -1 is the last event). */
export function stepTarget(summary: RunSummary, action: StepAction): number {
  const last = summary.eventCount - 1;
  const current = summary.selectedEvent < 0 ? last : summary.selectedEvent;
  switch (action) {
    case "forward":
      return Math.min(last, current + 1);
    case "back":
      return Math.max(0, current - 1);
    case "start":
      return 0;
    case "end":
      return last;
  }
}

/** The C identifier at `offset` in `line` (the function name "Run to Here" stops at). */
export function identifierAt(line: string, offset: number): string | undefined {
  const re = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (offset >= m.index && offset <= m.index + m[0].length) return m[0];
  }
  return undefined;
}

// What the commands ask the user for, without the UI: quick-pick entries for scenarios and sysctls, value
// parsing and validation, and step targets. Pure (no vscode import) so it is tested directly.
import type { RunSummary, ScenarioInfo } from "../../server/src/protocol.js";
import { SYSCTLS, type SysctlInfo } from "../../simulator/src/kernel/sysctls.js";

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

/** Sysctls with their current value on each host of the run. */
export function sysctlChoices(summary: RunSummary | undefined): Choice<SysctlInfo>[] {
  return SYSCTLS.map((info) => {
    const values = Object.entries(summary?.sysctls ?? {})
      .map(([host, table]) => (table[info.name] !== undefined ? `${host}=${table[info.name]}` : ""))
      .filter(Boolean);
    return {
      label: info.name,
      description: values.join(" ") || `default ${info.default}`,
      detail: `default ${info.default} · ${info.min}–${info.max} · ${info.source}`,
      value: info,
    };
  });
}

/** The value to prefill: the first host's current value, else the v4.11 default. */
export function currentSysctl(summary: RunSummary | undefined, info: SysctlInfo): number {
  for (const table of Object.values(summary?.sysctls ?? {})) {
    const v = table[info.name];
    if (v !== undefined) return v;
  }
  return info.default;
}

/** kernelLens.sysctls: keep integer values only ("net.x": 1, "server:net.x": 2). */
export function parseSysctlSetting(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!value || typeof value !== "object") return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === "number" && Number.isInteger(v)) out[k] = v;
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

// Scenario loading: YAML → params → `${…}` substitution → JSON Schema (ajv) → semantic checks → Scenario.
// Every error is reported at the file position of the offending node, found again from ajv's instancePath.

import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { isDurationString, parseDuration } from "./durations.js";
import { ScenarioError, UsageError } from "./errors.js";
import { ExprError, substitute } from "./params.js";
import { LOCAL_PORT_RANGE_RULE, parseLocalPortRange } from "../kernel/sysctls.js";
import {
  ACTION_KEYS,
  LOCAL_PORT_RANGE_SYSCTL,
  paramsSchema,
  scenarioSchema,
  SYSCTL_NAMES,
  type ActionKey,
} from "./schema.js";
import type {
  FlagMatch,
  HostSpec,
  LinkRule,
  Override,
  ParamSpec,
  Scenario,
  Step,
  SysctlName,
  Sysctls,
} from "./types.js";

export { ScenarioError, UsageError } from "./errors.js";

type PathSeg = string | number;
type Path = readonly PathSeg[];

// Unoptimised code: compiling the scenario schema takes ≈ 30 ms instead of ≈ 85 ms (it is compiled at the
// first scenario of every process, the language server's first hover among them); validating one small
// document stays well under a millisecond either way.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, code: { optimize: false } });
ajv.addFormat("duration", { type: "string", validate: (s: string) => (parseDuration(s) ?? -1) >= 0 });
ajv.addFormat("timeout", {
  type: "string",
  validate: (s: string) => isDurationString(s) && (parseDuration(s) ?? -1) >= 0,
});
ajv.addFormat("ipv4", {
  type: "string",
  validate: (s: string) =>
    /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split(".").every((o) => Number(o) <= 255),
});
let validateScenario: ValidateFunction | undefined;
let validateParams: ValidateFunction | undefined;

/** `steps[1].connect.count`, with bracketed quotes for keys that are not identifiers. */
export function formatPath(path: Path): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return JSON.stringify(v);
}

/** The parsed YAML document and the means to turn a path into file:line:col. */
class Source {
  constructor(
    readonly file: string,
    readonly doc: Document.Parsed,
    readonly lines: LineCounter,
  ) {}

  /** Offset of the node at `path` (or of its key when `key`), falling back to the deepest node that exists. */
  offset(path: Path, key = false): number {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const keyStart = rangeStart(pair.key);
        const valueStart = rangeStart(pair.value);
        if ((key && i === path.length - 1) || valueStart === undefined) {
          offset = keyStart ?? offset;
          break;
        }
        node = pair.value;
        offset = valueStart;
      } else if (isSeq(node) && typeof seg === "number") {
        const item: unknown = node.items[seg];
        const start = rangeStart(item);
        if (start === undefined) break;
        node = item;
        offset = start;
      } else break;
    }
    return offset;
  }

  error(path: Path, detail: string, key = false): ScenarioError {
    return this.errorAt(this.offset(path, key), key ? path.slice(0, -1) : path, detail);
  }

  errorAt(offset: number, shown: Path, detail: string): ScenarioError {
    const { line, col } = this.lines.linePos(offset);
    return new ScenarioError(this.file, line, col, formatPath(shown), detail);
  }
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}

function load(text: string, file: string): { src: Source; root: Record<string, unknown> } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = yamlError.linePos?.[0] ?? lines.linePos(yamlError.pos[0]);
    // yaml appends " at line L, column C:" and a code frame; the location is already in front.
    const detail = yamlError.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
    throw new ScenarioError(file, pos.line, pos.col, "", `YAML syntax error: ${detail}`);
  }
  const src = new Source(file, doc, lines);
  const root: unknown = doc.toJS({ maxAliasCount: 100 });
  if (root === null || typeof root !== "object" || Array.isArray(root)) {
    throw src.error([], `expected a scenario mapping (name, hosts, steps, until, …), got ${show(root)}`);
  }
  return { src, root: root as Record<string, unknown> };
}

/** Throws the ajv error that comes first in the file, phrased as "expected …". */
function throwFirst(src: Source, errors: ErrorObject[], prefix: Path = []): never {
  const located = errors.map((e) => {
    const path: PathSeg[] = [
      ...prefix,
      ...e.instancePath
        .split("/")
        .slice(1)
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
    ];
    let key = false;
    let detail: string;
    const params = e.params as Record<string, unknown>;
    const parent = e.parentSchema as
      { description?: string; properties?: Record<string, unknown> } | undefined;
    if (e.keyword === "additionalProperties") {
      path.push(String(params.additionalProperty));
      key = true;
      const expected = Object.keys(parent?.properties ?? {}).join(", ");
      detail = `unknown key ${JSON.stringify(params.additionalProperty)} (expected one of: ${expected})`;
    } else if (e.keyword === "required") {
      const missing = String(params.missingProperty);
      detail = `missing required key ${JSON.stringify(missing)}`;
      if (path.length === 0 && missing === "until")
        detail += " (a run with no end is an error: add e.g. until: 10s)";
    } else if (e.propertyName !== undefined || e.keyword === "propertyNames") {
      const name = e.propertyName ?? String(params.propertyName);
      path.push(name);
      key = true;
      detail = `bad name ${JSON.stringify(name)}: expected letters, digits, _ or - starting with a letter`;
    } else if (e.keyword === "enum") {
      const allowed = (params.allowedValues as unknown[]).join(", ");
      detail = `expected one of: ${allowed}, got ${show(e.data)}`;
    } else {
      detail = `expected ${parent?.description ?? e.message ?? "something else"}, got ${show(e.data)}`;
    }
    // A misspelt key also makes a required key "missing": report the misspelling first.
    return { path, key, detail, offset: src.offset(path, key), rank: e.keyword === "required" ? 1 : 0 };
  });
  located.sort((a, b) => a.rank - b.rank || a.offset - b.offset);
  const first = located[0];
  if (!first) throw src.error(prefix, "invalid");
  throw src.error(first.path, first.detail, first.key);
}

interface RawParam {
  default: number | string;
  description?: string;
}

/** A parameter as declared: its default evaluated (defaults may use earlier params), and the raw expression if any. */
export interface ParamInfo extends ParamSpec {
  expr?: string;
}

function evalParams(
  src: Source,
  root: Record<string, unknown>,
  overrides: Record<string, number>,
): { params: ParamSpec[]; info: ParamInfo[]; vars: Map<string, number> } {
  const vars = new Map<string, number>();
  const params: ParamSpec[] = [];
  const info: ParamInfo[] = [];
  if (root.params !== undefined) {
    validateParams ??= ajv.compile(paramsSchema);
    if (!validateParams(root.params)) throwFirst(src, validateParams.errors ?? [], ["params"]);
    for (const [name, raw] of Object.entries(root.params as Record<string, RawParam>)) {
      let value: string | number = raw.default;
      if (typeof value === "string") {
        try {
          value = substitute(value, vars);
        } catch (e) {
          if (e instanceof ExprError)
            throw src.error(["params", name, "default"], `in ${show(raw.default)}: ${e.message}`);
          throw e;
        }
        if (typeof value !== "number") {
          throw src.error(
            ["params", name, "default"],
            `expected a number or "\${expression}", got ${show(raw.default)}`,
          );
        }
      }
      const description = raw.description ?? "";
      info.push({
        name,
        default: value,
        description,
        ...(typeof raw.default === "string" ? { expr: raw.default } : {}),
      });
      const effective = overrides[name] ?? value;
      vars.set(name, effective);
      params.push({ name, default: value, description, value: effective });
    }
  }
  for (const name of Object.keys(overrides)) {
    if (!vars.has(name)) {
      const known = [...vars.keys()];
      throw src.error(
        root.params === undefined ? [] : ["params"],
        `unknown parameter ${JSON.stringify(name)} ` +
          (known.length ? `(parameters: ${known.join(", ")})` : "(this scenario has no parameters)"),
        true,
      );
    }
  }
  return { params, info, vars };
}

function substituteAll(
  src: Source,
  value: unknown,
  path: PathSeg[],
  vars: ReadonlyMap<string, number>,
): unknown {
  if (typeof value === "string") {
    if (!value.includes("${")) return value;
    try {
      return substitute(value, vars);
    } catch (e) {
      if (e instanceof ExprError) throw src.error(path, `in ${show(value)}: ${e.message}`);
      throw e;
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteAll(src, v, [...path, i], vars));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteAll(src, v, [...path, k], vars)] as const),
    );
  }
  return value;
}

// Raw shapes after schema validation (before defaults).
interface RawHost {
  addr?: string;
  sysctls?: Sysctls & { [LOCAL_PORT_RANGE_SYSCTL]?: string };
}
interface RawRule {
  drop?: FlagMatch;
  delay?: FlagMatch;
  by?: number | string;
  from?: string;
  to?: string;
  nth?: number;
  count?: number;
  after?: number | string;
  before?: number | string;
}
// One bag for every action's fields: the schema already guaranteed which ones each action has.
interface RawAction {
  host: string;
  from: string;
  to: string;
  port: number;
  backlog: number;
  deferAccept?: number;
  reuseport?: number;
  reuseaddr?: boolean | 0 | 1;
  count?: number;
  interval?: number | string;
  nonblocking?: boolean | 0 | 1;
  sndtimeo?: number | string;
  keepalive?: boolean | 0 | 1;
  tasks?: number;
  rcvtimeo?: number | string;
  instances?: number;
  edge?: boolean | 0 | 1;
  exclusive?: boolean | 0 | 1;
  accept?: number | "all";
  waits?: number;
  timeout?: number | string;
  syns: number;
  bytes: number;
  what?: "listener" | "clients";
  listener?: number;
  name: SysctlName | typeof LOCAL_PORT_RANGE_SYSCTL;
  value: number | string;
}
type RawStep = { at: number | string } & Partial<Record<ActionKey, RawAction>>;
interface RawScenario {
  name: string;
  description?: string;
  hosts: Record<string, RawHost | null>;
  link?: { delay?: number | string; rules?: RawRule[] };
  steps: RawStep[];
  until: number | string;
  expect?: string;
}

function ms(v: unknown): number {
  return parseDuration(v) ?? 0;
}

/** A host's net.ipv4.ip_local_port_range from the file (kernel/sysctls.ts: parseLocalPortRange). */
function localPortRange(src: Source, text: string, path: Path): readonly [number, number] {
  const range = parseLocalPortRange(text);
  if (!range) throw src.error(path, `expected ${LOCAL_PORT_RANGE_RULE}, got ${show(text)}`);
  return range;
}

function build(src: Source, raw: RawScenario, params: ParamSpec[]): Scenario {
  const hostNames = Object.keys(raw.hosts);
  const knownHost = (name: string, path: Path): string => {
    if (!hostNames.includes(name)) {
      throw src.error(path, `unknown host ${JSON.stringify(name)} (hosts: ${hostNames.join(", ")})`);
    }
    return name;
  };
  const endpoint = (s: string, path: Path): { host: string; port: number } => {
    const i = s.lastIndexOf(":");
    const host = knownHost(s.slice(0, i), path);
    const port = Number(s.slice(i + 1));
    if (port < 1 || port > 65535) throw src.error(path, `expected port 1..65535 in ${show(s)}`);
    return { host, port };
  };

  const hosts: HostSpec[] = hostNames.map((name, i) => {
    const { [LOCAL_PORT_RANGE_SYSCTL]: range, ...sysctls } = raw.hosts[name]?.sysctls ?? {};
    const host: HostSpec = { name, addr: raw.hosts[name]?.addr ?? `10.0.0.${i + 1}`, sysctls };
    if (range !== undefined) {
      host.localPortRange = localPortRange(src, range, ["hosts", name, "sysctls", LOCAL_PORT_RANGE_SYSCTL]);
    }
    return host;
  });
  hosts.forEach((h, i) => {
    const other = hosts.findIndex((o) => o.addr === h.addr);
    if (other !== i) {
      throw src.error(
        ["hosts", h.name],
        `address ${h.addr} is already used by host "${hosts[other]?.name}"`,
        true,
      );
    }
  });

  const rules: LinkRule[] = (raw.link?.rules ?? []).map((r, i) => {
    const path = ["link", "rules", i];
    if ((r.drop === undefined) === (r.delay === undefined)) {
      throw src.error(path, 'expected exactly one of "drop: KIND" or "delay: KIND"');
    }
    if (r.by !== undefined && r.delay === undefined)
      throw src.error([...path, "by"], '"by" is only valid with delay', true);
    if (r.delay !== undefined && r.by === undefined)
      throw src.error(path, 'a delay rule needs "by: DURATION"');
    if (r.nth !== undefined && r.count !== undefined)
      throw src.error([...path, "count"], "use nth or count, not both", true);
    if (r.from !== undefined) knownHost(r.from, [...path, "from"]);
    if (r.to !== undefined) knownHost(r.to, [...path, "to"]);
    const rule: LinkRule = {
      action: r.drop !== undefined ? "drop" : "delay",
      flags: (r.drop ?? r.delay) as FlagMatch,
    };
    if (r.by !== undefined) rule.by = ms(r.by);
    if (r.from !== undefined) rule.from = r.from;
    if (r.to !== undefined) rule.to = r.to;
    if (r.nth !== undefined) rule.nth = r.nth;
    if (r.count !== undefined) rule.count = r.count;
    if (r.after !== undefined) rule.after = ms(r.after);
    if (r.before !== undefined) rule.before = ms(r.before);
    if (rule.after !== undefined && rule.before !== undefined && rule.before <= rule.after) {
      throw src.error([...path, "before"], "expected before > after");
    }
    return rule;
  });

  const steps: Step[] = raw.steps.map((s, i) => {
    const path = ["steps", i];
    const present = ACTION_KEYS.filter((k) => s[k] !== undefined);
    const kind = present[0];
    if (kind === undefined || present.length > 1) {
      throw src.error(
        path,
        `expected exactly one action (${ACTION_KEYS.join(", ")}), got ${present.length ? present.join(" and ") : "none"}`,
      );
    }
    const a = s[kind] as RawAction;
    const at = ms(s.at);
    const p = (field: string): PathSeg[] => [...path, kind, field];
    switch (kind) {
      case "listen":
        return {
          kind,
          at,
          host: knownHost(a.host, p("host")),
          port: a.port,
          backlog: a.backlog,
          ...(a.deferAccept !== undefined ? { deferAccept: a.deferAccept } : {}),
          ...(a.reuseport !== undefined ? { reuseport: a.reuseport } : {}),
          ...(a.reuseaddr !== undefined ? { reuseaddr: Boolean(a.reuseaddr) } : {}),
        };
      case "connect": {
        const to = endpoint(a.to, p("to"));
        return {
          kind,
          at,
          from: knownHost(a.from, p("from")),
          to: to.host,
          port: to.port,
          count: a.count ?? 1,
          interval: ms(a.interval ?? 0),
          nonblocking: Boolean(a.nonblocking ?? false),
          sndtimeo: ms(a.sndtimeo ?? 0),
          keepalive: Boolean(a.keepalive ?? false),
        };
      }
      case "accept":
        return {
          kind,
          at,
          host: knownHost(a.host, p("host")),
          port: a.port,
          tasks: a.tasks ?? 1,
          count: a.count ?? 1,
          nonblocking: Boolean(a.nonblocking ?? false),
          rcvtimeo: ms(a.rcvtimeo ?? 0),
        };
      case "epoll": {
        const timeout: number | string = a.timeout ?? -1;
        return {
          kind,
          at,
          host: knownHost(a.host, p("host")),
          port: a.port,
          instances: a.instances ?? 1,
          edgeTriggered: Boolean(a.edge ?? false),
          exclusive: Boolean(a.exclusive ?? false),
          acceptPerWakeup: a.accept ?? 1,
          waits: a.waits ?? 1,
          timeout: timeout === -1 ? -1 : ms(timeout),
        };
      }
      case "flood": {
        const to = endpoint(a.to, p("to"));
        return { kind, at, to: to.host, port: to.port, syns: a.syns, interval: ms(a.interval ?? 0) };
      }
      case "send": {
        const to = endpoint(a.to, p("to"));
        return { kind, at, from: knownHost(a.from, p("from")), to: to.host, port: to.port, bytes: a.bytes };
      }
      case "close": {
        const what = a.what ?? "listener";
        if (a.listener !== undefined && what !== "listener")
          throw src.error(p("listener"), `a listener index closes a listener; this step closes ${what}`);
        return {
          kind,
          at,
          host: knownHost(a.host, p("host")),
          port: a.port,
          what,
          ...(a.listener !== undefined ? { listener: a.listener } : {}),
        };
      }
      case "sysctl": {
        const host = knownHost(a.host, p("host"));
        if (a.name === LOCAL_PORT_RANGE_SYSCTL) {
          const value = typeof a.value === "string" ? parseLocalPortRange(a.value) : undefined;
          if (!value) throw src.error(p("value"), `expected ${LOCAL_PORT_RANGE_RULE}, got ${show(a.value)}`);
          return { kind, at, host, name: a.name, value };
        }
        if (typeof a.value !== "number")
          throw src.error(p("value"), `expected an integer for ${a.name}, got ${show(a.value)}`);
        return { kind, at, host, name: a.name, value: a.value };
      }
    }
  });

  const until = ms(raw.until);
  if (until <= 0)
    throw src.error(
      ["until"],
      `expected a duration > 0 (a run with no end is an error), got ${show(raw.until)}`,
    );

  const scenario: Scenario = {
    name: raw.name,
    description: raw.description ?? "",
    params,
    hosts,
    link: { delay: ms(raw.link?.delay ?? 1), rules },
    // Stable by time: steps at the same instant keep their file order.
    steps: steps
      .map((s, i) => [s, i] as const)
      .sort((x, y) => x[0].at - y[0].at || x[1] - y[1])
      .map(([s]) => s),
    until,
  };
  if (raw.expect !== undefined) scenario.expect = raw.expect;
  return scenario;
}

/**
 * Parses and validates a `*.kls.yaml` scenario. `overrides` replace parameter defaults (later defaults
 * that use them follow). Throws ScenarioError with file:line:col for anything wrong.
 */
export function parseScenario(text: string, file: string, overrides: Record<string, number> = {}): Scenario {
  const { src, root } = load(text, file);
  const { params, vars } = evalParams(src, root, overrides);
  const substituted: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(root))
    substituted[k] = k === "params" ? v : substituteAll(src, v, [k], vars);
  validateScenario ??= ajv.compile(scenarioSchema);
  if (!validateScenario(substituted)) throwFirst(src, validateScenario.errors ?? []);
  return build(src, substituted as unknown as RawScenario, params);
}

/** The parameters a scenario declares, with defaults evaluated (for `kernel-lens scenarios` and routing --set). */
export function listParams(text: string, file: string): ParamInfo[] {
  const { src, root } = load(text, file);
  return evalParams(src, root, {}).info;
}

/** The `name` and `description` of a scenario without validating the rest (for listings). */
export function readHeader(text: string, file: string): { name: string; description: string } {
  const { root } = load(text, file);
  return {
    name: typeof root.name === "string" ? root.name : "",
    description: typeof root.description === "string" ? root.description : "",
  };
}

/**
 * Applies `--set` sysctl overrides: `net.core.somaxconn=8` sets it on every host, `server:net.core.somaxconn=8`
 * on one, `net.ipv4.ip_local_port_range="40000 40003"` the range. Parameters are not accepted here (they are applied by parseScenario). Returns a new Scenario.
 */
export function applyOverrides(scenario: Scenario, sets: readonly Override[]): Scenario {
  const hosts = scenario.hosts.map((h) => ({ ...h, sysctls: { ...h.sysctls } }));
  for (const { key, value } of sets) {
    const colon = key.indexOf(":");
    const hostName = colon >= 0 ? key.slice(0, colon) : undefined;
    const name = colon >= 0 ? key.slice(colon + 1) : key;
    const range = name === LOCAL_PORT_RANGE_SYSCTL;
    if (!range && !(SYSCTL_NAMES as readonly string[]).includes(name)) {
      const params = scenario.params.map((p) => p.name);
      const isParam = hostName === undefined && params.includes(name);
      throw new UsageError(
        isParam
          ? `--set ${key}: ${key} is a parameter; pass it to parseScenario (the CLI does this)`
          : `--set ${key}: unknown key (expected ${params.length ? `a parameter (${params.join(", ")}) or ` : ""}` +
              `a sysctl (${[...SYSCTL_NAMES, LOCAL_PORT_RANGE_SYSCTL].join(", ")}), optionally as HOST:sysctl)`,
      );
    }
    const ports = range ? parseLocalPortRange(String(value)) : undefined;
    if (range && !ports)
      throw new UsageError(`--set ${key}: expected ${LOCAL_PORT_RANGE_RULE}, got "${value}"`);
    if (!range && !Number.isInteger(value))
      throw new UsageError(`--set ${key}: expected an integer, got ${JSON.stringify(value)}`);
    const targets = hostName === undefined ? hosts : hosts.filter((h) => h.name === hostName);
    if (targets.length === 0) {
      throw new UsageError(
        `--set ${key}: unknown host "${hostName}" (hosts: ${hosts.map((h) => h.name).join(", ")})`,
      );
    }
    for (const h of targets) {
      if (ports) h.localPortRange = ports;
      else h.sysctls[name as SysctlName] = value as number;
    }
  }
  return { ...scenario, hosts };
}

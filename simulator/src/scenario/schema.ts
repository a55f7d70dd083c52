// JSON Schema of a `*.kls.yaml` scenario as written (before defaults are filled in). Every node carries a
// `description` phrased as what is expected, so a validation error can say "expected <description>".

import type { FlagMatch, SysctlName } from "./types.js";

export const SYSCTL_NAMES: readonly SysctlName[] = [
  "net.core.somaxconn",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.tcp_synack_retries",
  "net.ipv4.tcp_syn_retries",
  "net.ipv4.tcp_abort_on_overflow",
  "net.ipv4.tcp_max_syn_backlog",
];

/** The host sysctl a scenario file may set to a pair of ports ("40000 40003"), as /proc writes it; kept out
 * of SYSCTL_NAMES, whose values are integers. */
export const LOCAL_PORT_RANGE_SYSCTL = "net.ipv4.ip_local_port_range";

/** Whether a `--set` key names the port range, on every host or as "HOST:net.ipv4.ip_local_port_range". */
export function setsLocalPortRange(key: string): boolean {
  return key.slice(key.indexOf(":") + 1) === LOCAL_PORT_RANGE_SYSCTL;
}

export const FLAG_MATCHES: readonly FlagMatch[] = ["SYN", "SYN-ACK", "ACK", "RST", "RST-ACK", "DATA", "ANY"];

export const ACTION_KEYS = [
  "listen",
  "connect",
  "accept",
  "epoll",
  "flood",
  "send",
  "close",
  "sysctl",
] as const;
export type ActionKey = (typeof ACTION_KEYS)[number];

export const HOST_NAME_RE = "^[A-Za-z][A-Za-z0-9_-]*$";
export const PARAM_NAME_RE = "^[A-Za-z_][A-Za-z0-9_]*$";

type Schema = Record<string, unknown>;

const obj = (
  properties: Record<string, Schema>,
  required: string[] = [],
  description = "a mapping",
): Schema => ({
  type: "object",
  description,
  properties,
  required,
  additionalProperties: false,
});

const int = (minimum: number | undefined, description: string, maximum?: number): Schema => ({
  type: "integer",
  description,
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
});

const count = int(1, "integer >= 1");
const port = int(1, "port 1..65535", 65535);
// 0/1 are accepted so a boolean can come from a parameter ("${edge}" substitutes a number).
const bool: Schema = { enum: [true, false, 0, 1], description: "true or false (or 1 or 0)" };
const text: Schema = { type: "string", description: "a string" };
// Numbers are ms; strings need a unit and are checked by the "duration" format (registered in parse.ts).
const duration: Schema = {
  type: ["number", "string"],
  minimum: 0,
  format: "duration",
  description: 'duration >= 0 (ms, or a string such as "250ms", "1.5s", "2m")',
};
const hostName: Schema = { type: "string", pattern: HOST_NAME_RE, description: "a host name" };
const endpoint: Schema = {
  type: "string",
  pattern: "^[A-Za-z][A-Za-z0-9_-]*:[0-9]+$",
  description: 'HOST:PORT, e.g. "server:80"',
};
const sysctlName: Schema = { type: "string", enum: [...SYSCTL_NAMES], description: "a sysctl name" };

const sysctls: Schema = obj(
  {
    ...Object.fromEntries(SYSCTL_NAMES.map((n) => [n, int(undefined, "integer")])),
    [LOCAL_PORT_RANGE_SYSCTL]: {
      type: "string",
      pattern: "^\\s*[0-9]+\\s+[0-9]+\\s*$",
      description: 'two ports, the lowest and the highest, as /proc takes them: "40000 40003"',
    },
  },
  [],
  "a mapping of sysctl name to integer",
);

const host: Schema = {
  type: ["object", "null"],
  description: "a mapping with addr and sysctls (or nothing)",
  properties: {
    addr: { type: "string", format: "ipv4", description: "an IPv4 address such as 10.0.0.1" },
    sysctls,
  },
  additionalProperties: false,
};

const flag: Schema = { type: "string", enum: [...FLAG_MATCHES], description: "a segment kind" };

const rule: Schema = obj(
  {
    drop: flag,
    delay: flag,
    by: duration,
    from: hostName,
    to: hostName,
    nth: count,
    count,
    after: duration,
    before: duration,
  },
  [],
  "a rule mapping such as { drop: ACK, from: client, nth: 1 }",
);

const actions: Record<ActionKey, Schema> = {
  listen: obj(
    {
      host: hostName,
      port,
      backlog: int(undefined, "integer"),
      deferAccept: int(0, "integer >= 0 (seconds)"),
      reuseport: int(1, "integer >= 1 (listeners with SO_REUSEPORT)", 64),
      reuseaddr: bool,
    },
    ["host", "port", "backlog"],
  ),
  connect: obj(
    {
      from: hostName,
      to: endpoint,
      count,
      interval: duration,
      nonblocking: bool,
      sndtimeo: duration,
      keepalive: bool,
    },
    ["from", "to"],
  ),
  accept: obj({ host: hostName, port, tasks: count, count, nonblocking: bool, rcvtimeo: duration }, [
    "host",
    "port",
  ]),
  epoll: obj(
    {
      host: hostName,
      port,
      instances: count,
      edge: bool,
      exclusive: bool,
      accept: {
        type: ["integer", "string"],
        minimum: 1,
        pattern: "^all$",
        description: 'integer >= 1 or "all"',
      },
      waits: count,
      timeout: {
        type: ["number", "string"],
        minimum: -1,
        format: "timeout",
        description: "-1 (wait forever) or a duration >= 0",
      },
    },
    ["host", "port"],
  ),
  flood: obj({ to: endpoint, syns: count, interval: duration }, ["to", "syns"]),
  send: obj({ from: hostName, to: endpoint, bytes: count }, ["from", "to", "bytes"]),
  close: obj(
    {
      host: hostName,
      port,
      what: { type: "string", enum: ["listener", "clients"], description: "listener or clients" },
      listener: int(0, "integer >= 0 (which listener of the port, in listen order)"),
    },
    ["host", "port"],
  ),
  sysctl: obj(
    {
      host: hostName,
      name: { ...sysctlName, enum: [...SYSCTL_NAMES, LOCAL_PORT_RANGE_SYSCTL] },
      value: {
        type: ["integer", "string"],
        description: `an integer, or "LOW HIGH" for ${LOCAL_PORT_RANGE_SYSCTL}`,
      },
    },
    ["host", "name", "value"],
  ),
};

const step: Schema = obj(
  { at: duration, ...actions },
  ["at"],
  "a step mapping such as { at: 0, listen: {…} }",
);

export const paramsSchema: Schema = {
  type: "object",
  description: "a mapping of parameter name to { default, description }",
  propertyNames: { pattern: PARAM_NAME_RE },
  additionalProperties: obj(
    {
      default: { type: ["number", "string"], description: 'a number or "${expression}"' },
      description: text,
    },
    ["default"],
    "a mapping { default, description }",
  ),
};

export const scenarioSchema: Schema = obj(
  {
    name: {
      type: "string",
      pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]*$",
      description: "a name of letters, digits, - _ .",
    },
    description: text,
    params: paramsSchema,
    hosts: {
      type: "object",
      description: "a mapping of host name to host",
      minProperties: 1,
      propertyNames: { pattern: HOST_NAME_RE },
      additionalProperties: host,
    },
    link: obj(
      { delay: duration, rules: { type: "array", items: rule, description: "a list of rules" } },
      [],
      "a mapping with delay and rules",
    ),
    steps: { type: "array", items: step, minItems: 1, description: "a non-empty list of steps" },
    until: duration,
    expect: text,
  },
  ["name", "hosts", "steps", "until"],
  "a scenario mapping",
);

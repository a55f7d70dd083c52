// Command-line parsing (node:util parseArgs) into a typed command; every mistake is a UsageError.

import { parseArgs } from "node:util";
import { parseDuration } from "../scenario/durations.js";
import { UsageError } from "../scenario/errors.js";
import { setsLocalPortRange } from "../scenario/schema.js";
import type { Override } from "../scenario/types.js";
import { LOCAL_PORT_RANGE_RULE, parseLocalPortRange } from "../kernel/sysctls.js";
import { CATALOG } from "../catalog.js";

export interface RunOptions {
  target: string;
  sets: Override[];
  seed?: number;
  json: boolean;
  until?: number;
  maxEvents?: number;
  trace: boolean;
  packets: boolean;
  hosts: string[];
  functions: string[];
  maxLines?: number;
  /** --stop-at FN[=VALUE]: end the run right after the first call of FN (that returned VALUE). */
  stopAt?: { fn: string; returned?: string };
}

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "scenarios"; json: boolean }
  | { kind: "demo"; kernel?: string }
  /** Commands of the language server package (hover, index): their arguments are parsed there. */
  | { kind: "server"; name: "hover" | "index"; argv: string[] }
  | ({ kind: "run" } & RunOptions)
  | {
      kind: "packetdrill";
      script: string;
      sets: Override[];
      json: boolean;
      trace: boolean;
    };

export const USAGE = `Usage: kernel-lens <command> [options]

Simulates how Linux v4.11 opens TCP connections and prints what the kernel did.

Commands:
  run <name|file.kls.yaml>   run a built-in scenario or a scenario file
  scenarios                  list the built-in scenarios, their parameters and defaults
  demo [--kernel ROOT]       run the handshake scenario with an explained trace; with a kernel tree,
                             then print the hovers of the handshake's key functions in it
  hover ROOT FILE:LINE:COL   the editor's hover at that place of a kernel tree (1-based), as markdown
                             (--scenario NAME|FILE, --set KEY=VALUE, --seed N)
  index ROOT                 index a kernel tree as the language server does and print what it found
                             (--json, --no-cache)
  packetdrill <script.pkt>   run a packetdrill script against one simulated v4.11 host
                             (--set SYSCTL=N or tolerance_usecs=N, --json, --trace)
  help                       show this text

Options for run:
  --set KEY=VALUE            set a scenario parameter (e.g. backlog=8), a sysctl on every host
                             (net.ipv4.tcp_syncookies=0) or on one host (server:net.core.somaxconn=8);
                             repeatable
  --seed N                   random seed (ports, ISNs); same seed, same run
  --until T                  end the run at virtual time T (ms, or 500ms, 2s, 1m)
  --max-events N             stop after N simulation events (the run still prints what it has)
  --json                     print the run as JSON instead of text
  --no-trace                 text output without the function trace
  --packets                  also list every packet
  --host H                   only trace lines of host H (repeatable)
  --fn NAME                  only calls to NAME and what they call (repeatable; "tcp_v4_*" matches a prefix)
  --max-lines N              at most N trace lines
  --stop-at FN[=VALUE]       end the run right after the first call of FN, or the first that returned
                             VALUE (inet_csk_reqsk_queue_is_full=1: when the SYN queue first filled)

Exit status: 0 when the run completed, 2 for a bad scenario or option, or a run that reached what the
model does not cover.
packetdrill: 0 pass, 1 first mismatch (script.pkt:LINE: error: …), 2 script error or not modelled.
`;

function int(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === "" || !Number.isInteger(n) || n < min)
    throw new UsageError(`--${name}: expected an integer >= ${min}, got "${v}"`);
  return n;
}

/** "KEY=VALUE" → number value; true/false are 1/0 so boolean parameters read naturally; the port range
 * sysctl keeps its "LOW HIGH" text. */
export function parseSet(s: string): Override {
  const eq = s.indexOf("=");
  if (eq <= 0) throw new UsageError(`--set ${s}: expected KEY=VALUE`);
  const key = s.slice(0, eq).trim();
  const raw = s.slice(eq + 1).trim();
  if (setsLocalPortRange(key)) {
    if (!parseLocalPortRange(raw))
      throw new UsageError(`--set ${key}: expected ${LOCAL_PORT_RANGE_RULE}, got "${raw}"`);
    return { key, value: raw };
  }
  const value = raw === "true" ? 1 : raw === "false" ? 0 : Number(raw);
  if (raw === "" || !Number.isFinite(value))
    throw new UsageError(`--set ${key}: expected a number, got "${raw}"`);
  return { key, value };
}

export function parseCommand(argv: readonly string[]): Command {
  const [first, ...others] = argv;
  if (first === "hover" || first === "index") return { kind: "server", name: first, argv: others };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
        set: { type: "string", multiple: true },
        seed: { type: "string" },
        json: { type: "boolean" },
        until: { type: "string" },
        "max-events": { type: "string" },
        "no-trace": { type: "boolean" },
        packets: { type: "boolean" },
        host: { type: "string", multiple: true },
        fn: { type: "string", multiple: true },
        "max-lines": { type: "string" },
        "stop-at": { type: "string" },
        trace: { type: "boolean" },
        kernel: { type: "string" },
      },
    });
  } catch (e) {
    // parseArgs throws TypeErrors with readable messages ("Unknown option '--bogus'…").
    throw new UsageError((e as Error).message.split("\n")[0] ?? String(e));
  }
  const { values, positionals } = parsed;
  const [cmd, ...rest] = positionals;
  if (values.help || cmd === "help" || (cmd === undefined && !values.version)) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const runOnly = (): void => {
    const used = Object.keys(values).filter((k) => !["json", "help"].includes(k));
    if (used.length) throw new UsageError(`--${used[0]} is an option of "run"`);
  };
  switch (cmd) {
    case "scenarios":
      runOnly();
      if (rest.length) throw new UsageError(`scenarios takes no arguments (got "${rest[0]}")`);
      return { kind: "scenarios", json: values.json ?? false };
    case "demo": {
      const { kernel, ...others } = values;
      const used = Object.keys(others).filter((k) => k !== "help");
      if (used.length)
        throw new UsageError(`--${used[0]} is not an option of "demo" (it takes --kernel ROOT)`);
      if (rest.length) throw new UsageError(`demo takes no arguments (got "${rest[0]}")`);
      return kernel === undefined ? { kind: "demo" } : { kind: "demo", kernel };
    }
    case "run": {
      const [target, ...extra] = rest;
      if (target === undefined)
        throw new UsageError("run: expected a scenario name or file (see: kernel-lens scenarios)");
      if (extra.length) throw new UsageError(`run: unexpected argument "${extra[0]}"`);
      let until: number | undefined;
      if (values.until !== undefined) {
        until = parseDuration(values.until);
        if (until === undefined || until <= 0) {
          throw new UsageError(
            `--until: expected a duration > 0 (ms, or 500ms, 2s, 1m), got "${values.until}"`,
          );
        }
      }
      const opts: RunOptions = {
        target,
        sets: (values.set ?? []).map(parseSet),
        json: values.json ?? false,
        trace: !(values["no-trace"] ?? false),
        packets: values.packets ?? false,
        hosts: values.host ?? [],
        functions: values.fn ?? [],
      };
      const seed = int("seed", values.seed, 0);
      const maxEvents = int("max-events", values["max-events"], 1);
      const maxLines = int("max-lines", values["max-lines"], 0);
      if (seed !== undefined) opts.seed = seed;
      if (until !== undefined) opts.until = until;
      if (maxEvents !== undefined) opts.maxEvents = maxEvents;
      if (maxLines !== undefined) opts.maxLines = maxLines;
      if (values["stop-at"] !== undefined) opts.stopAt = parseStopAt(values["stop-at"]);
      return { kind: "run", ...opts };
    }
    case "packetdrill": {
      const [script, ...extra] = rest;
      if (script === undefined) throw new UsageError("packetdrill: expected a script file (script.pkt)");
      if (extra.length) throw new UsageError(`packetdrill: unexpected argument "${extra[0]}"`);
      const used = Object.keys(values).filter((k) => !["json", "help", "set", "trace"].includes(k));
      if (used.length) throw new UsageError(`--${used[0]} is not an option of "packetdrill"`);
      return {
        kind: "packetdrill",
        script,
        sets: (values.set ?? []).map(parseSet),
        json: values.json ?? false,
        trace: values.trace ?? false,
      };
    }
    default:
      throw new UsageError(
        `unknown command "${cmd}" (commands: run, scenarios, demo, packetdrill, hover, index, help)`,
      );
  }
}

/** `FN` or `FN=VALUE`, FN a function the model traces. */
function parseStopAt(text: string): { fn: string; returned?: string } {
  const at = text.indexOf("=");
  const fn = at < 0 ? text : text.slice(0, at);
  if (!CATALOG.has(fn)) {
    throw new UsageError(
      `--stop-at: "${fn}" is not a function the model traces (e.g. tcp_conn_request, inet_csk_reqsk_queue_is_full=1)`,
    );
  }
  return at < 0 ? { fn } : { fn, returned: text.slice(at + 1) };
}

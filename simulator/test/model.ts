// Builders for scenarios written in TypeScript, so unit tests can set up exactly the situation the
// kernel function under test decides.
import type { RunResult, Effect, TraceEvent } from "../src/runResult.js";
import type { HostSpec, LinkRule, Scenario, Step, Sysctls } from "../src/scenario/types.js";
import { runScenario } from "../src/run.js";

export function twoHosts(server: Sysctls = {}, client: Sysctls = {}): HostSpec[] {
  return [
    { name: "server", addr: "10.0.0.1", sysctls: server },
    { name: "client", addr: "10.0.0.2", sysctls: client },
  ];
}

export function scenario(
  steps: Step[],
  opts: { until?: number; hosts?: HostSpec[]; rules?: LinkRule[]; delay?: number } = {},
): Scenario {
  return {
    name: "test",
    description: "",
    params: [],
    hosts: opts.hosts ?? twoHosts(),
    link: { delay: opts.delay ?? 1, rules: opts.rules ?? [] },
    steps,
    until: opts.until ?? 5000,
  };
}

export const listen = (backlog: number, at = 0, extra: Partial<Step> = {}): Step =>
  ({ kind: "listen", at, host: "server", port: 80, backlog, ...extra }) as Step;

export const connect = (at: number, count = 1, extra: Partial<Step> = {}): Step =>
  ({
    kind: "connect",
    at,
    from: "client",
    to: "server",
    port: 80,
    count,
    interval: 0,
    nonblocking: true,
    sndtimeo: 0,
    keepalive: false,
    ...extra,
  }) as Step;

export const accept = (at: number, extra: Partial<Step> = {}): Step =>
  ({
    kind: "accept",
    at,
    host: "server",
    port: 80,
    tasks: 1,
    count: 1,
    nonblocking: false,
    rcvtimeo: 0,
    ...extra,
  }) as Step;

export function run(s: Scenario, seed = 1): RunResult {
  return runScenario(s, { seed });
}

export function calls(r: RunResult, fn: string, host?: string): TraceEvent[] {
  return r.events.filter((e) => e.fn === fn && (host === undefined || e.host === host));
}

export function effectsOf<K extends Effect["kind"]>(r: RunResult, kind: K): Extract<Effect, { kind: K }>[] {
  return r.events.flatMap((e) => e.effects.filter((x): x is Extract<Effect, { kind: K }> => x.kind === kind));
}

export function counter(r: RunResult, host: string, name: string): number {
  return r.final.counters[host]?.[name] ?? 0;
}

export function listener(r: RunResult) {
  const l = r.final.listeners[0];
  if (!l) throw new Error("no listener in final state");
  return l;
}

export function states(r: RunResult, host: string, role: string): string[] {
  return r.final.sockets.filter((s) => s.host === host && s.role === role).map((s) => s.state);
}

/** Times (ms) at which `host` sent segments with exactly these flags. */
export function sendTimes(r: RunResult, from: string, flags: string): number[] {
  return r.packets.filter((p) => p.from === from && p.flags.join("-") === flags).map((p) => p.sent);
}

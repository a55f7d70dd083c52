// kernel-lens CLI entry (bin/kernel-lens.js calls main). User mistakes, and runs that reach what the model
// does not cover, print one line and return 2; nothing here lets a stack trace reach the user unless
// KERNEL_LENS_DEBUG is set.

import { readFileSync } from "node:fs";
import type { TraceEvent } from "../runResult.js";
import { runJson } from "../report/runJson.js";
import { listBuiltins } from "../scenario/builtins.js";
import { ScenarioError, UsageError } from "../scenario/errors.js";
import { SYSCTL_NAMES } from "../scenario/schema.js";
import { parseCommand, USAGE, type Command } from "./args.js";
import { loadTarget } from "./load.js";
import { ScenarioRuntimeError } from "../programs.js";
import { NotModelledError } from "../kernel/tcpClose.js";
import { describeStop, formatRunText } from "./output.js";

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function formatScenarioList(): string {
  const builtins = listBuiltins();
  const width = Math.max(...builtins.map((b) => b.name.length)) + 2;
  const lines = ["Built-in scenarios (kernel-lens run NAME [--set PARAM=VALUE]):", ""];
  for (const b of builtins) {
    lines.push(`  ${b.name.padEnd(width)}${b.description}`);
    for (const p of b.params) {
      const option = `--set ${p.name}=${p.default}`;
      const expr = p.expr ? ` (default ${p.expr})` : "";
      lines.push(`  ${"".padEnd(width)}  ${option.padEnd(24)}${p.description}${expr}`);
    }
  }
  lines.push(
    "",
    "Every scenario also takes --set SYSCTL=N (all hosts) or --set HOST:SYSCTL=N for:",
    ...SYSCTL_NAMES.map((n) => `  ${n}`),
  );
  return lines.join("\n") + "\n";
}

interface ServerCli {
  runServerCommand(
    name: string,
    argv: string[],
    stdout: NodeJS.WritableStream,
    stderr: NodeJS.WritableStream,
  ): Promise<number>;
}

/** The language server package (a workspace sibling) answers hover/index; the simulator does not depend
 * on it, so it is found at run time. */
async function loadServerCli(): Promise<ServerCli> {
  const specifier = "@kernel-lens/server/dist/cli/main.js";
  try {
    return (await import(specifier)) as ServerCli;
  } catch (error) {
    throw new UsageError(
      `this command needs the language server package (${specifier}), built by npm ci: ${(error as Error).message}`,
    );
  }
}

async function execute(
  cmd: Command,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  switch (cmd.kind) {
    case "help":
      stdout.write(USAGE);
      return 0;
    case "version":
      stdout.write(`kernel-lens ${version()} (Linux 4.11 model)\n`);
      return 0;
    case "scenarios":
      stdout.write(
        cmd.json
          ? JSON.stringify(
              listBuiltins().map(({ file: _file, ...b }) => b),
              null,
              2,
            ) + "\n"
          : formatScenarioList(),
      );
      return 0;
    case "demo": {
      const { runDemo } = await import("./demo.js");
      const status = await runDemo(stdout);
      if (status !== 0 || cmd.kernel === undefined) return status;
      return (await loadServerCli()).runServerCommand("demo-hovers", [cmd.kernel], stdout, stderr);
    }
    case "server":
      return (await loadServerCli()).runServerCommand(cmd.name, cmd.argv, stdout, stderr);
    case "packetdrill": {
      const { runPacketdrillCommand } = await import("./packetdrill.js");
      return runPacketdrillCommand(cmd, stdout, stderr);
    }
    case "run": {
      const scenario = loadTarget(cmd.target, cmd.sets);
      if (cmd.until !== undefined) scenario.until = cmd.until;
      // Loaded lazily: `scenarios` and `--help` need no engine.
      const { runScenario } = await import("../run.js");
      const stopAt = cmd.stopAt;
      const result = runScenario(scenario, {
        ...(cmd.seed !== undefined ? { seed: cmd.seed } : {}),
        ...(cmd.maxEvents !== undefined ? { maxEvents: cmd.maxEvents } : {}),
        // The stop condition reads the trace.
        trace: cmd.json || cmd.trace || stopAt !== undefined,
        ...(stopAt && {
          stopWhen: (e: TraceEvent) =>
            e.fn === stopAt.fn && (stopAt.returned === undefined || e.ret === stopAt.returned),
        }),
      });
      if (result.stop.reason === "event-cap") {
        stderr.write(`kernel-lens: ${result.stop.message ?? describeStop(result)}\n`);
      }
      if (stopAt) {
        const what = `${stopAt.fn}()${stopAt.returned === undefined ? "" : ` returning ${stopAt.returned}`}`;
        if (result.stop.reason === "stop-condition") result.stop.message = `the first call of ${what}`;
        else
          stderr.write(`kernel-lens: --stop-at: no call of ${what} in ${scenario.name}; the run went on\n`);
      }
      if (cmd.json) {
        stdout.write(runJson(result));
      } else {
        const opts = {
          trace: cmd.trace,
          packets: cmd.packets,
          hosts: cmd.hosts,
          functions: cmd.functions,
          ...(cmd.maxLines !== undefined ? { maxLines: cmd.maxLines } : {}),
        };
        stdout.write(formatRunText(result, scenario, opts));
      }
      return 0;
    }
  }
}

export async function main(
  argv: string[],
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  try {
    return await execute(parseCommand(argv), stdout, stderr);
  } catch (e) {
    if (e instanceof ScenarioError || e instanceof UsageError || e instanceof ScenarioRuntimeError) {
      stderr.write(`kernel-lens: ${e.message}\n`);
      return 2;
    }
    if (e instanceof NotModelledError) {
      const says = e.message.includes("not modelled") ? e.message : `not modelled: ${e.message}`;
      stderr.write(`kernel-lens: ${says}\n`);
      return 2;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    stderr.write(`kernel-lens: internal error: ${err.message}\n`);
    if (process.env.KERNEL_LENS_DEBUG) stderr.write(`${err.stack ?? ""}\n`);
    return 1;
  }
}

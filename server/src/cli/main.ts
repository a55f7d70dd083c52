// The language server's commands of the `kernel-lens` CLI (hover, index, the demo's hovers). The
// simulator's CLI loads this module on demand, so running scenarios needs no parser.
import { parseArgs } from "node:util";
import { LOCAL_PORT_RANGE_RULE, parseLocalPortRange, setsLocalPortRange } from "@kernel-lens/simulator";
import { CliError } from "./cliError.js";
import { demoHovers } from "./demoHovers.js";
import { hoverCommand, parseLocation } from "./hoverCommand.js";
import { indexCommand } from "./indexCommand.js";

export const SERVER_COMMANDS = ["hover", "index"] as const;

export async function runServerCommand(
  name: string,
  argv: string[],
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  try {
    switch (name) {
      case "hover": {
        const { values, positionals } = parseArgs({
          args: argv,
          allowPositionals: true,
          options: {
            scenario: { type: "string" },
            set: { type: "string", multiple: true },
            seed: { type: "string" },
          },
        });
        if (positionals.length !== 2)
          throw new CliError(
            "usage: kernel-lens hover <kernel-root> <file>:<line>:<col> [--scenario S] [--set K=V]…",
          );
        const { file, line, column } = parseLocation(positionals[1]!);
        const { params, sysctls } = splitSets(values.set ?? []);
        const seed = values.seed === undefined ? undefined : integer(values.seed, "--seed");
        return await hoverCommand(
          {
            root: positionals[0]!,
            file,
            line,
            column,
            run: {
              ...(values.scenario && { scenario: values.scenario }),
              ...(Object.keys(params).length && { params }),
              ...(Object.keys(sysctls).length && { sysctls }),
              ...(seed !== undefined && { seed }),
            },
          },
          stdout,
          stderr,
        );
      }
      case "index": {
        const { values, positionals } = parseArgs({
          args: argv,
          allowPositionals: true,
          options: { json: { type: "boolean" }, "no-cache": { type: "boolean" } },
        });
        if (positionals.length !== 1)
          throw new CliError("usage: kernel-lens index <kernel-root> [--json] [--no-cache]");
        return await indexCommand(
          { root: positionals[0]!, json: values.json === true, cache: values["no-cache"] !== true },
          stdout,
          stderr,
        );
      }
      case "demo-hovers":
        return await demoHovers(argv[0] ?? "", stdout, stderr);
      default:
        throw new CliError(`unknown command ${name}`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    stderr.write(`kernel-lens ${name}: ${message}\n`);
    return 2;
  }
}

/** --set KEY=VALUE: a sysctl when KEY names one (net.…, or host:net.…), else a scenario parameter; the port
 * range sysctl keeps its "LOW HIGH". */
function splitSets(sets: string[]): {
  params: Record<string, number>;
  sysctls: Record<string, number | string>;
} {
  const params: Record<string, number> = {};
  const sysctls: Record<string, number | string> = {};
  for (const set of sets) {
    const eq = set.indexOf("=");
    if (eq <= 0) throw new CliError(`--set expects KEY=VALUE, got "${set}"`);
    const key = set.slice(0, eq);
    const text = set.slice(eq + 1);
    if (setsLocalPortRange(key)) {
      if (!parseLocalPortRange(text))
        throw new CliError(`--set ${key}: expected ${LOCAL_PORT_RANGE_RULE}, got "${text}"`);
      sysctls[key] = text;
      continue;
    }
    const value = integer(text, `--set ${key}`);
    if (/(^|:)net\./.test(key)) sysctls[key] = value;
    else params[key] = value;
  }
  return { params, sysctls };
}

function integer(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n)) throw new CliError(`${what} expects an integer, got "${text}"`);
  return n;
}

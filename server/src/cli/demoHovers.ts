// `npm run demo -- --kernel <root>`: after the handshake trace, the hovers of its key functions in that
// tree, so a newcomer sees in a terminal what the editor shows on hover.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RunResult } from "@kernel-lens/simulator";
import { DEFAULT_SCENARIO } from "../link/currentRun.js";
import { EventLocationRequest, GetRunRequest } from "../protocol.js";
import { CliError } from "./cliError.js";
import { hoverAt } from "./hoverCommand.js";
import { openLspSession } from "./lspSession.js";
import { progressLine } from "./progressLine.js";
import { terminalLinks } from "./terminalLinks.js";

/** The handshake in the order a connection meets them. */
export const DEMO_FUNCTIONS = [
  "tcp_v4_connect",
  "tcp_conn_request",
  "tcp_rcv_synsent_state_process",
  "tcp_check_req",
  "inet_csk_complete_hashdance",
  "inet_csk_accept",
];

export async function demoHovers(
  kernelRoot: string,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  const root = path.resolve(kernelRoot);
  if (!existsSync(path.join(root, "net")))
    throw new CliError(`${root} is not a kernel tree (no net/ folder)`);
  stdout.write(`\nIndexing ${root} for the hovers (cached after the first time)…\n`);
  const progress = progressLine(stderr, "indexing");
  const session = await openLspSession(root, { onIndexProgress: progress.update });
  try {
    await session.indexed;
    progress.end();
    const run = (await session.client.sendRequest(GetRunRequest, {})) as RunResult;
    for (const fn of DEMO_FUNCTIONS) {
      const first = run.events.find((e) => e.fn === fn);
      if (!first) continue;
      const location = await session.client.sendRequest(EventLocationRequest, { event: first.id });
      if (!location) {
        stdout.write(`\n== ${fn}: not found in this tree\n`);
        continue;
      }
      const file = fileURLToPath(location.uri);
      const markdown = await hoverAt(
        session,
        file,
        readFileSync(file, "utf8"),
        location.line,
        location.character,
      );
      const where = `${path.relative(root, file)}:${location.line + 1}:${location.character + 1}`;
      const shown = markdown && terminalLinks(markdown, { scenario: DEFAULT_SCENARIO, sets: {} });
      stdout.write(`\n== hover on ${fn} at ${where}\n\n${shown ?? "(no hover)"}\n`);
    }
    stdout.write(`\nThe same hovers in VS Code: install the extension (README, "The extension").\n`);
    return 0;
  } finally {
    progress.end();
    await session.close();
  }
}

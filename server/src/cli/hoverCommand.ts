// `kernel-lens hover <kernel-root> <file>:<line>:<col> [--scenario S] [--set K=V]… [--seed N]`: the
// hover an editor would show there (1-based line and column), as markdown.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Hover, MarkupContent } from "vscode-languageserver";
import { DEFAULT_SCENARIO } from "../link/currentRun.js";
import { RunScenarioRequest, type RunParams } from "../protocol.js";
import { openLspSession, type LspSession } from "./lspSession.js";
import { CliError } from "./cliError.js";
import { progressLine } from "./progressLine.js";
import { terminalLinks } from "./terminalLinks.js";

export interface HoverCommand {
  root: string;
  file: string;
  /** 1-based, as editors and compilers print them. */
  line: number;
  column: number;
  run: RunParams;
}

export function parseLocation(text: string): { file: string; line: number; column: number } {
  const m = /^(.+?):(\d+)(?::(\d+))?$/.exec(text);
  if (!m) throw new CliError(`expected FILE:LINE:COLUMN (1-based), got "${text}"`);
  return { file: m[1]!, line: Number(m[2]), column: Number(m[3] ?? 1) };
}

export async function hoverCommand(
  cmd: HoverCommand,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  const root = path.resolve(cmd.root);
  const absolute = path.resolve(root, cmd.file);
  if (!existsSync(path.join(root, "net")))
    throw new CliError(`${root} is not a kernel tree (no net/ folder)`);
  if (!existsSync(absolute)) throw new CliError(`no such file: ${absolute}`);
  const text = readFileSync(absolute, "utf8");
  const lines = text.split("\n");
  if (cmd.line < 1 || cmd.line > lines.length)
    throw new CliError(`${cmd.file} has ${lines.length} lines; line ${cmd.line} is outside it`);
  if (cmd.column < 1 || cmd.column > lines[cmd.line - 1]!.length + 1)
    throw new CliError(`line ${cmd.line} of ${cmd.file} has ${lines[cmd.line - 1]!.length} columns`);

  const progress = progressLine(stderr, "indexing");
  const session = await openLspSession(root, { onIndexProgress: progress.update });
  try {
    await session.indexed;
    progress.end();
    const markdown = await hoverAt(session, absolute, text, cmd.line - 1, cmd.column - 1, cmd.run);
    const { scenario = DEFAULT_SCENARIO, params, sysctls, seed } = cmd.run;
    const shown = markdown && terminalLinks(markdown, { scenario, sets: { ...params, ...sysctls }, seed });
    stdout.write(shown ? shown + "\n" : `no hover at ${cmd.file}:${cmd.line}:${cmd.column}\n`);
    return markdown ? 0 : 1;
  } finally {
    progress.end();
    await session.close();
  }
}

/** Opens the file, runs the scenario if one is given, and asks for the hover (0-based position). */
export async function hoverAt(
  session: LspSession,
  absolute: string,
  text: string,
  line: number,
  character: number,
  run: RunParams = {},
): Promise<string | undefined> {
  const uri = pathToFileURL(absolute).href;
  await session.client.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "c", version: 1, text },
  });
  if (Object.keys(run).length > 0) await session.client.sendRequest(RunScenarioRequest, run);
  const hover = await session.client.sendRequest<Hover | null>("textDocument/hover", {
    textDocument: { uri },
    position: { line, character },
  });
  const contents = hover?.contents as MarkupContent | undefined;
  return contents?.value;
}

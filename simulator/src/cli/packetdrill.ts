// `kernel-lens packetdrill <script.pkt>`: run a packetdrill script against the simulated host and report
// like packetdrill: nothing but "pass", or the first mismatch as `script.pkt:LINE: error: …`. Exit 0 on
// pass, 1 on a mismatch, 2 on a script error (syntax, not modelled) — see simulator/PACKETDRILL.md.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { UsageError } from "../scenario/errors.js";
import type { Override } from "../scenario/types.js";
import { runPacketdrill } from "../packetdrill/run.js";
import { formatLineTrace, outcomeLine } from "../packetdrill/report.js";

export interface PacketdrillCommand {
  script: string;
  sets: Override[];
  json: boolean;
  trace: boolean;
}

export function runPacketdrillCommand(
  cmd: PacketdrillCommand,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): number {
  let text: string;
  try {
    text = readFileSync(cmd.script, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read ${cmd.script}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`,
    );
  }
  const result = runPacketdrill(text, basename(cmd.script), { sets: cmd.sets });
  const code = result.outcome.kind === "pass" ? 0 : result.outcome.kind === "mismatch" ? 1 : 2;
  if (cmd.json) {
    stdout.write(JSON.stringify(result) + "\n");
    return code;
  }
  if (cmd.trace) stdout.write(formatLineTrace(result, text));
  for (const line of [...result.notes, ...result.warnings]) stderr.write(line + "\n");
  if (code === 0) stdout.write(outcomeLine(result) + "\n");
  else stderr.write(outcomeLine(result) + "\n");
  return code;
}

// The text `kernel-lens packetdrill` prints: notes and warnings, then the outcome as packetdrill words it
// ("script.pkt:LINE: error: …"), optionally preceded by the trace of each script line.
import { formatEffect } from "../report/traceText.js";
import type { PacketdrillResult } from "./run.js";

export function outcomeLine(r: PacketdrillResult): string {
  const o = r.outcome;
  if (o.kind === "pass") return `${r.file}: pass`;
  const where = `${r.file}:${o.line}${o.column !== undefined ? `:${o.column}` : ""}`;
  return `${where}: error: ${o.message}`;
}

/** Script lines with the kernel functions each caused or observed, indented by call depth. */
export function formatLineTrace(r: PacketdrillResult, scriptText: string): string {
  const src = scriptText.split("\n");
  const out: string[] = [];
  for (const { line, events } of r.lines) {
    out.push(`${String(line).padStart(4)}| ${(src[line - 1] ?? "").trim()}`);
    for (const id of events) {
      const e = r.run.events[id];
      if (!e) continue;
      const effects = e.effects.map(formatEffect).filter(Boolean);
      out.push(
        `      ${(e.t / 1000).toFixed(3)} ${"  ".repeat(e.depth)}${e.fn}(${e.args})${e.ret !== undefined ? ` = ${e.ret}` : ""}${effects.length ? `  ⇒ ${effects.join("; ")}` : ""}`,
      );
    }
  }
  return out.join("\n") + "\n";
}

export function formatPacketdrillText(
  r: PacketdrillResult,
  scriptText: string,
  opts: { trace?: boolean } = {},
): string {
  const parts: string[] = [];
  if (opts.trace) parts.push(formatLineTrace(r, scriptText));
  for (const n of r.notes) parts.push(n + "\n");
  for (const w of r.warnings) parts.push(w + "\n");
  parts.push(outcomeLine(r) + "\n");
  return parts.join("");
}

// A hover's editor command links, as what a terminal user types instead: "Run to here" becomes the
// `kernel-lens run … --stop-at` that stops at the same call, "Show in run view" the command that prints that
// function's calls in the trace. Links the CLI cannot run are left as they are.
import { ClientCommands } from "../protocol.js";

/** The run the hover described, as the CLI was asked for it. */
export interface TerminalRun {
  /** The scenario as given (a built-in name or a file), or the server's default. */
  scenario: string;
  /** Scenario parameters and sysctls, as `--set KEY=VALUE` takes them. */
  sets: Record<string, number | string>;
  seed?: number;
}

/** `[label](command:id?args)`; a label may hold code spans (`Run to first \`1\``). */
const COMMAND_LINK = /\[((?:[^\]`]|`[^`]*`)*)\]\(command:([\w.]+)\?([^)\s]*)\)/g;

/** A line of command links and nothing else, as hovers end: each becomes a line of its own. */
const LINKS_ONLY = /^\[[^\n]*\)$/;

export function terminalLinks(markdown: string, run: TerminalRun): string {
  return markdown
    .split("\n")
    .flatMap((line) => {
      const rendered = line.replace(
        COMMAND_LINK,
        (link, label: string, command: string, encoded: string) =>
          terminalLink(label, command, encoded, run) ?? link,
      );
      if (rendered === line || !LINKS_ONLY.test(line)) return [rendered];
      // Markdown needs two spaces to end a line inside a paragraph; a terminal shows them as nothing.
      return rendered.split(" · ").map((part, i, parts) => (i < parts.length - 1 ? `${part}  ` : part));
    })
    .join("\n");
}

function terminalLink(label: string, command: string, encoded: string, run: TerminalRun): string | undefined {
  let args: unknown;
  try {
    args = JSON.parse(decodeURIComponent(encoded));
  } catch {
    return undefined;
  }
  // `kernel-lens run` takes scenarios; a packetdrill script runs with `kernel-lens packetdrill`, unstoppable.
  if (!Array.isArray(args) || run.scenario.endsWith(".pkt")) return undefined;
  if (command === ClientCommands.runToHere && typeof args[0] === "string") {
    const value = typeof args[1] === "string" ? `=${args[1]}` : "";
    return `${label}: \`${runCommand(run, ["--stop-at", `${args[0]}${value}`])}\``;
  }
  if (command === ClientCommands.showEvent && typeof args[1] === "string") {
    return `${args[1]}'s calls in the trace: \`${runCommand(run, ["--fn", args[1]])}\``;
  }
  return undefined;
}

function runCommand(run: TerminalRun, extra: string[]): string {
  const words = ["kernel-lens", "run", run.scenario];
  for (const [key, value] of Object.entries(run.sets)) words.push("--set", `${key}=${value}`);
  if (run.seed !== undefined) words.push("--seed", String(run.seed));
  return [...words, ...extra].map(shellWord).join(" ");
}

/** A word as a POSIX shell reads it back: quoted when it holds anything but plain characters. */
function shellWord(word: string): string {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

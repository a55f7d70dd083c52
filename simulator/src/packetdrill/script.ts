// A packetdrill script after parsing: timed events (packets, system calls, shell commands) with their
// positions, so every check and every error can name the script line.

/** An event time in microseconds: absolute from the script start, or relative to the previous event. */
export interface ScriptTime {
  kind: "abs" | "rel";
  us: number;
}

export interface TcpOptionSpec {
  kind: "nop" | "eol" | "mss" | "wscale" | "sackOK" | "sack" | "TS" | "FO";
  value?: number;
  column: number;
}

export type Expr = { line: number; column: number } & (
  | { kind: "ellipsis" }
  | { kind: "int"; value: number }
  | { kind: "word"; name: string }
  | { kind: "string"; value: string }
  | { kind: "or"; left: Expr; right: Expr }
  | { kind: "array"; items: Expr[] }
  | { kind: "struct"; fields: { name: string; value: Expr }[] }
  | { kind: "call"; name: string; args: Expr[] }
);

interface EventBase {
  /** 1-based line and column of the event's time. */
  line: number;
  column: number;
  time: ScriptTime;
  /** The script text of the event (its first line), for messages. */
  text: string;
}

export interface PacketEvent extends EventBase {
  kind: "packet";
  direction: "<" | ">";
  /** Flag letters as written (S, F, R, P, U, E, W), plus "." for ACK. */
  flags: string;
  seq: number;
  end: number;
  len: number;
  ack?: number;
  win?: number;
  /** undefined: no options written; "any": `<...>`. */
  options?: TcpOptionSpec[] | "any";
}

export interface SyscallEvent extends EventBase {
  kind: "syscall";
  name: string;
  nameColumn: number;
  args: Expr[];
  result: Expr;
  errno?: string;
  /** `start...end`: a call expected to block until `end` (same base as the start time). */
  end?: ScriptTime;
}

export interface CommandEvent extends EventBase {
  kind: "command";
  command: string;
}

export type ScriptEvent = PacketEvent | SyscallEvent | CommandEvent;

export interface Script {
  /** `--name=value` lines before the first event. */
  options: { name: string; value: string; line: number; column: number }[];
  events: ScriptEvent[];
}

/** A script problem found before or while running: a syntax error or something the model does not cover. */
export class PacketdrillScriptError extends Error {
  constructor(
    readonly line: number,
    readonly column: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** "not modelled: …" errors (exit 2 like a syntax error, but a different kind of message). */
export function notModelled(line: number, column: number | undefined, what: string): PacketdrillScriptError {
  return new PacketdrillScriptError(line, column, `not modelled: ${what}`);
}

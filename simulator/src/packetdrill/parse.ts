// Lexer and parser for the packetdrill script language (the subset Kernel Lens runs). Written from the
// language's published grammar: events are `time action`, where the action is an inbound (`<`) or
// outbound (`>`) TCP segment, a system call `name(args) = result [ERRNO [(note)]]`, or a `shell command`.
// Every error carries the line and column and says what was expected.
import {
  PacketdrillScriptError,
  notModelled,
  type Expr,
  type PacketEvent,
  type Script,
  type ScriptEvent,
  type ScriptTime,
  type SyscallEvent,
  type TcpOptionSpec,
} from "./script.js";

type TokenType = "num" | "word" | "str" | "cmd" | "code" | "option" | "ellipsis" | "punct" | "eof";

interface Token {
  type: TokenType;
  text: string;
  line: number;
  column: number;
}

/** Scripts larger than this are refused rather than tokenised. */
const MAX_SCRIPT_CHARS = 1_000_000;

function syntax(t: { line: number; column: number }, message: string): PacketdrillScriptError {
  return new PacketdrillScriptError(t.line, t.column, `syntax error: ${message}`);
}

function describe(t: Token): string {
  if (t.type === "eof") return "end of file";
  if (t.type === "cmd") return "a `command`";
  return `"${t.text}"`;
}

export function tokenize(text: string): Token[] {
  if (text.length > MAX_SCRIPT_CHARS)
    throw new PacketdrillScriptError(
      1,
      1,
      `script too large (${text.length} characters, limit ${MAX_SCRIPT_CHARS})`,
    );
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  const advance = (n: number): void => {
    for (let k = 0; k < n; k++) {
      if (text[i] === "\n") {
        line++;
        col = 1;
      } else col++;
      i++;
    }
  };
  while (i < text.length) {
    const c = text[i]!;
    const startLine = line;
    const startCol = col;
    const push = (type: TokenType, len: number, value?: string): void => {
      const raw = text.slice(i, i + len);
      tokens.push({ type, text: value ?? raw, line: startLine, column: startCol });
      advance(len);
    };
    if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      advance(1);
      continue;
    }
    if (text.startsWith("//", i)) {
      const nl = text.indexOf("\n", i);
      advance((nl < 0 ? text.length : nl) - i);
      continue;
    }
    if (text.startsWith("/*", i)) {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) throw syntax({ line, column: col }, "unterminated /* comment");
      advance(close + 2 - i);
      continue;
    }
    if (text.startsWith("%{", i)) {
      const close = text.indexOf("}%", i + 2);
      if (close < 0) throw syntax({ line, column: col }, "unterminated %{ code }% block");
      push("code", close + 2 - i);
      continue;
    }
    if (c === "`") {
      const close = text.indexOf("`", i + 1);
      if (close < 0) throw syntax({ line, column: col }, "unterminated `command`");
      push("cmd", close + 1 - i, text.slice(i + 1, close));
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      if (text[j] !== '"') throw syntax({ line, column: col }, "unterminated string");
      push("str", j + 1 - i, text.slice(i + 1, j));
      continue;
    }
    if (text.startsWith("...", i)) {
      push("ellipsis", 3);
      continue;
    }
    if (text.startsWith("--", i) && /[A-Za-z]/.test(text[i + 2] ?? "")) {
      const m = /^--[^\s]+/.exec(text.slice(i))!;
      push("option", m[0].length);
      continue;
    }
    const prev = text[i - 1] ?? " ";
    const num = /^(0x[0-9a-fA-F]+|-?[0-9]*\.[0-9]+|-?[0-9]+)/.exec(text.slice(i));
    // A "." right after a letter is the ACK flag of `S.`, not the start of a number.
    if (num && !(c === "." && /[A-Za-z]/.test(prev)) && !(c === "-" && /[A-Za-z0-9)]/.test(prev))) {
      push("num", num[0].length);
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (word) {
      push("word", word[0].length);
      continue;
    }
    push("punct", 1);
  }
  tokens.push({ type: "eof", text: "", line, column: col });
  return tokens;
}

/** Seconds as written ("0.100", ".1", "2") → integer microseconds. */
function toMicros(t: Token): number {
  const v = Number(t.text);
  if (!Number.isFinite(v) || v < 0 || t.text.startsWith("0x"))
    throw syntax(t, `expected a time in seconds, got ${describe(t)}`);
  return Math.round(v * 1e6);
}

function intValue(t: Token, what: string): number {
  if (t.type !== "num" || (!t.text.startsWith("0x") && !/^-?[0-9]+$/.test(t.text)))
    throw syntax(t, `expected ${what} (an integer), got ${describe(t)}`);
  return t.text.startsWith("0x") ? parseInt(t.text.slice(2), 16) : Number(t.text);
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly lines: string[],
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.type !== "eof") this.pos++;
    return t;
  }
  private isPunct(ch: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === "punct" && t.text === ch;
  }
  private expectPunct(ch: string, context: string): Token {
    const t = this.next();
    if (t.type !== "punct" || t.text !== ch)
      throw syntax(t, `expected "${ch}" ${context}, got ${describe(t)}`);
    return t;
  }

  parse(): Script {
    const script: Script = { options: [], events: [] };
    while (this.peek().type === "option") {
      const t = this.next();
      const m = /^--([A-Za-z0-9_]+)(?:=(.*))?$/.exec(t.text);
      if (!m) throw syntax(t, `expected --name=value, got "${t.text}"`);
      script.options.push({ name: m[1]!, value: m[2] ?? "", line: t.line, column: t.column });
    }
    // An init command: a `command` before the first timed event.
    if (this.peek().type === "cmd") {
      const t = this.next();
      script.events.push({
        kind: "command",
        line: t.line,
        column: t.column,
        time: { kind: "abs", us: 0 },
        text: this.lineText(t.line),
        command: t.text,
      });
    }
    while (this.peek().type !== "eof") script.events.push(this.event());
    return script;
  }

  private lineText(line: number): string {
    return (this.lines[line - 1] ?? "").trim();
  }

  private event(): ScriptEvent {
    const first = this.peek();
    const time = this.time();
    let end: ScriptTime | undefined;
    if (this.peek().type === "ellipsis") {
      this.next();
      if (this.isPunct("+")) this.next();
      const t = this.next();
      if (t.type !== "num") throw syntax(t, `expected the end time after "...", got ${describe(t)}`);
      end = { kind: time.kind, us: toMicros(t) };
    }
    const base = { line: first.line, column: first.column, time, text: this.lineText(first.line) };
    const t = this.peek();
    if (t.type === "punct" && (t.text === "<" || t.text === ">")) {
      if (end) throw syntax(t, "a `...` end time belongs to a system call, not a packet");
      return this.packet(base);
    }
    if (t.type === "cmd") {
      if (end) throw syntax(t, "a `...` end time belongs to a system call, not a command");
      this.next();
      return { ...base, kind: "command", command: t.text };
    }
    if (t.type === "code")
      throw notModelled(t.line, t.column, "%{ python }% code blocks (tcp_info inspection)");
    if (t.type === "word" && this.isPunct("(", 1)) return this.syscall(base, end);
    throw syntax(
      t,
      `expected a packet (< or >), a system call or a \`command\` after the time, got ${describe(t)}`,
    );
  }

  private time(): ScriptTime {
    const t = this.next();
    if (t.type === "punct" && t.text === "*")
      throw notModelled(t.line, t.column, 'the "*" any-time wildcard');
    let kind: ScriptTime["kind"] = "abs";
    let num = t;
    if (t.type === "punct" && t.text === "+") {
      kind = "rel";
      num = this.next();
    }
    if (num.type !== "num")
      throw syntax(num, `expected an event time (0.100, +0.1, +0...1.0), got ${describe(num)}`);
    const us = toMicros(num);
    if (this.isPunct("~")) throw notModelled(this.peek().line, this.peek().column, 'time ranges "t1~t2"');
    return { kind, us };
  }

  private packet(
    base: Omit<PacketEvent, "kind" | "direction" | "flags" | "seq" | "end" | "len">,
  ): PacketEvent {
    const dir = this.next().text as "<" | ">";
    let t = this.peek();
    if (t.type === "punct" && t.text === "[")
      throw notModelled(t.line, t.column, "ECN marks ([ect0], [ce] …)");
    if (t.type === "word" && /^(udp|icmp)$/i.test(t.text))
      throw notModelled(t.line, t.column, `${t.text.toUpperCase()} packets (only TCP is modelled)`);
    // Flags: a word of flag letters, optionally followed by "." (ACK); "." alone; "-" for none.
    let flags = "";
    t = this.next();
    if (t.type === "word") {
      if (!/^[SFRPUEWC]+$/.test(t.text))
        throw syntax(t, `expected TCP flags (S, F, R, P, U, E, W and/or "."), got ${describe(t)}`);
      flags = t.text;
      if (this.isPunct(".")) {
        this.next();
        flags += ".";
      }
    } else if (t.type === "punct" && t.text === ".") flags = ".";
    else if (t.type === "punct" && t.text === "-") flags = "";
    else throw syntax(t, `expected TCP flags (S, S., ., R, R., P., F.), got ${describe(t)}`);
    const seqTok = this.next();
    const seq = intValue(seqTok, "the start sequence number");
    this.expectPunct(":", "in start:end(length)");
    const end = intValue(this.next(), "the end sequence number");
    this.expectPunct("(", "in start:end(length)");
    const lenTok = this.next();
    const len = intValue(lenTok, "the payload length");
    this.expectPunct(")", "in start:end(length)");
    if (len < 0 || (end - seq) >>> 0 !== len)
      throw syntax(seqTok, `start:end(length) must satisfy end - start = length (${seq}:${end}(${len}))`);
    const p: PacketEvent = { ...base, kind: "packet", direction: dir, flags, seq, end, len };
    for (;;) {
      const k = this.peek();
      if (k.type === "word" && k.text === "ack") {
        this.next();
        p.ack = intValue(this.next(), "the ack number");
      } else if (k.type === "word" && k.text === "win") {
        this.next();
        p.win = intValue(this.next(), "the window");
      } else if (k.type === "punct" && k.text === "<") {
        this.next();
        p.options = this.tcpOptions();
      } else break;
    }
    const after = this.peek();
    if (!(
      after.type === "eof" ||
      after.type === "num" ||
      (after.type === "punct" && "+*".includes(after.text))
    ))
      throw syntax(after, `expected ack N, win N, <options> or the next event, got ${describe(after)}`);
    return p;
  }

  private tcpOptions(): TcpOptionSpec[] | "any" {
    if (this.peek().type === "ellipsis") {
      this.next();
      this.expectPunct(">", "after <...");
      return "any";
    }
    const opts: TcpOptionSpec[] = [];
    for (;;) {
      const t = this.next();
      if (t.type !== "word")
        throw syntax(
          t,
          `expected a TCP option (mss, nop, sackOK, wscale, TS, sack, eol), got ${describe(t)}`,
        );
      const o: TcpOptionSpec = { kind: "nop", column: t.column };
      switch (t.text) {
        case "nop":
        case "eol":
        case "sackOK":
          o.kind = t.text;
          break;
        case "mss":
        case "wscale":
          o.kind = t.text;
          o.value = intValue(this.next(), `the ${t.text} value`);
          break;
        case "TS": {
          o.kind = "TS";
          const v = this.next();
          if (v.text !== "val") throw syntax(v, `expected "val" after TS, got ${describe(v)}`);
          o.value = intValue(this.next(), "the TS val");
          const e = this.next();
          if (e.text !== "ecr") throw syntax(e, `expected "ecr", got ${describe(e)}`);
          intValue(this.next(), "the TS ecr");
          break;
        }
        case "sack":
          o.kind = "sack";
          while (this.peek().type === "num") {
            this.next();
            this.expectPunct(":", "in a sack block start:end");
            intValue(this.next(), "a sack block end");
          }
          break;
        case "FO":
          o.kind = "FO";
          while (this.peek().type === "num" || this.peek().type === "word") this.next();
          break;
        default:
          throw syntax(
            t,
            `unknown TCP option "${t.text}" (expected mss, nop, sackOK, wscale, TS, sack, FO, eol)`,
          );
      }
      opts.push(o);
      const sep = this.next();
      if (sep.type === "punct" && sep.text === ">") return opts;
      if (!(sep.type === "punct" && sep.text === ","))
        throw syntax(sep, `expected "," or ">" in TCP options, got ${describe(sep)}`);
    }
  }

  private syscall(
    base: Omit<SyscallEvent, "kind" | "name" | "nameColumn" | "args" | "result">,
    end: ScriptTime | undefined,
  ): SyscallEvent {
    const name = this.next();
    this.expectPunct("(", `after ${name.text}`);
    const args = this.exprList(")");
    const eq = this.next();
    if (!(eq.type === "punct" && eq.text === "="))
      throw syntax(eq, `expected "= result" after ${name.text}(…), got ${describe(eq)}`);
    const result = this.expr();
    const call: SyscallEvent = {
      ...base,
      kind: "syscall",
      name: name.text,
      nameColumn: name.column,
      args,
      result,
    };
    if (end) call.end = end;
    const e = this.peek();
    if (e.type === "word" && /^E[A-Z0-9]+$/.test(e.text)) {
      this.next();
      call.errno = e.text;
    }
    {
      if (this.isPunct("(")) {
        // The strace-style note: "(Operation now in progress)", "(flags O_RDWR)".
        this.next();
        while (!this.isPunct(")")) {
          const w = this.next();
          if (w.type === "eof") throw syntax(w, 'expected ")" closing the errno note');
        }
        this.next();
      }
    }
    const after = this.peek();
    if (!(
      after.type === "eof" ||
      after.type === "num" ||
      (after.type === "punct" && "+*".includes(after.text))
    ))
      throw syntax(after, `expected an errno (EAGAIN …) or the next event, got ${describe(after)}`);
    return call;
  }

  private exprList(close: string): Expr[] {
    const items: Expr[] = [];
    if (this.isPunct(close)) {
      this.next();
      return items;
    }
    for (;;) {
      items.push(this.expr());
      const t = this.next();
      if (t.type === "punct" && t.text === close) return items;
      if (!(t.type === "punct" && t.text === ","))
        throw syntax(t, `expected "," or "${close}", got ${describe(t)}`);
    }
  }

  private expr(): Expr {
    let left = this.primary();
    while (this.isPunct("|")) {
      const op = this.next();
      left = { kind: "or", left, right: this.primary(), line: op.line, column: op.column };
    }
    return left;
  }

  private primary(): Expr {
    const t = this.next();
    const at = { line: t.line, column: t.column };
    switch (t.type) {
      case "ellipsis":
        return { kind: "ellipsis", ...at };
      case "num":
        return { kind: "int", value: intValue(t, "an integer"), ...at };
      case "str":
        return { kind: "string", value: t.text, ...at };
      case "word":
        if (this.isPunct("(")) {
          this.next();
          return { kind: "call", name: t.text, args: this.exprList(")"), ...at };
        }
        return { kind: "word", name: t.text, ...at };
      case "punct":
        if (t.text === "[") return { kind: "array", items: this.exprList("]"), ...at };
        if (t.text === "{") {
          const fields: { name: string; value: Expr }[] = [];
          if (this.isPunct("}")) {
            this.next();
            return { kind: "struct", fields, ...at };
          }
          for (;;) {
            const n = this.next();
            if (n.type !== "word") throw syntax(n, `expected a field name in {…}, got ${describe(n)}`);
            this.expectPunct("=", `after ${n.text}`);
            fields.push({ name: n.text, value: this.expr() });
            const sep = this.next();
            if (sep.type === "punct" && sep.text === "}") return { kind: "struct", fields, ...at };
            if (!(sep.type === "punct" && sep.text === ","))
              throw syntax(sep, `expected "," or "}", got ${describe(sep)}`);
          }
        }
        break;
    }
    throw syntax(t, `expected an expression (number, NAME, ..., [..], {..}), got ${describe(t)}`);
  }
}

/** Parse a script; throws PacketdrillScriptError with the position of the first problem. */
export function parseScript(text: string): Script {
  return new Parser(tokenize(text), text.split("\n")).parse();
}

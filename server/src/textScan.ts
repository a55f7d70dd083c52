// What tree-sitter need not read, found by one scan of the text: function bodies (two thirds of net/'s
// bytes; the index needs only the calls in them, which the scan reads), comments and `#define` lines
// (two thirds of include/'s; a directive is a line, so macros are read from the text). Braces are counted
// along the first branch of each #if, as universal-ctags does, so a body whose `#ifdef … {` / `#else … {`
// / `#endif` opens one brace per branch still closes where it ends; calls are read in every branch.
import { endOfCommentOrLiteral, mayOpenCommentOrLiteral, opensLiteral } from "./commentsAndLiterals.js";
import type { Directives } from "./preprocessorLines.js";

/** A call written in a body: `tcp_conn_request(` direct, `->conn_request(` through a field. */
export interface BodyCall {
  name: string;
  start: number;
  field: boolean;
}

/** `sk->sk_data_ready = sock_def_readable;` in a body: a field set to a name. */
export interface FieldAssignment {
  field: string;
  /** Offset of the field's name. */
  start: number;
  /** The name assigned, without a leading `&`; the last member's for `= sk->sk_prot->backlog_rcv;`. */
  target: string;
  /** Offset of the target when it is a member: the value is what that struct's field holds. */
  targetStart?: number;
}

/** A body at file scope: the offsets of its `{` and `}`, the calls and field assignments between them. */
export interface FunctionBody {
  open: number;
  close: number;
  calls: BodyCall[];
  assignments: FieldAssignment[];
  /** [start, end) of each struct, union or enum defined in it, through its declaration's `;`. */
  types: [number, number][];
}

/** A `#define` directive: [start, end) of its lines, continuation lines included. */
export interface DefineLine {
  start: number;
  end: number;
  /** Whether the code before it ended a declaration or element (`;` `{` `}` `,`, or nothing): tree-sitter
   * can then skip it without joining the lines around it into one statement. After
   * `ATOMIC64_OPS(sub)`, which has no `;` (include/asm-generic/atomic64.h), it cannot. */
  afterStatement: boolean;
}

export interface TextScan {
  /** Empty when the braces do not balance along the first branches (a truncated file, a body split
   * across #if branches): then bodies are parsed. */
  bodies: FunctionBody[];
  balanced: boolean;
  /** [start, end) of each comment, in order. */
  comments: [number, number][];
  /** Each `#define` directive, none inside a comment. */
  defines: DefineLine[];
}

/** Words followed by `(` that are not calls; tree-sitter reads them as statements, operators or types. */
const NOT_CALLEES: ReadonlySet<string> = new Set([
  "if",
  "for",
  "while",
  "switch",
  "return",
  "sizeof",
  "typeof",
  "__typeof",
  "__typeof__",
  "_Alignof",
  "__alignof__",
  "alignof",
  "_Generic",
  "__attribute__",
  "__attribute",
  "asm",
  "__asm",
  "__asm__",
  "volatile",
  "__volatile__",
  "__volatile",
  "do",
  "else",
  "case",
  "goto",
  "offsetof",
  "__builtin_offsetof",
  "__builtin_types_compatible_p",
  "__builtin_va_arg",
  "__extension__",
  "int",
  "char",
  "short",
  "long",
  "unsigned",
  "signed",
  "void",
  "float",
  "double",
  "const",
]);

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const NEWLINE = 0x0a;
const EQUALS = 0x3d;
/** lastCode after a word. */
const WORD = 0x41;

const STATEMENT_ENDS: ReadonlySet<number> = new Set([0, 0x3b, OPEN_BRACE, CLOSE_BRACE, 0x2c]);

/** Bodies (a `{` at file scope right after a `)`), comments and `#define` lines of `text`. */
export function scanText(text: string, directives: Directives): TextScan {
  const ranges = directives();
  const bodies: FunctionBody[] = [];
  const comments: [number, number][] = [];
  const defines: DefineLine[] = [];
  const length = text.length;
  /** One entry per open #if: whether the scan is past its first branch. */
  const conditionals: boolean[] = [];
  let skipping = 0;
  let nextDirective = 0;
  let depth = 0;
  /** The last character of code before this point at file scope (0 after a word). */
  let previous = 0;
  /** The last character of code at any depth, directives and comments not counted. */
  let lastCode = 0;
  let body: FunctionBody | undefined;
  let unbalanced = false;
  let i = 0;
  while (i < length) {
    while (nextDirective < ranges.length && ranges[nextDirective]![0] < i) nextDirective++;
    const directive = ranges[nextDirective];
    if (directive && directive[0] === i) {
      const keyword = directiveKeyword(text, i);
      if (keyword === "define") {
        defines.push({
          start: directive[0],
          end: directive[1],
          afterStatement: STATEMENT_ENDS.has(lastCode),
        });
      } else {
        skipping = followConditional(keyword, conditionals, skipping);
      }
      i = directive[1];
      nextDirective++;
      continue;
    }
    const c = text.charCodeAt(i);
    const literalOrCommentEnd = mayOpenCommentOrLiteral(c) ? endOfCommentOrLiteral(text, i) : undefined;
    if (literalOrCommentEnd !== undefined) {
      if (!opensLiteral(c)) {
        comments.push([i, literalOrCommentEnd]);
      } else {
        if (depth === 0) previous = c;
        lastCode = c;
      }
      i = literalOrCommentEnd;
      continue;
    } else if (skipping > 0 && (c === OPEN_BRACE || c === CLOSE_BRACE)) {
      // Braces past a first branch are not counted; the calls there are still read.
      lastCode = c;
      i++;
      continue;
    } else if (c === OPEN_BRACE) {
      if (depth === 0 && previous === CLOSE_PAREN)
        body = { open: i, close: -1, calls: [], assignments: [], types: [] };
      depth++;
      lastCode = c;
      i++;
      continue;
    } else if (c === CLOSE_BRACE) {
      if (--depth < 0) {
        // More closing braces than opening ones: bodies cannot be told, comments and lines still can.
        unbalanced = true;
        depth = 0;
      }
      if (depth === 0) {
        if (body) {
          body.close = i;
          bodies.push(body);
          body = undefined;
        }
        previous = c;
      }
      lastCode = c;
      i++;
      continue;
    } else if (isWordStart(c)) {
      let end = i + 1;
      while (end < length && isWordPart(text.charCodeAt(end))) end++;
      if (body) {
        const type = skipping === 0 ? localTypeEnd(text, i, end) : undefined;
        if (type !== undefined) {
          // A struct, union or enum defined in a body (net/openvswitch/flow.c: llc_snap_hdr) stays in
          // the parse, so the index has its fields.
          body.types.push([i, type]);
          lastCode = 0x3b;
          i = type;
          continue;
        }
        const after = skipBlanks(text, end);
        const assigned = text.charCodeAt(after) === EQUALS ? assignedName(text, after) : undefined;
        if (assigned !== undefined && isFieldName(text, i)) {
          body.assignments.push({
            field: text.slice(i, end),
            start: i,
            target: assigned.name,
            ...(isFieldName(text, assigned.start) && { targetStart: assigned.start }),
          });
        } else if (text.charCodeAt(after) === OPEN_PAREN || isParenthesizedField(text, i, after)) {
          const name = text.slice(i, end);
          if (!NOT_CALLEES.has(name) && !isDigit(c)) {
            body.calls.push({ name, start: i, field: isFieldName(text, i) });
          }
        }
      } else if (depth === 0) {
        previous = 0;
      }
      lastCode = WORD;
      i = end;
      continue;
    }
    if (c > 0x20) {
      if (depth === 0) previous = c;
      lastCode = c;
    }
    i++;
  }
  const balanced = depth === 0 && !unbalanced;
  return { bodies: balanced ? bodies : [], balanced, comments, defines };
}

function directiveKeyword(text: string, start: number): string | undefined {
  return /^[ \t]*#[ \t]*(\w+)/.exec(text.slice(start, start + 64))?.[1];
}

/** Updates the #if stack for a directive; returns how many open #ifs are past their first branch. */
function followConditional(keyword: string | undefined, conditionals: boolean[], skipping: number): number {
  switch (keyword) {
    case "if":
    case "ifdef":
    case "ifndef":
      conditionals.push(false);
      return skipping;
    case "elif":
    case "else":
      if (conditionals.length > 0 && !conditionals[conditionals.length - 1]) {
        conditionals[conditionals.length - 1] = true;
        return skipping + 1;
      }
      return skipping;
    case "endif":
      return conditionals.pop() ? skipping - 1 : skipping;
    default:
      return skipping;
  }
}

/** Where the declaration of a type defined at `start` (`struct x {`, `enum {`) ends: after its `;`;
 * undefined when the word there does not define one. */
function localTypeEnd(text: string, start: number, wordEnd: number): number | undefined {
  const word = text.slice(start, wordEnd);
  if (word !== "struct" && word !== "union" && word !== "enum") return undefined;
  let i = skipBlanks(text, wordEnd);
  while (i < text.length && isWordPart(text.charCodeAt(i))) i++;
  i = skipBlanks(text, i);
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE) depth++;
    else if (c === CLOSE_BRACE && --depth === 0) break;
  }
  const semicolon = text.indexOf(";", i);
  const close = text.indexOf("}", i + 1);
  // A `}` before the `;` would be the body's own: the type is kept up to its closing brace then.
  return semicolon < 0 || (close >= 0 && close < semicolon) ? Math.min(i + 1, text.length) : semicolon + 1;
}

/** The name in `= name;` or `= &name;` starting at the `=` at `equals` (not `==`). */
function assignedName(text: string, equals: number): { name: string; start: number } | undefined {
  if (text.charCodeAt(equals + 1) === EQUALS) return undefined;
  let i = skipBlanks(text, equals + 1);
  if (text.charCodeAt(i) === 0x26) i = skipBlanks(text, i + 1);
  let start = i;
  if (!isWordStart(text.charCodeAt(i)) || isDigit(text.charCodeAt(i))) return undefined;
  while (i < text.length && isWordPart(text.charCodeAt(i))) i++;
  // `= sk->sk_prot->backlog_rcv;`: the value is the last member's (af_inet.c: inet_create).
  for (let step = skipBlanks(text, i); ; step = skipBlanks(text, i)) {
    const arrow = text.charCodeAt(step) === 0x2d && text.charCodeAt(step + 1) === 0x3e;
    if (!arrow && text.charCodeAt(step) !== 0x2e) break;
    const member = skipBlanks(text, step + (arrow ? 2 : 1));
    if (!isWordStart(text.charCodeAt(member)) || isDigit(text.charCodeAt(member))) return undefined;
    start = i = member;
    while (i < text.length && isWordPart(text.charCodeAt(i))) i++;
  }
  const name = text.slice(start, i);
  // NULL, TCP_CLOSE …: constants, never a function.
  if (/^[A-Z0-9_]+$/.test(name) || NOT_CALLEES.has(name)) return undefined;
  return text.charCodeAt(skipBlanks(text, i)) === 0x3b ? { name, start } : undefined;
}

/** `(*ops->fn)(…)`: a field name closed by `)` and then called. */
function isParenthesizedField(text: string, start: number, after: number): boolean {
  if (text.charCodeAt(after) !== CLOSE_PAREN) return false;
  if (text.charCodeAt(skipBlanks(text, after + 1)) !== OPEN_PAREN) return false;
  return isFieldName(text, start);
}

/** Whether the word at `start` follows `->` or `.` (not `...`). */
function isFieldName(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  const c = text.charCodeAt(i);
  if (c === 0x3e) return text.charCodeAt(i - 1) === 0x2d;
  return c === 0x2e && text.charCodeAt(i - 1) !== 0x2e;
}

function skipBlanks(text: string, from: number): number {
  let i = from;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  return i;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === NEWLINE || c === 0x0d || c === 0x0b || c === 0x0c;
}

function isWordStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || isDigit(c);
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || c === 0x24;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

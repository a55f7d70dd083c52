// What tree-sitter need not read, found by one scan of the text: function bodies (two thirds of net/'s
// bytes; the index needs only the calls in them, which the scan reads), comments and `#define` lines
// (two thirds of include/'s; a directive is a line, so macros are read from the text), the parameter lists
// of definitions and prototypes (a third of the nodes left; their names are read from the text), the brace
// lists of file-scope variables and enumerator lists (read for calls like a body), tracepoint templates
// (`TRACE_EVENT(…)`, likewise), file-scope statements that are one macro call (`EXPORT_SYMBOL(f);`: their
// calls read likewise), and where struct bodies and statements start, for what extract.ts reads
// from the text instead of the tree (textFunctions.ts, structFields.ts). Braces are counted
// along the first branch of each #if, as universal-ctags does, so a body whose `#ifdef … {` / `#else … {`
// / `#endif` opens one brace per branch still closes where it ends; calls are read in every branch. A later
// branch is read like a first one when the code before it is complete and so is its own (the `static
// inline` stubs in an #else: 5,000 definitions over net/ + include/ that the parse no longer reads).
import { isCSpace } from "./cSpace.js";
import { endOfCommentOrLiteral, mayOpenCommentOrLiteral, opensLiteral } from "./commentsAndLiterals.js";
import { directiveKeyword, type Directives } from "./preprocessorLines.js";
import { TRACEPOINT_TEMPLATE_MACROS } from "./tracepoints.js";
import { DeclarationHead } from "./declarationHead.js";

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
  targetStart: number | undefined;
}

/** A body at file scope: the offsets of its `{` and `}` (or of the parentheses around a tracepoint template,
 * `TRACE_EVENT(…)`), the calls and field assignments between them. */
export interface FunctionBody {
  open: number;
  close: number;
  /** Offsets of the `(` and `)` of the parameter list right before a `{`, when it holds neither a directive
   * line nor, before it, another list (`int (*f(int a))(char b)`, a function returning a function pointer). */
  parameters?: [number, number];
  /** Where the statement holding the head begins: after the last `;` or `}` the scan saw at file scope, or
   * the start of the text. The head is read from there (textFunctions.ts), again from where it starts when
   * code came before it: braces past a first #if branch are not counted, so a `;` in a body there counts. */
  statementStart: number;
  calls: BodyCall[];
  assignments: FieldAssignment[];
  /** start, end, start, end … of each struct, union or enum defined in it ([start, end), through its
   * declaration's `;`): numbers only, so the list V8 creates for small integers never changes kind. */
  types: number[];
}

/** A file-scope statement that ends `(…);` after a type and one name (DeclarationHead). */
export interface PrototypeStatement {
  /** Offsets of the `(` and `)` of its parameter list. */
  parameters: [number, number];
  /** As a body's: after the last `;` or `}` at file scope. */
  statementStart: number;
  /** Offset of its `;`. */
  end: number;
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
  /** [start, end) of the `#include`, `#undef`, `#pragma`, `#error` and `#warning` lines tree-sitter can skip
   * (after a declaration ended, as DefineLine's afterStatement, and with no macro call): the index reads
   * includes from the text (includeTargets.ts) and nothing from the others. */
  skippableDirectives: [number, number][];
  /** Each file-scope prototype (`int tcp_v4_rcv(struct sk_buff *skb);`), whose parameter list the index
   * reads from the text as it does a definition's. */
  prototypes: PrototypeStatement[];
  /** The brace lists of file-scope variables (`struct proto tcp_prot = { … }`): the offsets of their `{` and
   * `}` and the calls in them, as for a body (parameters, assignments and types never set). The index reads
   * a table's designators from its text (opsTables.ts). */
  initializers: FunctionBody[];
  /** The enumerator lists at file scope (`enum tcp_ca_state { … }`), likewise read for calls (`BIT(3)` in a
   * value); the index reads their enumerators from the text (enums.ts). */
  enumBodies: FunctionBody[];
  /** The offsets of the `{` and `}` of each struct or union body at file scope (`struct tcp_sock { … }`);
   * the index reads the fields of a plain one from the text (structFields.ts). */
  structBodies: [number, number][];
  /** The file-scope statements that are one macro call (`EXPORT_SYMBOL(tcp_conn_request);`,
   * `module_init(inet_init);`), each where a statement begins: at the start, after a `;` or a body. */
  macroStatements: MacroStatement[];
}

/** `NAME(…);` at file scope. */
export interface MacroStatement {
  /** Offsets of the name's first character and of its `(`. */
  start: number;
  open: number;
  /** Past its `;`. */
  end: number;
  /** The macro's own call and those in its arguments. */
  calls: BodyCall[];
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
const EQUALS = 0x3d;
const SEMICOLON = 0x3b;
/** lastCode after a word. */
const WORD = 0x41;

/** Directives that neither define nor select code: what tree-sitter makes of them the index never reads. */
const SKIPPABLE_DIRECTIVES: ReadonlySet<string> = new Set(["include", "undef", "pragma", "error", "warning"]);

const STATEMENT_ENDS: ReadonlySet<number> = new Set([0, 0x3b, OPEN_BRACE, CLOSE_BRACE, 0x2c]);

/** An open #if. */
interface Conditional {
  /** Past its first branch: a later one is skipped (counted in `skipping`) unless `branchStart` is set. */
  pastFirst: boolean;
  /** Set while a later branch is read like a first one: the scan as that branch began. */
  branchStart: ScanState | undefined;
}

/** What the scan collects: every list of a TextScan. */
type ScanLists = Omit<TextScan, "balanced">;

/** The scan where a branch begins: the lengths of its lists and the state a branch can change. */
interface ScanState {
  position: number;
  lengths: Record<keyof ScanLists, number>;
  statementEnded: boolean;
  conditionals: Conditional[];
  skipping: number;
  nextDirective: number;
  nextDirectiveStart: number;
  previous: number;
  lastCode: number;
  statementStart: number;
  group: ParenGroup | undefined;
  head: DeclarationHead;
  enumHead: number;
  structHead: number;
}

/** A parenthesized group at file scope: [open, close] offsets (close -1 while open). */
interface ParenGroup {
  open: number;
  close: number;
  /** Right after another group: `int (*f(int a))(char b)`, whose parameters are in the first. */
  afterGroup: boolean;
  /** Holds a directive line, which the parse cannot leave out alone. */
  directive: boolean;
  /** Follows a declaration's head: a name after its type (DeclarationHead). */
  declares: boolean;
}

/** Bodies (a `{` at file scope right after a `)`), comments and `#define` lines of `text`. */
export function scanText(text: string, directives: Directives): TextScan {
  return new TextScanner(text, directives()).scan();
}

/**
 * One pass over the text, a method per kind of token. Small methods keep V8's optimised code small: each
 * index worker compiles this anew, and one 150-line loop was recompiled ten times at ≈ 40 ms each as later
 * files took paths the first had not.
 */
class TextScanner {
  /** A branch read again as skipped truncates each list to its length where the branch began. */
  private readonly found = emptyLists();
  /** Where `body` goes when it closes: a function's body, or a brace list read for calls only (a variable's
   * initializer, an enumerator list), which sets no field and defines no type. */
  private bodyList: FunctionBody[] = this.found.bodies;
  /** At file scope: 1 right after the word `enum`, 2 after its tag, else 0. */
  private enumHead = 0;
  /** Likewise after `struct` or `union`. */
  private structHead = 0;
  /** The `{` of the struct body being read, or -1. */
  private structOpen = -1;
  /** At file scope, nothing since the start, a `;` or a function's body: a statement begins. */
  private statementEnded = true;
  /** The start and end of the name a statement began with, while nothing else followed it, or -1. */
  private macroName = -1;
  private macroNameEnd = -1;
  /** A statement of a name and a group, from that group's `(` until its `;` or any other code. */
  private macroCall: MacroStatement | undefined = undefined;
  /** One entry per open #if: which of its branches the scan is in. This list and `head` are restored in
   * place (readAsSkipped): a field V8 saw stored once is a constant to the optimised code, which a late
   * second store would discard. */
  private readonly conditionals: Conditional[] = [];
  private skipping = 0;
  private nextDirective = 0;
  /** Where that directive starts: no directive starts before it, so most characters skip directiveAt. */
  private nextDirectiveStart = 0;
  private depth = 0;
  /** The last character of code before this point at file scope (0 after a word). */
  private previous = 0;
  /** The last character of code at any depth, directives and comments not counted. */
  private lastCode = 0;
  /** After the last `;` or `}` at file scope. */
  private statementStart = 0;
  private body: FunctionBody | undefined = undefined;
  /** Open parentheses at file scope, and where the last group of them opened and closed. */
  private parens = 0;
  private group: ParenGroup | undefined;
  private readonly head = new DeclarationHead();
  /** Open parentheses of the tracepoint template being read; 0 outside one. */
  private templateParens = 0;
  private unbalanced = false;

  constructor(
    private readonly text: string,
    private readonly directiveRanges: readonly (readonly [number, number])[],
  ) {}

  scan(): TextScan {
    const { text } = this;
    const length = text.length;
    let i = 0;
    while (i < length) {
      const directiveEnd = i >= this.nextDirectiveStart ? this.directiveAt(i) : undefined;
      if (directiveEnd !== undefined) {
        i = directiveEnd;
        continue;
      }
      const c = text.charCodeAt(i);
      const literalOrCommentEnd = mayOpenCommentOrLiteral(c) ? endOfCommentOrLiteral(text, i) : undefined;
      if (literalOrCommentEnd !== undefined) {
        this.commentOrLiteral(c, i, literalOrCommentEnd);
        i = literalOrCommentEnd;
      } else if (isWordStart(c)) {
        i = this.word(c, i);
      } else if (this.templateParens > 0) {
        this.template(c, i);
        i++;
      } else if (c === OPEN_BRACE || c === CLOSE_BRACE) {
        this.brace(c, i);
        i++;
      } else {
        if (c === OPEN_PAREN || c === CLOSE_PAREN) this.paren(c, i);
        if (c > 0x20) this.code(c, i);
        i++;
      }
    }
    const balanced = this.depth === 0 && this.templateParens === 0 && !this.unbalanced;
    // Unbalanced braces: bodies and the statements around them cannot be told; comments and lines still can.
    return { ...(balanced ? this.found : emptyLists(this.found)), balanced };
  }

  /** Reads the directive starting at `i`, if one does: returns where it ends. */
  private directiveAt(i: number): number | undefined {
    const ranges = this.directiveRanges;
    while (this.nextDirective < ranges.length && ranges[this.nextDirective]![0] < i) this.nextDirective++;
    const directive = ranges[this.nextDirective];
    this.nextDirectiveStart = directive ? directive[0] : Infinity;
    if (!directive || directive[0] !== i) return undefined;
    const keyword = directiveKeyword(this.text, i);
    if (keyword === "define") {
      this.found.defines.push({
        start: directive[0],
        end: directive[1],
        afterStatement: STATEMENT_ENDS.has(this.lastCode),
      });
    } else if (keyword !== undefined && SKIPPABLE_DIRECTIVES.has(keyword)) {
      // `#include TRACE_INCLUDE(TRACE_INCLUDE_FILE)` keeps its macro call, as tree-sitter reads it.
      const [start, end] = directive;
      if (STATEMENT_ENDS.has(this.lastCode) && !this.text.slice(start, end).includes("(")) {
        this.found.skippableDirectives.push([start, end]);
      }
    } else {
      const branch = this.followConditional(keyword);
      if (typeof branch === "number") return branch;
      if (branch) {
        // The state past this line is where the branch starts: taken below, once the line is read.
        this.finishDirective(ranges);
        branch.branchStart = this.state(directive[1]);
        return directive[1];
      }
    }
    this.finishDirective(ranges);
    return directive[1];
  }

  private finishDirective(ranges: readonly (readonly [number, number])[]): void {
    if (this.parens > 0 && this.group) this.group.directive = true;
    this.head.reset();
    this.macroName = -1;
    this.macroCall = undefined;
    this.nextDirective++;
    this.nextDirectiveStart = ranges[this.nextDirective]?.[0] ?? Infinity;
  }

  /**
   * Follows #if, #elif, #else and #endif. A branch after the first is read like a first one when the code
   * before it is complete (no brace, parenthesis or statement open): a `static inline` stub in an #else
   * then is a body like any other. Returns the conditional whose branch starts so, to take the state at its
   * start; or, when such a branch ends with code left open, the offset to read it again from, as a skipped
   * branch (its braces not counted), the state as it was there restored.
   */
  private followConditional(keyword: string | undefined): Conditional | number | undefined {
    const open = this.conditionals[this.conditionals.length - 1];
    switch (keyword) {
      case "if":
      case "ifdef":
      case "ifndef":
        this.conditionals.push({ pastFirst: false, branchStart: undefined });
        return undefined;
      case "elif":
      case "else":
        if (!open) return undefined;
        if (open.branchStart) return this.complete() ? open : this.readAsSkipped(open.branchStart);
        if (open.pastFirst) return undefined;
        open.pastFirst = true;
        if (this.skipping === 0 && this.complete()) return open;
        this.skipping++;
        return undefined;
      case "endif":
        if (open?.branchStart && !this.complete()) return this.readAsSkipped(open.branchStart);
        this.conditionals.pop();
        if (open?.pastFirst && !open.branchStart) this.skipping--;
        return undefined;
      default:
        return undefined;
    }
  }

  /** Nothing open at file scope: the last code ended a statement (or there was none). */
  private complete(): boolean {
    return (
      this.depth === 0 &&
      this.body === undefined &&
      this.parens === 0 &&
      this.templateParens === 0 &&
      this.structOpen < 0 &&
      !this.unbalanced &&
      (this.lastCode === 0 || this.lastCode === SEMICOLON || this.lastCode === CLOSE_BRACE)
    );
  }

  /** What reading a branch can change, as it is at `position` (the branch's start). */
  private state(position: number): ScanState {
    return {
      position,
      lengths: lengthsOf(this.found),
      statementEnded: this.statementEnded,
      conditionals: this.conditionals.map((c) => ({ ...c })),
      skipping: this.skipping,
      nextDirective: this.nextDirective,
      nextDirectiveStart: this.nextDirectiveStart,
      previous: this.previous,
      lastCode: this.lastCode,
      statementStart: this.statementStart,
      group: this.group,
      head: this.head.copy(),
      enumHead: this.enumHead,
      structHead: this.structHead,
    };
  }

  /** Back to the start of a branch that ended with code open, to read it as a skipped one; returns where. */
  private readAsSkipped(start: ScanState): number {
    for (const key of listsIn(this.found)) this.found[key].length = start.lengths[key];
    this.statementEnded = start.statementEnded;
    this.macroName = -1;
    this.macroCall = undefined;
    this.conditionals.splice(0, this.conditionals.length, ...start.conditionals);
    this.conditionals[this.conditionals.length - 1]!.branchStart = undefined;
    this.skipping = start.skipping + 1;
    this.nextDirective = start.nextDirective;
    this.nextDirectiveStart = start.nextDirectiveStart;
    this.depth = 0;
    this.body = undefined;
    this.bodyList = this.found.bodies;
    this.parens = 0;
    this.templateParens = 0;
    this.structOpen = -1;
    this.unbalanced = false;
    this.previous = start.previous;
    this.lastCode = start.lastCode;
    this.statementStart = start.statementStart;
    this.group = start.group;
    this.head.restore(start.head);
    this.enumHead = start.enumHead;
    this.structHead = start.structHead;
    return start.position;
  }

  private commentOrLiteral(c: number, start: number, end: number): void {
    if (opensLiteral(c)) this.code(c, start);
    else this.found.comments.push([start, end]);
  }

  /** Tracks parenthesized groups at file scope, along first branches, for the parameter list of a body. */
  private paren(c: number, i: number): void {
    if (this.depth > 0 || this.skipping > 0) return;
    if (c === OPEN_PAREN) {
      if (this.parens++ === 0) {
        this.macroCallOpens(i);
        const afterGroup = this.previous === CLOSE_PAREN;
        this.group = { open: i, close: -1, afterGroup, directive: false, declares: this.head.declaresName() };
      }
    } else if (this.parens > 0 && --this.parens === 0 && this.group) {
      this.group.close = i;
    }
  }

  private code(c: number, i: number): void {
    if (this.depth === 0) {
      if (this.parens === 0 && this.skipping === 0) this.statementCode(c, i);
      if (c === SEMICOLON && this.previous === CLOSE_PAREN && this.skipping === 0) this.prototypeEnd(i);
      if (c === SEMICOLON) {
        // A group belongs to the statement it is in: none is carried past its end.
        this.group = undefined;
        this.statementStart = i + 1;
      }
      if (this.parens === 0) this.head.punctuation(c);
      this.previous = c;
      this.enumHead = 0;
      this.structHead = 0;
    }
    this.lastCode = c;
  }

  private brace(c: number, i: number): void {
    this.lastCode = c;
    this.head.reset();
    this.macroName = -1;
    this.macroCall = undefined;
    // Braces in a skipped branch are not counted; the calls there are still read.
    if (this.skipping > 0) return;
    if (c === OPEN_BRACE) {
      if (this.depth === 0 && this.previous === CLOSE_PAREN) {
        const group = this.group;
        const parameters: [number, number] | undefined =
          group && group.close >= 0 && !group.afterGroup && !group.directive
            ? [group.open, group.close]
            : undefined;
        this.openBody(i, parameters, this.found.bodies);
      } else if (this.depth === 0 && this.previous === EQUALS) {
        this.openBody(i, undefined, this.found.initializers);
      } else if (this.depth === 0 && this.enumHead > 0) {
        this.openBody(i, undefined, this.found.enumBodies);
      } else if (this.depth === 0 && this.structHead > 0) {
        this.structOpen = i;
      }
      this.enumHead = 0;
      this.structHead = 0;
      if (this.depth === 0) this.group = undefined;
      this.depth++;
      return;
    }
    if (--this.depth < 0) {
      // More closing braces than opening ones: bodies cannot be told, comments and lines still can.
      this.unbalanced = true;
      this.depth = 0;
    }
    if (this.depth === 0) {
      // After a function's body a statement begins; after a type's or an initializer's, its declarators.
      this.statementEnded = this.body !== undefined && this.bodyList === this.found.bodies;
      if (this.body) {
        this.body.close = i;
        this.bodyList.push(this.body);
        this.body = undefined;
      } else if (this.structOpen >= 0) {
        this.found.structBodies.push([this.structOpen, i]);
        this.structOpen = -1;
      }
      this.previous = c;
      this.statementStart = i + 1;
    }
  }

  private openBody(open: number, parameters: [number, number] | undefined, list: FunctionBody[]): void {
    const { statementStart } = this;
    // Every body has the same properties in the same order: one object shape for the code that reads them.
    this.body = { open, close: -1, parameters, statementStart, calls: [], assignments: [], types: [] };
    this.bodyList = list;
  }

  /** A character of code inside a tracepoint template: its parentheses, counted along first branches as
   * braces are, end it. */
  private template(c: number, i: number): void {
    if (c > 0x20) this.lastCode = c;
    if (this.skipping > 0) return;
    if (c === OPEN_PAREN) this.templateParens++;
    else if (c === CLOSE_PAREN && --this.templateParens === 0) {
      this.body!.close = i;
      this.found.bodies.push(this.body!);
      this.body = undefined;
      this.previous = c;
    }
  }

  /** At a `;` right after a group at file scope: a prototype, when the group is its parameter list. */
  private prototypeEnd(end: number): void {
    const group = this.group;
    if (group && group.close >= 0 && group.declares && !group.afterGroup && !group.directive) {
      const parameters: [number, number] = [group.open, group.close];
      this.found.prototypes.push({ parameters, statementStart: this.statementStart, end });
    }
  }

  /** At the `(` of a group at file scope: a macro statement's, when a statement began with a name just
   * before it (not a second group, as in `f(a)(b);`). */
  private macroCallOpens(open: number): void {
    const start = this.macroName;
    this.macroName = -1;
    this.macroCall =
      start >= 0
        ? {
            start,
            open,
            end: -1,
            calls: [{ name: this.text.slice(start, this.macroNameEnd), start, field: false }],
          }
        : undefined;
  }

  /** Code at file scope outside parentheses, along first branches: a macro statement ends at a `;` right
   * after its group; other code means there is none. */
  private statementCode(c: number, i: number): void {
    const call = this.macroCall;
    if (c === CLOSE_PAREN && call && this.group?.open === call.open) return;
    if (c === SEMICOLON && call && this.previous === CLOSE_PAREN && this.group?.open === call.open) {
      call.end = i + 1;
      this.found.macroStatements.push(call);
    }
    this.statementEnded = c === SEMICOLON;
    this.macroName = -1;
    this.macroCall = undefined;
  }

  /** A word in parentheses at file scope, along first branches: a call in a macro statement's arguments. */
  private argumentWord(c: number, start: number, end: number): void {
    const call = this.macroCall && callAt(this.text, c, start, end);
    if (call) this.macroCall!.calls.push(call);
  }

  /** A word outside parentheses at file scope, along first branches: maybe the name a statement begins
   * with. */
  private statementWord(name: string, start: number, end: number): void {
    const begins = this.statementEnded && !NOT_CALLEES.has(name);
    this.macroName = begins ? start : -1;
    this.macroNameEnd = end;
    this.macroCall = undefined;
    this.statementEnded = false;
  }

  /** Reads the word at `start`; returns where the scan goes on. */
  private word(c: number, start: number): number {
    const { text } = this;
    let end = start + 1;
    while (end < text.length && isWordPart(text.charCodeAt(end))) end++;
    if (this.depth === 0 && !this.body && this.skipping === 0) {
      const open = skipBlanks(text, end);
      if (text.charCodeAt(open) === OPEN_PAREN && TRACEPOINT_TEMPLATE_MACROS.has(text.slice(start, end))) {
        this.openBody(open, undefined, this.found.bodies);
        this.group = undefined;
        this.templateParens = 1;
        this.lastCode = OPEN_PAREN;
        // A statement begins again at a `;` after the template, not right after its `)`.
        this.statementEnded = false;
        return open + 1;
      }
    }
    if (this.body) {
      // A brace list defines no type (`(struct x){ … }` is a compound literal) and sets no field of a struct.
      const inBody = this.bodyList === this.found.bodies;
      const type = this.skipping === 0 && inBody ? localTypeEnd(text, start, end) : undefined;
      if (type !== undefined) {
        // A struct, union or enum defined in a body (net/openvswitch/flow.c: llc_snap_hdr) stays in
        // the parse, so the index has its fields.
        this.body.types.push(start, type);
        this.lastCode = 0x3b;
        return type;
      }
      // `__entry->len = skb->len;` fills the tracepoint's generated record: no table of functions.
      readBodyWord(text, c, start, end, this.body, this.templateParens === 0 && inBody);
    } else if (this.depth === 0) {
      if (this.parens > 0) {
        if (this.skipping === 0) this.argumentWord(c, start, end);
      } else {
        const name = text.slice(start, end);
        this.head.word(name);
        if (this.skipping === 0) this.statementWord(name, start, end);
      }
      this.previous = 0;
      this.enumHead = end - start === 4 && text.startsWith("enum", start) ? 1 : this.enumHead === 1 ? 2 : 0;
      this.structHead = isStructKeyword(text, start, end) ? 1 : this.structHead === 1 ? 2 : 0;
    }
    this.lastCode = WORD;
    return end;
  }
}

/** Empty lists, or all but those `kept`. Built whole rather than overwritten: V8 treats a property stored
 * once as a constant, and a second store would discard the optimised code that relied on it. */
function emptyLists(kept?: Pick<ScanLists, "comments" | "defines" | "skippableDirectives">): ScanLists {
  return {
    bodies: [],
    comments: kept?.comments ?? [],
    defines: kept?.defines ?? [],
    skippableDirectives: kept?.skippableDirectives ?? [],
    prototypes: [],
    initializers: [],
    enumBodies: [],
    structBodies: [],
    macroStatements: [],
  };
}

/** The names of the scan's lists: the keys of an object typed ScanLists, which holds every one. */
function listsIn(lists: ScanLists): (keyof ScanLists)[] {
  return Object.keys(lists) as (keyof ScanLists)[];
}

function lengthsOf(lists: ScanLists): Record<keyof ScanLists, number> {
  const lengths = {} as Record<keyof ScanLists, number>;
  for (const key of listsIn(lists)) lengths[key] = lists[key].length;
  return lengths;
}

/** `struct` or `union` at `start`. */
function isStructKeyword(text: string, start: number, end: number): boolean {
  const length = end - start;
  return (
    (length === 6 && text.startsWith("struct", start)) || (length === 5 && text.startsWith("union", start))
  );
}

/** A word in a body: a field assigned a name, or a call. */
function readBodyWord(
  text: string,
  c: number,
  start: number,
  end: number,
  body: FunctionBody,
  readAssignments: boolean,
): void {
  const after = skipBlanks(text, end);
  const assigned =
    readAssignments && text.charCodeAt(after) === EQUALS ? assignedName(text, after) : undefined;
  if (assigned !== undefined && isFieldName(text, start)) {
    body.assignments.push({
      field: text.slice(start, end),
      start,
      target: assigned.name,
      targetStart: isFieldName(text, assigned.start) ? assigned.start : undefined,
    });
  } else {
    const call = callAt(text, c, start, end, after);
    if (call) body.calls.push(call);
  }
}

/** The call the word at `start` names: one followed by `(`, or a field in parentheses (`(ops->f)(…)`). */
function callAt(
  text: string,
  c: number,
  start: number,
  end: number,
  after = skipBlanks(text, end),
): BodyCall | undefined {
  if (text.charCodeAt(after) !== OPEN_PAREN && !isParenthesizedField(text, start, after)) return undefined;
  const name = text.slice(start, end);
  return NOT_CALLEES.has(name) || isDigit(c) ? undefined : { name, start, field: isFieldName(text, start) };
}

/** Where the declaration of a type defined at `start` (`struct x {`, `enum {`) ends: after its `;`;
 * undefined when the word there does not define one. */
function localTypeEnd(text: string, start: number, wordEnd: number): number | undefined {
  // Most words are none of the three: told by length and first letter before a string is made.
  const length = wordEnd - start;
  const first = text.charCodeAt(start);
  if (!(
    (length === 6 && first === 0x73) ||
    (length === 5 && first === 0x75) ||
    (length === 4 && first === 0x65)
  ))
    return undefined;
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
  // Up to the `;` after its declarators, an initializer's braces included (net/core/secure_seq.c:
  // `} __aligned(SIPHASH_ALIGNMENT) combined = { .saddr = … };`); a `}` of no initializer before it would be
  // the body's own: the type is kept up to its closing brace then.
  let initializerDepth = 0;
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === OPEN_BRACE) initializerDepth++;
    else if (c === CLOSE_BRACE && initializerDepth-- === 0) break;
    else if (c === SEMICOLON && initializerDepth === 0) return j + 1;
  }
  return Math.min(i + 1, text.length);
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
  while (i >= 0 && isCSpace(text.charCodeAt(i))) i--;
  const c = text.charCodeAt(i);
  if (c === 0x3e) return text.charCodeAt(i - 1) === 0x2d;
  return c === 0x2e && text.charCodeAt(i - 1) !== 0x2e;
}

function skipBlanks(text: string, from: number): number {
  let i = from;
  while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
  return i;
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

// The fields of a plain struct body, read from the text so the parse can leave the body out: struct bodies
// were more than half of what tree-sitter still built over net/ + include/, and nine in ten are lists of
// `type name;` or function pointers, maybe between directive lines, with nothing a reading of the text could
// get wrong; most others only add anonymous structs and unions (`union { … };`, `struct { … } stats;`),
// read likewise. A body holding anything else (a tagged or enum body, a literal, a macro call, a directive
// inside a statement, a declaration of another shape) stays in the parse.
import { endOfCommentOrLiteral, mayOpenCommentOrLiteral, opensLiteral } from "./commentsAndLiterals.js";
import { C_KEYWORDS, isIdentifierPart, isIdentifierStart } from "./kernelMacros.js";
import { atLineStart, directiveEnd, directiveKeyword } from "./preprocessorLines.js";
import { MAX_TYPE_TEXT } from "./structs.js";

/** A field as structs.ts records it, with offsets in the text. */
export interface TextField {
  name: string;
  start: number;
  end: number;
  structType?: string;
  typeText?: string;
  isFunctionPointer?: true;
}

/** One statement of a body, in text order. */
export type TextMember =
  | { field: TextField }
  /** `tc_gen;`: a name alone where fields go, a macro that expands to them. */
  | { fieldMacro: string }
  /** `union { … };`: its members are the body's own (C11 anonymous members), as structs.ts flattens them. */
  | { anonymous: TextMembers }
  /** `struct { … } stats, *more;`: a struct of its own, named after its first declarator (structs.ts). */
  | { memberStruct: TextMemberStruct }
  /** The statements of one #if branch (`#ifdef CONFIG_XFRM` … `#else`), and a later branch as the last of
   * them: tree-sitter nests them so (preproc_if, its alternative preproc_else), and structs.ts adds member
   * structs and field macros in the order of that nesting. */
  | { branch: TextMembers };

export interface TextMemberStruct {
  kind: "struct" | "union";
  /** The declaration: its `struct` or `union` keyword through its `;`. */
  start: number;
  end: number;
  members: TextMembers;
  /** The fields it declares, of its type. */
  fields: TextField[];
}

export interface TextMembers {
  statements: TextMember[];
}

const QUALIFIERS: ReadonlySet<string> = new Set(["const", "volatile"]);
/** Words of a type the grammar reads as one (primitive or sized) type specifier. */
const BUILTIN_TYPE_WORDS: ReadonlySet<string> = new Set([
  "unsigned",
  "signed",
  "long",
  "short",
  "int",
  "char",
  "float",
  "double",
]);
const TAGGED: ReadonlySet<string> = new Set(["struct", "union", "enum"]);

/** Words that cannot be a field's name nor a field macro. */
function isKeyword(word: string): boolean {
  return C_KEYWORDS.has(word);
}

interface Token {
  /** A word, or one of `*` `,` `:` `(` `)`, `[` (an array's brackets, their inside skipped), `()` (a
   * function pointer's parameter list, likewise) or `{}` (an anonymous struct's body, read into `body`). */
  text: string;
  start: number;
  end: number;
  body?: TextMembers;
}

/**
 * The members of the body between `open` and `close` (its braces) when every statement in it is
 * `[qualifiers] type [qualifier] declarator, …;` (a declarator: `*`s, then a name, `[…]`s and `: bits`, or
 * `(*name)(…)`, a function pointer), a name alone, or an anonymous struct or union whose body is plain too,
 * maybe in #if branches that open and close in the body; undefined otherwise.
 */
export function plainStructMembers(text: string, open: number, close: number): TextMembers | undefined {
  const read = readBody(text, open, close + 1);
  return read && read.end === close ? read.members : undefined;
}

interface BodyRead {
  members: TextMembers;
  /** Its `}`. */
  end: number;
}

/** Reads statements from after `open` to the `}` that closes it, which comes before `limit`. */
function readBody(text: string, open: number, limit: number): BodyRead | undefined {
  const read: BodyRead = { members: { statements: [] }, end: -1 };
  const branches = new Branches(read.members);
  let statement: Token[] = [];
  for (let i = open + 1; i < limit;) {
    const c = text.charCodeAt(i);
    if (mayOpenCommentOrLiteral(c)) {
      const end = endOfCommentOrLiteral(text, i);
      if (end !== undefined) {
        if (opensLiteral(c)) return undefined;
        i = end;
        continue;
      }
    }
    if (isIdentifierStart(text[i]!) || isDigit(c)) {
      let end = i + 1;
      while (end < limit && isIdentifierPart(text[end]!)) end++;
      statement.push({ text: text.slice(i, end), start: i, end });
      i = end;
    } else if (c === SEMICOLON) {
      if (!readStatement(text, statement, i, branches.current)) return undefined;
      statement = [];
      i++;
    } else if (c === OPEN_BRACKET) {
      const end = text.indexOf("]", i);
      if (end < 0 || end > limit || /[[(){};#"']/.test(text.slice(i + 1, end))) return undefined;
      statement.push({ text: "[", start: i, end: end + 1 });
      i = end + 1;
    } else if (c === OPEN_PAREN && statement.at(-1)?.text === ")") {
      // The parameter list of a function pointer, `(*connect)(struct sock *sk, …)`: skipped whole.
      const end = parameterListEnd(text, i, limit);
      if (end === undefined) return undefined;
      statement.push({ text: "()", start: i, end });
      i = end;
    } else if (c === STAR || c === COMMA || c === COLON || c === OPEN_PAREN || c === CLOSE_PAREN) {
      statement.push({ text: text[i]!, start: i, end: i + 1 });
      i++;
    } else if (c <= 0x20) {
      i++;
    } else if (c === HASH && statement.length === 0 && atLineStart(text, i)) {
      // A directive line between statements (`#ifdef CONFIG_XFRM`): the fields of every branch are read, as
      // the tree gave them; a `#define` there is read with the file's other macros.
      if (!branches.follow(directiveKeyword(text, i))) return undefined;
      i = directiveEnd(text, i);
    } else if (c === OPEN_BRACE && statement.length === 1 && ANONYMOUS_KINDS.has(statement[0]!.text)) {
      // `union {` or `struct {`, no tag: a tagged one is a struct of its own, found by the tree's query.
      const inner = readBody(text, i, limit);
      if (!inner) return undefined;
      statement.push({ text: "{}", start: i, end: inner.end + 1, body: inner.members });
      i = inner.end + 1;
    } else if (c === CLOSE_BRACE && statement.length === 0) {
      if (!branches.closed()) return undefined;
      read.end = i;
      return read;
    } else {
      // A tagged or enum body, a `#` inside a statement, an operator: not a plain body.
      return undefined;
    }
  }
  return undefined;
}

const ANONYMOUS_KINDS: ReadonlySet<string> = new Set(["struct", "union"]);

/** The #if branches open in a body, as tree-sitter nests them: a branch's statements, then the next branch
 * (#elif, #else) as the last of them. */
class Branches {
  /** The branch being read, innermost last; the body's own statements first. */
  private readonly open: TextMembers[];
  /** For each open #if, how many branches were open before it. */
  private readonly conditionals: number[] = [];

  constructor(body: TextMembers) {
    this.open = [body];
  }

  get current(): TextMember[] {
    return this.open[this.open.length - 1]!.statements;
  }

  /** Follows a directive line; false where the body cannot be read so (an #endif or #else of an #if
   * opened before the body). */
  follow(keyword: string | undefined): boolean {
    switch (keyword) {
      case "if":
      case "ifdef":
      case "ifndef":
        this.conditionals.push(this.open.length);
        this.startBranch();
        return true;
      case "elif":
      case "else":
        if (this.conditionals.length === 0) return false;
        this.startBranch();
        return true;
      case "endif":
        if (this.conditionals.length === 0) return false;
        this.open.length = this.conditionals.pop()!;
        return true;
      default:
        // `#define`, `#undef`, `#pragma`…: nothing tree-sitter nests statements in.
        return true;
    }
  }

  /** Whether every #if opened in the body closed in it. */
  closed(): boolean {
    return this.conditionals.length === 0;
  }

  private startBranch(): void {
    const branch: TextMembers = { statements: [] };
    this.current.push({ branch });
    this.open.push(branch);
  }
}

/** Adds one statement, ending at the `;` at `semicolon`; false when it is not of a plain shape. */
function readStatement(text: string, tokens: Token[], semicolon: number, statements: TextMember[]): boolean {
  if (tokens.length === 0) return true;
  if (tokens.length === 1) {
    const word = tokens[0]!;
    if (!isName(word) || isKeyword(word.text)) return false;
    statements.push({ fieldMacro: word.text });
    return true;
  }
  const body = tokens[1]!.body;
  if (body) {
    if (tokens.length === 2) {
      statements.push({ anonymous: body });
      return true;
    }
    const fields = readDeclarators(tokens, 2);
    if (!fields) return false;
    const kind = tokens[0]!.text === "union" ? "union" : "struct";
    statements.push({
      memberStruct: { kind, start: tokens[0]!.start, end: semicolon + 1, members: body, fields },
    });
    return true;
  }
  let i = 0;
  while (i < tokens.length && QUALIFIERS.has(tokens[i]!.text)) i++;
  const typeStart = tokens[i];
  if (!typeStart || !isName(typeStart)) return false;
  let typeEnd: Token;
  let structType: string | undefined;
  if (TAGGED.has(typeStart.text)) {
    const tag = tokens[i + 1];
    if (!tag || !isName(tag) || isKeyword(tag.text)) return false;
    typeEnd = tag;
    if (typeStart.text !== "enum") structType = tag.text;
    i += 2;
  } else if (BUILTIN_TYPE_WORDS.has(typeStart.text)) {
    typeEnd = typeStart;
    while (i + 1 < tokens.length && BUILTIN_TYPE_WORDS.has(tokens[i + 1]!.text)) typeEnd = tokens[++i]!;
    i++;
  } else {
    typeEnd = typeStart;
    i++;
  }
  while (i < tokens.length && QUALIFIERS.has(tokens[i]!.text)) i++;
  const typeText = text.slice(typeStart.start, typeEnd.end);
  if (!structType && typeText.length > MAX_TYPE_TEXT) return false;
  const fields = readDeclarators(tokens, i);
  if (!fields) return false;
  for (const field of fields) {
    if (structType) field.structType = structType;
    else field.typeText = typeText;
    statements.push({ field });
  }
  return true;
}

/** The declarators from token `i` to the statement's end, each a field (its type not set). */
function readDeclarators(tokens: Token[], from: number): TextField[] | undefined {
  const fields: TextField[] = [];
  for (let i = from; ;) {
    const declarator = readDeclarator(tokens, i);
    if (!declarator) return undefined;
    const field: TextField = {
      name: declarator.name.text,
      start: declarator.name.start,
      end: declarator.name.end,
    };
    if (declarator.isFunctionPointer) field.isFunctionPointer = true;
    fields.push(field);
    i = declarator.next;
    if (i === tokens.length) return fields;
    if (tokens[i]!.text !== ",") return undefined;
    i++;
  }
}

/** `*`s (each maybe `const`), a name, `[…]`s, `: bits`, from token `i`; where the next declarator starts. */
function readDeclarator(
  tokens: Token[],
  from: number,
): { name: Token; isFunctionPointer: boolean; next: number } | undefined {
  let i = from;
  while (tokens[i]?.text === "*") {
    i++;
    while (tokens[i] && QUALIFIERS.has(tokens[i]!.text)) i++;
  }
  if (tokens[i]?.text === "(") {
    // `(*name)(…)`, a function pointer, and nothing else in parentheses.
    const name = tokens[i + 2];
    if (tokens[i + 1]?.text !== "*" || !name || !isName(name) || isKeyword(name.text)) return undefined;
    if (tokens[i + 3]?.text !== ")" || tokens[i + 4]?.text !== "()") return undefined;
    return { name, isFunctionPointer: true, next: i + 5 };
  }
  const name = tokens[i];
  if (!name || !isName(name) || isKeyword(name.text)) return undefined;
  i++;
  while (tokens[i]?.text === "[") i++;
  if (tokens[i]?.text === ":") {
    const bits = tokens[i + 1];
    if (!bits || !isWord(bits)) return undefined;
    i += 2;
  }
  return { name, isFunctionPointer: false, next: i };
}

/** After the `)` closing the list opened at `open`; undefined when a brace, `;`, directive or literal comes
 * first (comments are skipped). */
function parameterListEnd(text: string, open: number, close: number): number | undefined {
  let depth = 0;
  for (let i = open; i < close; i++) {
    const c = text.charCodeAt(i);
    if (mayOpenCommentOrLiteral(c)) {
      const end = endOfCommentOrLiteral(text, i);
      if (end !== undefined) {
        if (opensLiteral(c)) return undefined;
        i = end - 1;
        continue;
      }
    }
    if (c === OPEN_PAREN) depth++;
    else if (c === CLOSE_PAREN && --depth === 0) return i + 1;
    else if (c === SEMICOLON || c === OPEN_BRACE || c === CLOSE_BRACE || c === HASH) return undefined;
  }
  return undefined;
}

/** A word: a name or a number. */
function isWord(token: Token): boolean {
  return isDigit(token.text.charCodeAt(0)) || isName(token);
}

function isName(token: Token): boolean {
  return isIdentifierStart(token.text[0]!);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

const SEMICOLON = 0x3b;
const OPEN_BRACKET = 0x5b;
const STAR = 0x2a;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const HASH = 0x23;

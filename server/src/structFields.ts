// The fields of a plain struct body, read from the text so the parse can leave the body out: struct bodies
// were more than half of what tree-sitter still built over net/ + include/, and nine in ten are lists of
// `type name;` or function pointers, maybe between directive lines, with nothing a reading of the text could
// get wrong. A body holding anything else (a brace, a literal, a macro call, a directive inside a statement,
// a declaration of another shape) stays in the parse.
import { endOfCommentOrLiteral, mayOpenCommentOrLiteral, opensLiteral } from "./commentsAndLiterals.js";
import { C_KEYWORDS, isIdentifierPart, isIdentifierStart } from "./kernelMacros.js";
import { atLineStart, directiveEnd } from "./preprocessorLines.js";
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

export interface TextMembers {
  fields: TextField[];
  /** `tc_gen;`: a name alone where fields go, a macro that expands to them. */
  fieldMacros: string[];
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
  /** A word, or one of `*` `,` `:` `(` `)`, `[` (an array's brackets, their inside skipped) or `()` (a
   * function pointer's parameter list, likewise). */
  text: string;
  start: number;
  end: number;
}

/**
 * The members of the body between `open` and `close` (its braces) when every statement in it is
 * `[qualifiers] type [qualifier] declarator, …;` (a declarator: `*`s, then a name, `[…]`s and `: bits`, or
 * `(*name)(…)`, a function pointer) or a name alone; undefined otherwise.
 */
export function plainStructMembers(text: string, open: number, close: number): TextMembers | undefined {
  const members: TextMembers = { fields: [], fieldMacros: [] };
  let statement: Token[] = [];
  for (let i = open + 1; i < close;) {
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
      while (end < close && isIdentifierPart(text[end]!)) end++;
      statement.push({ text: text.slice(i, end), start: i, end });
      i = end;
    } else if (c === SEMICOLON) {
      if (!readStatement(text, statement, members)) return undefined;
      statement = [];
      i++;
    } else if (c === OPEN_BRACKET) {
      const end = text.indexOf("]", i);
      if (end < 0 || end > close || /[[(){};#"']/.test(text.slice(i + 1, end))) return undefined;
      statement.push({ text: "[", start: i, end: end + 1 });
      i = end + 1;
    } else if (c === OPEN_PAREN && statement.at(-1)?.text === ")") {
      // The parameter list of a function pointer, `(*connect)(struct sock *sk, …)`: skipped whole.
      const end = parameterListEnd(text, i, close);
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
      i = directiveEnd(text, i);
    } else {
      // A brace, a `#` inside a statement, an operator: not a plain body.
      return undefined;
    }
  }
  return statement.length === 0 ? members : undefined;
}

/** Adds one statement's fields (or field macro); false when it is not of the plain shape. */
function readStatement(text: string, tokens: Token[], members: TextMembers): boolean {
  if (tokens.length === 0) return true;
  if (tokens.length === 1) {
    const word = tokens[0]!;
    if (!isName(word) || isKeyword(word.text)) return false;
    members.fieldMacros.push(word.text);
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
  const fields: TextField[] = [];
  for (;;) {
    const declarator = readDeclarator(tokens, i);
    if (!declarator) return false;
    const field: TextField = {
      name: declarator.name.text,
      start: declarator.name.start,
      end: declarator.name.end,
    };
    if (structType) field.structType = structType;
    else field.typeText = typeText;
    if (declarator.isFunctionPointer) field.isFunctionPointer = true;
    fields.push(field);
    i = declarator.next;
    if (i === tokens.length) break;
    if (tokens[i]!.text !== ",") return false;
    i++;
  }
  members.fields.push(...fields);
  return true;
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

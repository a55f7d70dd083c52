// Enums and their enumerators: include/net/tcp_states.h's `TCP_ESTABLISHED = 1, TCP_SYN_SENT, …` and
// include/uapi/linux/snmp.h's LINUX_MIB_LISTENOVERFLOWS are constants a reader of net/ipv4 meets on every
// page. An implicit value is the one before plus 1; after an #if inside the list the values depend on the
// configuration, so they are left unknown until the next explicit integer.
import type { QueryMatch } from "web-tree-sitter";
import { endOfCommentOrLiteral, mayOpenCommentOrLiteral, opensLiteral } from "./commentsAndLiterals.js";
import { isIdentifierPart, isIdentifierStart, matchingParen } from "./kernelMacros.js";
import { atLineStart, directiveEnd, directiveKeyword } from "./preprocessorLines.js";
import type { EnumSymbol, EnumeratorSymbol } from "./fileSymbols.js";
import { collapse, skipSpaces } from "./functionHeads.js";
import type { LineIndex } from "./textPositions.js";
import { shortened } from "./shortenedText.js";

const MAX_VALUE_LENGTH = 60;

/** `parsed`: the text tree-sitter was given, which the enumerators are read from. */
export function extractEnums(matches: QueryMatch[], parsed: string, lines: LineIndex): EnumSymbol[] {
  const enums: EnumSymbol[] = [];
  for (const match of matches) {
    const node = match.captures.find((c) => c.name === "enum")?.node;
    const body = match.captures.find((c) => c.name === "enum.body")?.node;
    if (!node || !body) continue;
    const tag = node.childForFieldName("name");
    const typedef =
      node.parent?.type === "type_definition" ? node.parent.childForFieldName("declarator") : null;
    const named = tag ?? (typedef?.type === "type_identifier" ? typedef : null);
    // An anonymous enum is selected at its `enum` keyword.
    const selected = named ?? node.child(0) ?? node;
    const whole = !tag && named ? node.parent! : node;
    const symbol: EnumSymbol = {
      range: lines.rangeAt(whole.startIndex, whole.endIndex),
      selectionRange: lines.rangeAt(selected.startIndex, selected.endIndex),
      enumerators: enumeratorsIn(parsed, body.startIndex, body.endIndex - 1, lines),
    };
    if (named) symbol.name = named.text;
    enums.push(symbol);
  }
  return enums;
}

/**
 * The enumerators written between an enum's braces, read from the text tree-sitter is given (attribute
 * macros blanked), as the tree would give them: at file scope the parse leaves the list out (textScan.ts:
 * enumBodies), and one reading serves every enum. An element that is not `NAME` or `NAME = value`
 * (`FOO(x)`, a macro making enumerators) is none.
 */
function enumeratorsIn(text: string, open: number, close: number, lines: LineIndex): EnumeratorSymbol[] {
  const enumerators: EnumeratorSymbol[] = [];
  let next: number | undefined = 0;
  let conditionals = 0;
  let depth = 0;
  let element = new Element();
  const finish = () => {
    const { nameStart, nameEnd, valueStart, valueEnd, conditional } = element;
    element = new Element();
    if (nameStart < 0 || valueStart === NOT_AN_ENUMERATOR) return;
    const symbol: EnumeratorSymbol = {
      name: text.slice(nameStart, nameEnd),
      range: lines.rangeAt(nameStart, nameEnd),
    };
    if (valueStart >= 0 && valueEnd > valueStart) {
      // `TCP_CA_Loss = 4` before a `#define` line and the closing brace: the value ends at the directive.
      const written = collapse(text.slice(valueStart, valueEnd).split(/\n\s*#/)[0]!);
      symbol.value = shortened(written, MAX_VALUE_LENGTH);
      next = integerValue(written);
    }
    if (next !== undefined && !conditional) symbol.number = next;
    next = next === undefined || conditional ? undefined : next + 1;
    enumerators.push(symbol);
  };
  for (let i = open + 1; i < close;) {
    const c = text.charCodeAt(i);
    if (c === HASH && atLineStart(text, i)) {
      const keyword = directiveKeyword(text, i);
      if (keyword === "if" || keyword === "ifdef" || keyword === "ifndef") conditionals++;
      // Past an #if the values depend on the configuration: unknown until the next explicit integer.
      else if (keyword === "endif" && conditionals > 0 && --conditionals === 0) next = undefined;
      i = directiveEnd(text, i);
      continue;
    }
    const skipped = mayOpenCommentOrLiteral(c) ? endOfCommentOrLiteral(text, i) : undefined;
    if (skipped !== undefined) {
      // A literal is code (of a value); a comment is not.
      if (opensLiteral(c)) element.code(c, i, skipped);
      i = skipped;
      continue;
    }
    if (depth === 0 && c === COMMA) {
      finish();
      i++;
      continue;
    }
    if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
    else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--;
    if (element.nameStart < 0 && element.valueStart !== NOT_AN_ENUMERATOR && isIdentifierStart(text[i]!)) {
      let end = i + 1;
      while (end < close && isIdentifierPart(text[end]!)) end++;
      const after = skipSpaces(text, end);
      if (text.charCodeAt(after) === OPEN_PAREN) {
        // A macro making enumerators (`FOR_ALL_ZONES(PGALLOC),`, `__BPF_FUNC_MAPPER(FN)` with no comma after
        // it): how many is unknown, and so are the values after it; a name after it is read.
        i = Math.min(close, matchingParen(text, after) + 1);
        next = undefined;
        continue;
      }
      element.nameStart = i;
      element.nameEnd = end;
      element.conditional = conditionals > 0;
      i = end;
      continue;
    }
    if (c > 0x20) element.code(c, i, i + 1);
    i++;
  }
  finish();
  return enumerators;
}

/** valueStart of an element that is no enumerator, and of one whose value has not begun after its `=`. */
const NOT_AN_ENUMERATOR = -2;
const AFTER_EQUALS = -3;

/** One element of an enumerator list as it is read: its name, then `=` and the value's code. */
class Element {
  nameStart = -1;
  nameEnd = -1;
  /** Where the value's code begins; -1 before an `=`, AFTER_EQUALS right after one, NOT_AN_ENUMERATOR when
   * other code came after the name. */
  valueStart = -1;
  /** After the value's last code (a comment after it is not the value's). */
  valueEnd = -1;
  conditional = false;

  /** Code other than the name, from `start` to `end`, its first character `c`. */
  code(c: number, start: number, end: number): void {
    if (this.valueStart === AFTER_EQUALS) this.valueStart = start;
    if (this.valueStart >= 0) this.valueEnd = end;
    else if (this.valueStart === -1 && this.nameStart >= 0 && c === EQUALS) this.valueStart = AFTER_EQUALS;
    else this.valueStart = NOT_AN_ENUMERATOR;
  }
}

const HASH = 0x23;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** A plain integer literal (decimal, hex, octal; u/l suffixes), negated or not; else undefined. */
function integerValue(written: string): number | undefined {
  const literal = /^(-?)\s*(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[uUlL]*$/.exec(written);
  if (!literal) return undefined;
  const digits = literal[2]!;
  const magnitude = /^0[xX]/.test(digits)
    ? Number.parseInt(digits.slice(2), 16)
    : digits.startsWith("0")
      ? Number.parseInt(digits, 8)
      : Number(digits);
  return literal[1] === "-" ? -magnitude : magnitude;
}

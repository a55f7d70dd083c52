// Reads a function's name from the text before its body. Working on masked text rather than the declarator
// tree survives the misparses kernel attributes cause (`void __init f(void)` → a "function" typed `f`).
import {
  C_KEYWORDS,
  EXPORT_MACROS,
  NON_TYPE_SPECIFIERS,
  functionDefiningMacro,
  isIdentifierPart,
  isIdentifierStart,
  maskDeclarationNoise,
  matchingParen,
} from "./kernelMacros.js";
import { directiveEnd } from "./preprocessorLines.js";

export interface FunctionHead {
  name: string;
  /** Offset of the name in the head text. */
  nameOffset: number;
  aliases?: string[];
  returnStruct?: string;
  signature: string;
  /** Offset where the signature starts (after any earlier statement in the head text). */
  startOffset: number;
}

interface Word {
  text: string;
  start: number;
}

/** Parses `[storage] [attributes] type name(params) [attributes]`, or a function-defining macro call. */
export function parseFunctionHead(headText: string): FunctionHead | undefined {
  const masked = maskDeclarationNoise(headText);
  // Past blanked comments and directive lines too: a head tree-sitter ran on from an earlier line
  // (include/linux/pci.h: three #defines before pci_set_master) starts at its first word.
  const startOffset = skipNonCode(headText, headStart(masked));
  const open = masked.indexOf("(", startOffset);
  // `int x = foo(3)` is an initialised variable, not a prototype of foo.
  if (open < 0 || masked.slice(startOffset, open).includes("=")) return undefined;
  const before = wordsIn(masked, startOffset, open);
  const nameWord = before.at(-1);
  if (!nameWord || nameWord.start + nameWord.text.length !== trimEnd(masked, open)) return undefined;

  const close = matchingParen(masked, open);
  const signature = collapse(headText.slice(startOffset, close + 1));
  const definer = functionDefiningMacro(nameWord.text);
  if (definer) {
    const firstArg = wordsIn(masked, open + 1, close)[0];
    if (!firstArg) return undefined;
    const aliases = definer.aliasPrefix ? [definer.aliasPrefix + firstArg.text] : undefined;
    return headOf(firstArg, aliases, undefined, signature, startOffset);
  }
  if (C_KEYWORDS.has(nameWord.text) || EXPORT_MACROS.has(nameWord.text)) return undefined;
  const typeWords = before.slice(0, -1).filter((w) => !NON_TYPE_SPECIFIERS.has(w.text));
  if (typeWords.length === 0) return undefined;
  const structIndex = typeWords.findIndex((w) => w.text === "struct" || w.text === "union");
  const structName = structIndex >= 0 ? typeWords[structIndex + 1] : undefined;
  const returnStruct = structName && structName !== nameWord ? structName.text : undefined;
  return headOf(nameWord, undefined, returnStruct, signature, startOffset);
}

/** Every head has one shape, each field stored once: code V8 optimised for the common heads is then not
 * discarded when a rarer one (a SYSCALL_DEFINE's aliases) comes along. */
function headOf(
  name: Word,
  aliases: string[] | undefined,
  returnStruct: string | undefined,
  signature: string,
  startOffset: number,
): FunctionHead {
  return { name: name.text, nameOffset: name.start, aliases, returnStruct, signature, startOffset };
}

/** Past whitespace, comments and directive lines. */
export function skipNonCode(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (
      text.startsWith("//", i) ||
      (text[i] === "#" && /(^|\n)[ \t]*$/.test(text.slice(Math.max(0, i - 80), i)))
    ) {
      i = directiveEnd(text, i);
    } else {
      return i;
    }
  }
}

/** A head may carry earlier statements (an ERROR region); start after its last ; { or } outside parentheses. */
function headStart(masked: string): number {
  let start = 0;
  let depth = 0;
  for (let i = 0; i < masked.length; i++) {
    const ch = masked[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0 && (ch === ";" || ch === "}" || ch === "{")) start = i + 1;
  }
  return start;
}

function wordsIn(text: string, from: number, to: number): Word[] {
  const words: Word[] = [];
  let i = from;
  while (i < to) {
    const ch = text[i]!;
    if (isIdentifierStart(ch) && (i === 0 || !isIdentifierPart(text[i - 1]!))) {
      let j = i + 1;
      while (j < to && isIdentifierPart(text[j]!)) j++;
      words.push({ text: text.slice(i, j), start: i });
      i = j;
    } else {
      i++;
    }
  }
  return words;
}

function trimEnd(text: string, end: number): number {
  let i = end;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return i;
}

/** Past whitespace from `from`. */
export function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

export function collapse(text: string): string {
  return isCollapsed(text) ? text : text.replace(/\s+/g, " ").trim();
}

/** Printable ASCII with single spaces between words and none at either end: collapse would return it as is
 * (most one-line heads; the regular expression would still copy them). */
function isCollapsed(text: string): boolean {
  let previous = 0x20;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || (c === 0x20 && previous === 0x20)) return false;
    previous = c;
  }
  return previous !== 0x20;
}

/** The declared name in a variable declaration head (text before `=` or `;`), skipping attributes. */
export function parseVariableHead(
  headText: string,
):
  { name: string; nameOffset: number; structType?: string; isArray: boolean; isExtern: boolean } | undefined {
  const masked = maskDeclarationNoise(headText);
  let end = masked.length;
  for (const stop of ["=", ";", ","]) {
    const at = masked.indexOf(stop);
    if (at >= 0 && at < end) end = at;
  }
  let isArray = false;
  const bracket = masked.indexOf("[");
  if (bracket >= 0 && bracket < end) {
    end = bracket;
    isArray = true;
  }
  if (masked.slice(0, end).includes("(")) return undefined;
  const words = wordsIn(masked, 0, end);
  const nameWord = words.at(-1);
  if (!nameWord || C_KEYWORDS.has(nameWord.text)) return undefined;
  const typeWords = words.slice(0, -1).filter((w) => !NON_TYPE_SPECIFIERS.has(w.text));
  if (typeWords.length === 0) return undefined;
  const structIndex = typeWords.findIndex((w) => w.text === "struct" || w.text === "union");
  const structType = structIndex >= 0 ? typeWords[structIndex + 1]?.text : undefined;
  const head = {
    name: nameWord.text,
    nameOffset: nameWord.start,
    isArray,
    isExtern: words.some((w) => w.text === "extern"),
  };
  return structType && structType !== nameWord.text ? { ...head, structType } : head;
}

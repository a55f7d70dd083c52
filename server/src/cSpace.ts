// C's white space (isspace in the "C" locale): space, tab, newline, carriage return, vertical tab, form feed.
// One test for the text scan and the parser's included ranges, which must agree on what separates tokens.

export function isCSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
}

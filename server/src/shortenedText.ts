// A long text shown in a hover is cut at a fixed length and marked as cut, the same way everywhere.

/** The text as it is when it has at most `maxLength` characters, else its first `maxLength` and "…". */
export function shortened(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

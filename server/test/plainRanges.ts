// Tests write ranges as [startLine, startCharacter, endLine, endCharacter]; the index packs most of them into
// one number (textPositions.ts: CompactRange). This turns every range field of a value back into its parts.
import { rangeParts, type CompactRange } from "../src/textPositions.js";

const RANGE_FIELDS = new Set(["range", "selectionRange", "targetRange"]);

export function plainRanges<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => plainRanges(item)) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      RANGE_FIELDS.has(key) && field !== undefined ? rangeParts(field as CompactRange) : plainRanges(field),
    ]),
  ) as T;
}

// Designators a `#define` writes: include/linux/perf/arm_pmu.h's
// `#define PMU_PROBE(_cpuid, _mask, _fn) { .cpuid = (_cpuid), .mask = (_mask), .init = (_fn), }` initializes
// a struct only its invocations name. The designators written beside each other are that struct's fields,
// so the struct is the one that has them all (struct pmu_probe_info); `.init` alone is one of 103 fields.
import { endOfCommentOrLiteral } from "./commentsAndLiterals.js";
import { isIdentifierPart, isIdentifierStart } from "./kernelMacros.js";

/** The designators of the brace list (or, with none, the replacement's top level) that holds the
 * designator whose name starts at `memberStart`, read from `from` to `to` (a `#define`'s replacement);
 * undefined when no designator starts there. */
export function designatorsBeside(
  text: string,
  from: number,
  to: number,
  memberStart: number,
): string[] | undefined {
  const found: { name: string; list: number; start: number }[] = [];
  const lists: number[] = [];
  let previous = ""; // the last character of code before `i`, past blanks and line continuations
  for (let i = from; i < to; i++) {
    const skipped = endOfCommentOrLiteral(text, i);
    if (skipped !== undefined) {
      // A string or character literal is code; a comment is passed over.
      if (text[i] === '"' || text[i] === "'") previous = text[i]!;
      i = skipped - 1;
      continue;
    }
    const c = text[i]!;
    if (c === "\\" || /\s/.test(c)) continue;
    if (c === "{" || c === "(" || c === "[") lists.push(i);
    else if (c === "}" || c === ")" || c === "]") lists.pop();
    else if (c === "." && (previous === "" || previous === "{" || previous === ",")) {
      let end = i + 1;
      while (end < to && /\s/.test(text[end]!)) end++;
      const start = end;
      if (start < to && isIdentifierStart(text[start]!)) {
        while (end < to && isIdentifierPart(text[end]!)) end++;
        if (/^\s*=/.test(text.slice(end, end + 8))) {
          found.push({ name: text.slice(start, end), list: lists.at(-1) ?? -1, start });
        }
      }
    }
    previous = c;
  }
  const own = found.find((designator) => designator.start === memberStart);
  return own && found.filter((designator) => designator.list === own.list).map((d) => d.name);
}

// Designators a `#define` writes, read as the preprocessor would have them: in the replacement alone, where
// it declares what it initializes; in place, for a `#define` inside the brace list it is expanded in; at an
// invocation, with the replacement put in the invocation's place. Else the designators written beside each
// other are one struct's fields: include/linux/perf/arm_pmu.h's `#define PMU_PROBE(_cpuid, _mask, _fn)
// { .cpuid = (_cpuid), .mask = (_mask), .init = (_fn), }` fills the one that has them all (struct
// pmu_probe_info); `.init` alone is one of 103 fields.
import { endOfCommentOrLiteral } from "./commentsAndLiterals.js";
import { skipBlankBack, skipSpaceBack } from "./backwardScan.js";
import { designatorAt, type Designator } from "./designators.js";
import { isIdentifierPart, isIdentifierStart } from "./kernelMacros.js";

/** A `#define`: where its directive starts and where its replacement is, as offsets into the file's text. */
export interface DefineText {
  directive: number;
  start: number;
  end: number;
}

/**
 * The designator whose name starts at `memberStart` in a `#define`'s replacement, as the preprocessor would
 * have it: what it initializes is what the replacement declares (`struct batadv_attribute
 * batadv_attr_##_name = { .attr = { .name = …` in net/batman-adv/sysfs.c), read in the replacement alone;
 * else, for a `#define` written inside a brace list to be expanded there (include/linux/genl_magic_func.h:
 * `#define GENL_mc_group(group) { .name = #group, },` in `ZZZ_genl_mcgrps[] = {`), what that list
 * initializes. The text before the directive is read with its directive lines blanked, so another macro's
 * replacement (`container_of(…, struct sensor_device_attribute, …)`) is never taken for a cast.
 */
export function designatorInReplacement(
  text: string,
  define: DefineText,
  memberStart: number,
): Designator | undefined {
  const replacement = asExpanded(text.slice(define.start, define.end));
  const own = designatorAt(replacement, memberStart - define.start);
  if (own) return shifted(own, define.start);
  // As far back as a designator's braces are looked for (designators.ts).
  const from = Math.max(0, define.directive - IN_PLACE_LOOKBACK);
  const before = blankDirectives(text.slice(from, define.directive));
  // Only where an element of a brace list may start: after its `{` or a `,`.
  const last = before[skipBlankBack(before, before.length) - 1];
  if (last !== "{" && last !== ",") return undefined;
  const inPlace = before + " ".repeat(define.start - define.directive) + replacement;
  const outer = designatorAt(inPlace, memberStart - from);
  return outer && shifted(outer, from);
}

const IN_PLACE_LOOKBACK = 50_000;

/**
 * The designator at `memberStart` of a `#define`'s replacement as it reads where the macro is invoked at
 * `invocation` of `site` (the text of the invoking file): the replacement put in the invocation's place, so
 * `.kref = KREF_INIT(1)` makes KREF_INIT's `{ .refcount = … }` a designator of the type of field kref, and
 * `{ HID_USB_DEVICE(…) }` in a `struct hid_device_id` table makes `.bus = …` one of that struct.
 */
export function designatorAtInvocation(
  text: string,
  define: DefineText,
  memberStart: number,
  site: string,
  invocation: number,
): Designator | undefined {
  const expanded = site.slice(0, invocation) + asExpanded(text.slice(define.start, define.end));
  return designatorAt(expanded, invocation + memberStart - define.start);
}

/** The struct tags the comment right above a directive at `directive` names (`struct sdio_device_id`). */
export function structsNamedAbove(text: string, directive: number): string[] {
  const end = skipSpaceBack(text, directive);
  if (!text.startsWith("*/", end - 2)) return [];
  const open = text.lastIndexOf("/*", end - 3);
  if (open < 0) return [];
  return [...text.slice(open, end).matchAll(/\bstruct\s+([A-Za-z_]\w*)/g)].map((match) => match[1]!);
}

/** A replacement's text as code: line continuations read as blanks and a pasted name as one identifier. */
function asExpanded(replacement: string): string {
  return replacement.replace(/\\(?=\r?\n)/g, " ").replace(/\s*##\s*/g, (paste) => "_".repeat(paste.length));
}

/** Each directive line, continuations included, as blanks (line breaks kept). */
function blankDirectives(code: string): string {
  return code.replace(/^[ \t]*#(?:.*\\\r?\n)*.*/gm, (line) => line.replace(/[^\n]/g, " "));
}

function shifted(designator: Designator, by: number): Designator {
  const anonymous = designator.anonymousVariable;
  return anonymous
    ? { ...designator, anonymousVariable: { ...anonymous, start: anonymous.start + by } }
    : designator;
}

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

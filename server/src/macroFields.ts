// Fields an object-like macro supplies where a struct's fields go: include/uapi/linux/pkt_cls.h defines
// `#define tc_gen __u32 index; __u32 capab; int action; int refcnt; int bindcnt`, and the 14 structs of
// include/uapi/linux/tc_act write `tc_gen;` (so `parm->action` in net/sched/act_gact.c is struct tc_gact's);
// include/linux/dcache.h gives struct qstr its hash and len through HASH_LEN_DECLARE. The index holds each
// file's fields alone, so these are read from the macro's definition when a member is looked up.
import type { FieldSymbol, MacroSymbol, StructSymbol } from "./fileSymbols.js";
import type { FieldRef, Located } from "./indexedFile.js";
import { parameterName } from "./parameterLists.js";
import type { ServerContext } from "./serverContext.js";
import { rangeEnd } from "./textPositions.js";

/** The fields named `name` that the field macros of these structs (StructSymbol.fieldMacros) declare. */
export function macroFieldsNamed(
  context: ServerContext,
  structs: readonly Located<StructSymbol>[],
  name: string,
): FieldRef[] {
  const refs: FieldRef[] = [];
  for (const struct of structs) {
    for (const macro of struct.symbol.fieldMacros ?? []) {
      for (const definition of context.index.macrosNamed(macro)) {
        if (definition.symbol.parameters !== undefined) continue;
        const field = fieldInDefinition(context, definition, name);
        if (field) refs.push({ file: definition.file, symbol: field, struct: struct.symbol });
      }
    }
  }
  return refs;
}

/** The field `name` among the declarations of an object-like macro's value, with its place there. */
function fieldInDefinition(
  context: ServerContext,
  definition: Located<MacroSymbol>,
  name: string,
): FieldSymbol | undefined {
  const source = context.documents.sourceOf(context.paths.uri(definition.file.path));
  if (!source) return undefined;
  const { text, lines } = source;
  const valueStart = lines.offsetAt(rangeEnd(definition.symbol.selectionRange));
  const valueEnd = lines.offsetAt(rangeEnd(definition.symbol.range));
  // Declarations end at `;`; the last one may have none (`int bindcnt`).
  let start = valueStart;
  for (let end = valueStart; end <= valueEnd; end++) {
    if (end < valueEnd && text[end] !== ";") continue;
    const declaration = text.slice(start, end);
    if (parameterName(declaration) === name) {
      const at = lastWord(declaration, name);
      if (at !== undefined) {
        const field: FieldSymbol = { name, range: lines.rangeAt(start + at, start + at + name.length) };
        const struct = /\b(?:struct|union)\s+([A-Za-z_]\w*)/.exec(declaration)?.[1];
        if (struct !== undefined) field.structType = struct;
        else
          field.typeText = declaration
            .slice(0, at)
            .replace(/\\\r?\n/g, " ")
            .replace(/\s+/g, " ")
            .trim();
        return field;
      }
    }
    start = end + 1;
  }
  return undefined;
}

/** The offset of the last whole-word `word` in `text`. */
function lastWord(text: string, word: string): number | undefined {
  let found: number | undefined;
  for (const match of text.matchAll(new RegExp(`\\b${word}\\b`, "g"))) found = match.index;
  return found;
}

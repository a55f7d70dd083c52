// Tags declared without a body (`struct proc_dir_entry;` in include/linux/proc_fs.h). Where no indexed file
// defines the type (fs/proc/internal.h does, outside net/ and include/), these declarations are all the tree
// has of it: definition, hover and type definition go there rather than nowhere.
import type { QueryMatch } from "web-tree-sitter";
import type { TagDeclarationSymbol } from "./fileSymbols.js";
import type { LineIndex } from "./textPositions.js";

/** The `declared` matches of the structs query (grammars/structs.scm), in text order. */
export function extractTagDeclarations(matches: QueryMatch[], lines: LineIndex): TagDeclarationSymbol[] {
  const declarations: TagDeclarationSymbol[] = [];
  for (const match of matches) {
    const node = match.captures.find((c) => c.name === "declared")?.node;
    const name = match.captures.find((c) => c.name === "declared.name")?.node;
    if (!node || !name) continue;
    declarations.push({
      name: name.text,
      kind: node.type === "union_specifier" ? "union" : "struct",
      range: lines.rangeAt(node.startIndex, node.endIndex),
      selectionRange: lines.rangeAt(name.startIndex, name.endIndex),
    });
  }
  return declarations;
}

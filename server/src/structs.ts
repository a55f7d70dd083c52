// Struct and union definitions with their fields. Anonymous inner structs/unions are flattened into the
// parent, as C does for member access (struct sock_common's unions of skc_daddr, skc_hash, …).
import type { Node, QueryMatch } from "web-tree-sitter";
import { declaredName, structNameOfType } from "./declarators.js";
import type { FieldSymbol, StructSymbol, TypedefSymbol } from "./fileSymbols.js";
import type { LineIndex } from "./textPositions.js";

export function extractStructs(
  matches: QueryMatch[],
  lines: LineIndex,
): { structs: StructSymbol[]; typedefs: TypedefSymbol[] } {
  const structs: StructSymbol[] = [];
  const typedefs: TypedefSymbol[] = [];
  for (const match of matches) {
    const get = (name: string) => match.captures.find((c) => c.name === name)?.node;
    const structNode = get("struct");
    const nameNode = get("struct.name");
    const body = get("struct.body");
    if (structNode && nameNode && body) {
      structs.push({
        name: nameNode.text,
        kind: structNode.type === "union_specifier" ? "union" : "struct",
        range: lines.rangeAt(structNode.startIndex, structNode.endIndex),
        selectionRange: lines.rangeAt(nameNode.startIndex, nameNode.endIndex),
        fields: fieldsOf(body, lines),
      });
    }
    const typedefName = get("typedef.name");
    const typedefTarget = get("typedef.target");
    if (typedefName && typedefTarget)
      typedefs.push({ name: typedefName.text, structType: typedefTarget.text });
  }
  return { structs, typedefs };
}

const FIELD_CONTAINERS = new Set(["preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif", "ERROR"]);

function fieldsOf(body: Node, lines: LineIndex): FieldSymbol[] {
  const fields: FieldSymbol[] = [];
  const pending: Node[] = [body];
  while (pending.length > 0) {
    const list = pending.pop()!;
    for (const child of list.namedChildren) {
      if (!child) continue;
      if (FIELD_CONTAINERS.has(child.type)) {
        pending.push(child);
        continue;
      }
      if (child.type !== "field_declaration") continue;
      const type = child.childForFieldName("type");
      const declarators = child.childrenForFieldName("declarator").filter((d): d is Node => d !== null);
      const innerBody = type?.childForFieldName("body");
      if (declarators.length === 0 && innerBody && !type?.childForFieldName("name")) {
        pending.push(innerBody);
        continue;
      }
      for (const declarator of declarators) {
        const declared = declaredName(declarator);
        if (!declared) continue;
        const field: FieldSymbol = {
          name: declared.node.text,
          range: lines.rangeAt(declared.node.startIndex, declared.node.endIndex),
        };
        const structType = structNameOfType(type);
        if (structType) field.structType = structType;
        else if (type) field.typeText = typeTextOf(type);
        if (declared.isFunction) field.isFunctionPointer = true;
        fields.push(field);
      }
    }
  }
  return fields.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
}

function typeTextOf(type: Node): string {
  const text = type.text;
  return text.length > 40 ? type.type : text;
}

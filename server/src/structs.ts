// Struct and union definitions with their fields. Anonymous inner structs/unions are flattened into the
// parent, as C does for member access (struct sock_common's unions of skc_daddr, skc_hash, …). An anonymous
// struct that names a field (`struct { … } ctnl_timeout;`) becomes a member struct of its own, named
// "outer.field", so member access through it resolves; a typedef'd anonymous struct takes the typedef's name.
import type { Node, QueryMatch } from "web-tree-sitter";
import { withoutComments } from "./declarationText.js";
import { declaredName, structNameOfType } from "./declarators.js";
import { collapse } from "./functionHeads.js";
import type { FieldSymbol, StructSymbol, TypedefSymbol } from "./fileSymbols.js";
import { C_KEYWORDS } from "./kernelMacros.js";
import { macroDeclared } from "./macroDeclarations.js";
import type { TextField, TextMembers } from "./structFields.js";
import { byRangeStart, type LineIndex } from "./textPositions.js";
import { shortened } from "./shortenedText.js";

/** Whether a struct name is a member struct's ("nf_conntrack_l4proto.ctnl_timeout"), never a C tag. */
export function isMemberStruct(name: string): boolean {
  return name.includes(".") && !isVariableType(name);
}

/** The name of the anonymous struct a field is declared with (`struct { … } ctnl_timeout;` in
 * nf_conntrack_l4proto): "nf_conntrack_l4proto.ctnl_timeout", the first field's when it declares several. */
function memberStructName(owner: string, firstField: string): string {
  return `${owner}.${firstField}`;
}

/** The name of the anonymous struct a variable is declared with: `typeof(icmp_global)` at file scope,
 * `typeof(tcp_v4_send_reset.rep)` for a local, after GNU C's typeof, so no C tag can be the same. */
export function variableTypeName(variable: string, enclosingFunction?: string): string {
  return `typeof(${enclosingFunction === undefined ? "" : `${enclosingFunction}.`}${variable})`;
}

/** Whether a struct name is variableTypeName's. */
export function isVariableType(name: string): boolean {
  return name.startsWith("typeof(") && name.endsWith(")");
}

/** Whether a struct is named by its tag (`struct sock`): not a typedef's, a member's or a variable's. */
export function isTagged(struct: StructSymbol): boolean {
  return !struct.isTypedef && !isMemberStruct(struct.name) && !isVariableType(struct.name);
}

export function extractStructs(
  matches: QueryMatch[],
  lines: LineIndex,
  /** The function whose body holds an offset, for types declared in bodies. */
  enclosingFunction: (offset: number) => string | undefined = () => undefined,
  /** Members read from the text (structFields.ts) of bodies the parse left out, by their `{`. */
  fromText: ReadonlyMap<number, TextMembers> = new Map(),
  /** The file's text as written (the parse reads it with attribute macros blanked): typedefs show it. */
  source?: string,
): { structs: StructSymbol[]; typedefs: TypedefSymbol[] } {
  const membersOf = (body: Node, owner: string, lines: LineIndex, structs: StructSymbol[]) => {
    const read = fromText.get(body.startIndex);
    return read ? membersFromText(read, owner, lines, structs) : membersOfTree(body, owner, lines, structs);
  };
  const structs: StructSymbol[] = [];
  const typedefs: TypedefSymbol[] = [];
  for (const match of matches) {
    const get = (name: string) => match.captures.find((c) => c.name === name)?.node;
    const structNode = get("struct");
    const nameNode = get("struct.name");
    const body = get("struct.body");
    if (structNode && nameNode && body) {
      // The typedef's name follows the body: the whole typedef is the range that holds it.
      const typedef = get("struct.typedef");
      const whole = typedef ?? structNode;
      const struct: StructSymbol = {
        name: nameNode.text,
        kind: structNode.type === "union_specifier" ? "union" : "struct",
        range: lines.rangeAt(whole.startIndex, whole.endIndex),
        selectionRange: lines.rangeAt(nameNode.startIndex, nameNode.endIndex),
        ...membersOf(body, nameNode.text, lines, structs),
      };
      if (typedef) struct.isTypedef = true;
      structs.push(struct);
    }
    const variableDeclaration = get("struct.variable");
    if (structNode && body && variableDeclaration && !nameNode) {
      const first = variableDeclaration.childForFieldName("declarator");
      const variable = first ? declaredName(first)?.node : undefined;
      if (variable?.type === "identifier") {
        const name = variableTypeName(variable.text, enclosingFunction(variableDeclaration.startIndex));
        structs.push({
          name,
          kind: structNode.type === "union_specifier" ? "union" : "struct",
          range: lines.rangeAt(variableDeclaration.startIndex, variableDeclaration.endIndex),
          // The type, where type definition goes: its `struct` or `union` keyword.
          selectionRange: lines.rangeAt(
            structNode.startIndex,
            structNode.startIndex + (structNode.child(0)?.text.length ?? 0),
          ),
          ...membersOf(body, name, lines, structs),
        });
      }
    }
    const typedef = get("typedef");
    if (typedef) typedefs.push(...typedefsOf(typedef, lines, source));
  }
  return { structs, typedefs };
}

const TAGGED_TYPES = new Set(["struct_specifier", "union_specifier", "enum_specifier"]);

/** A typedef's text longer than this is cut: a hover shows the head of a long function-pointer type. */
const MAX_TYPEDEF_TEXT = 300;

/** The names a `typedef` declares (`typedef struct x x_t, *x_p;` declares two). */
function typedefsOf(typedef: Node, lines: LineIndex, source: string | undefined): TypedefSymbol[] {
  const type = typedef.childForFieldName("type");
  // `typedef struct { … } socket_lock_t;`: the anonymous struct (or enum) is known by that name already.
  if (type && TAGGED_TYPES.has(type.type) && !type.childForFieldName("name")) return [];
  const tag =
    type && (type.type === "struct_specifier" || type.type === "union_specifier")
      ? type.childForFieldName("name")?.text
      : undefined;
  const written = collapse(
    withoutComments(source?.slice(typedef.startIndex, typedef.endIndex) ?? typedef.text),
  );
  const text = shortened(written, MAX_TYPEDEF_TEXT);
  const found: TypedefSymbol[] = [];
  for (const declarator of typedef.childrenForFieldName("declarator")) {
    // The grammar reads C's standard type names as primitive types: `typedef __kernel_size_t size_t;`.
    const name =
      declarator?.type === "primitive_type" ? declarator : declarator && declaredName(declarator)?.node;
    if (name?.type !== "type_identifier" && name?.type !== "primitive_type") continue;
    const symbol: TypedefSymbol = {
      name: name.text,
      range: lines.rangeAt(typedef.startIndex, typedef.endIndex),
      selectionRange: lines.rangeAt(name.startIndex, name.endIndex),
      text,
    };
    // Only `typedef struct foo foo_t;` makes foo_t struct foo itself; `*foo_p` is a pointer to it.
    if (tag && declarator!.type === "type_identifier") symbol.structType = tag;
    found.push(symbol);
  }
  return found;
}

const FIELD_CONTAINERS = new Set(["preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif", "ERROR"]);

/** A struct's fields, and the field macros written among them (`tc_gen;`) when there are any, as the text
 * gave them: walked as fieldsOf walks the tree, so member structs are added to `structs` in the same order. */
function membersFromText(
  read: TextMembers,
  owner: string,
  lines: LineIndex,
  structs: StructSymbol[],
): Pick<StructSymbol, "fields" | "fieldMacros"> {
  const fields: FieldSymbol[] = [];
  const fieldMacros: string[] = [];
  const pending: TextMembers[] = [read];
  while (pending.length > 0) {
    for (const statement of pending.pop()!.statements) {
      if ("anonymous" in statement) pending.push(statement.anonymous);
      else if ("branch" in statement) pending.push(statement.branch);
      else if ("fieldMacro" in statement) fieldMacros.push(statement.fieldMacro);
      else if ("field" in statement) fields.push(fieldFromText(statement.field, undefined, lines));
      else {
        const { kind, start, end, members, fields: declared } = statement.memberStruct;
        const first = declared[0]!;
        const name = memberStructName(owner, first.name);
        structs.push({
          name,
          kind,
          range: lines.rangeAt(start, end),
          selectionRange: lines.rangeAt(first.start, first.end),
          ...membersFromText(members, name, lines, structs),
        });
        for (const field of declared) fields.push(fieldFromText(field, name, lines));
      }
    }
  }
  return members(fields, fieldMacros);
}

/** A field read from the text; `memberStruct` is the type of one declared with an anonymous struct. */
function fieldFromText(
  { name, start, end, structType, typeText, isFunctionPointer }: TextField,
  memberStruct: string | undefined,
  lines: LineIndex,
): FieldSymbol {
  const field: FieldSymbol = { name, range: lines.rangeAt(start, end) };
  const type = memberStruct ?? structType;
  if (type) field.structType = type;
  else if (typeText) field.typeText = typeText;
  if (isFunctionPointer) field.isFunctionPointer = true;
  return field;
}

/** A struct's fields, and the field macros written among them (`tc_gen;`) when there are any. */
function membersOfTree(
  body: Node,
  owner: string,
  lines: LineIndex,
  structs: StructSymbol[],
): Pick<StructSymbol, "fields" | "fieldMacros"> {
  const fieldMacros: string[] = [];
  return members(fieldsOf(body, owner, lines, structs, fieldMacros), fieldMacros);
}

/** Fields in text order, and the field macros when there are any: the one shape of both readings. */
function members(fields: FieldSymbol[], fieldMacros: string[]): Pick<StructSymbol, "fields" | "fieldMacros"> {
  fields.sort((a, b) => byRangeStart(a.range, b.range));
  return fieldMacros.length > 0 ? { fields, fieldMacros } : { fields };
}

/** The fields of `body`; member structs it declares are pushed to `structs`, and the field macros written
 * in it (`tc_gen;`) to `fieldMacros`. */
function fieldsOf(
  body: Node,
  owner: string,
  lines: LineIndex,
  structs: StructSymbol[],
  fieldMacros: string[],
): FieldSymbol[] {
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
      if (declarators.length === 0) {
        const declared = macroDeclared(child);
        if (declared) {
          const { name, nameStart, nameEnd, structType, typeText } = declared;
          const field: FieldSymbol = { name, range: lines.rangeAt(nameStart, nameEnd) };
          if (structType) field.structType = structType;
          else if (typeText) field.typeText = typeText;
          fields.push(field);
          continue;
        }
      }
      const innerBody = type?.childForFieldName("body");
      if (declarators.length === 0 && innerBody && !type?.childForFieldName("name")) {
        pending.push(innerBody);
        continue;
      }
      if (declarators.length === 0 && type?.type === "type_identifier") {
        // `tc_gen;`: a name alone where fields go is a macro that expands to them.
        fieldMacros.push(type.text);
        continue;
      }
      let memberStruct: string | undefined;
      for (const declarator of declarators) {
        const declared = declaredName(declarator);
        // `ZONE_PADDING(_pad1_)` before `struct free_area free_area[…];` (include/linux/mmzone.h): error
        // recovery may take a keyword for the name.
        if (!declared || C_KEYWORDS.has(declared.node.text)) continue;
        const field: FieldSymbol = {
          name: declared.node.text,
          range: lines.rangeAt(declared.node.startIndex, declared.node.endIndex),
        };
        if (innerBody && type && !type.childForFieldName("name")) {
          memberStruct ??= addMemberStruct(
            child,
            type,
            innerBody,
            memberStructName(owner, field.name),
            field,
            lines,
            structs,
          );
        }
        const structType = memberStruct ?? structNameOfType(type);
        if (structType) field.structType = structType;
        else if (type) field.typeText = typeTextOf(type);
        if (declared.isFunction) field.isFunctionPointer = true;
        fields.push(field);
      }
    }
  }
  return fields;
}

/** `struct { … } name;` inside `owner`: its fields as struct "owner.name" (declared once for `a, b`); a body
 * inside another is always in the parse. */
function addMemberStruct(
  declaration: Node,
  type: Node,
  body: Node,
  name: string,
  field: FieldSymbol,
  lines: LineIndex,
  structs: StructSymbol[],
): string {
  structs.push({
    name,
    kind: type.type === "union_specifier" ? "union" : "struct",
    range: lines.rangeAt(declaration.startIndex, declaration.endIndex),
    selectionRange: field.range,
    ...membersOfTree(body, name, lines, structs),
  });
  return name;
}

/** Longer type texts are recorded by the kind of their node (kept short: the index is cached and held in
 * memory); structFields.ts leaves such a field to the tree. */
export const MAX_TYPE_TEXT = 40;

function typeTextOf(type: Node): string {
  const text = type.text;
  return text.length > MAX_TYPE_TEXT ? type.type : text;
}

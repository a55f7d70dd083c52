// Declarations written as one curated macro call (kernelMacros.ts: DECLARING_MACROS):
// `DEFINE_PER_CPU_ALIGNED(struct softnet_data, softnet_data);` at file scope, `DEFINE_SNMP_STAT(struct
// tcp_mib, tcp_statistics);` in a struct. The grammar reads the call as a type with no declarator, so the
// name and type are read from the arguments as written.
import type { Node } from "web-tree-sitter";
import { collapse } from "./functionHeads.js";
import { DECLARING_MACROS } from "./kernelMacros.js";
import { closingParen, topLevelArguments } from "./macroArguments.js";

export interface MacroDeclared {
  name: string;
  /** Where the name is written in the file: the argument, without a prefix the macro pastes to it. */
  nameStart: number;
  nameEnd: number;
  structType?: string;
  typeText?: string;
  isExtern: boolean;
}

/** What `node` declares through a curated macro, however the grammar read the call: a declaration or
 * field_declaration whose type is the call (`static DEFINE_PER_CPU(…);`) or the macro's name (`static
 * LIST_HEAD(proto_list);`), the call alone (`DEFINE_PER_CPU_ALIGNED(…);` without `static`), or a statement
 * (`LIST_HEAD(net_namespace_list);` at file scope, `DEFINE_WAIT(wait);` in a body). */
export function macroDeclared(node: Node): MacroDeclared | undefined {
  const call = macroCall(node);
  // The name first: node.text is a copy out of the tree, and most calls at file scope declare nothing.
  if (!call || !DECLARING_MACROS.has(call.name)) return undefined;
  const declared = declaredByMacroCall(node.text, call.start - node.startIndex);
  return (
    declared && {
      ...declared,
      nameStart: node.startIndex + declared.nameStart,
      nameEnd: node.startIndex + declared.nameEnd,
    }
  );
}

/** The macro's name and where its call starts, by how the grammar read it. */
function macroCall(node: Node): { name: string; start: number } | undefined {
  let callee: Node | null;
  if (node.type === "macro_type_specifier") {
    callee = node.child(0);
  } else if (node.type === "expression_statement") {
    // The statement's first token: `DECLARE_SOCKADDR(struct sockaddr_in *, sin, …);` has a type among its
    // arguments, and error recovery makes a comma expression of it, still starting with the macro's name.
    const first = node.descendantForIndex(node.startIndex);
    callee = first?.type === "identifier" ? first : null;
  } else {
    const type = node.childForFieldName("type");
    if (type?.type === "type_identifier") callee = type;
    else callee = type?.type === "macro_type_specifier" ? type.child(0) : null;
  }
  return callee ? { name: callee.text, start: callee.startIndex } : undefined;
}

/** What the curated macro call at `offset` of `text` declares (`DEFINE_WAIT(wait)` in a body, a statement
 * to the grammar); `nameStart` and `nameEnd` are offsets in `text`. */
export function declaredByMacroCall(text: string, offset = 0): MacroDeclared | undefined {
  const call = /^(\w+)\s*\(/.exec(text.slice(offset));
  const macro = call && DECLARING_MACROS.get(call[1]!);
  if (!call || !macro) return undefined;
  const open = offset + call[0].length - 1;
  const close = closingParen(text, open);
  if (close === undefined) return undefined;
  const args = topLevelArguments(text, open, close);
  const nameRange = args[macro.nameArgument];
  const name = nameRange && text.slice(...nameRange);
  if (!nameRange || !name || !/^[A-Za-z_]\w*$/.test(name)) return undefined;
  const typeRange = macro.typeArgument === undefined ? undefined : args[macro.typeArgument];
  const typeText = typeRange ? collapse(text.slice(...typeRange)) : macro.typeText;
  const structType =
    macro.structType ?? (typeText && /^(?:const )?(?:struct|union) (\w+)(?: ?\*)*$/.exec(typeText)?.[1]);
  const declared: MacroDeclared = {
    name: (macro.namePrefix ?? "") + name,
    nameStart: nameRange[0],
    nameEnd: nameRange[1],
    isExtern: !!macro.isExtern,
  };
  if (structType) declared.structType = structType;
  else if (typeText) declared.typeText = typeText;
  return declared;
}

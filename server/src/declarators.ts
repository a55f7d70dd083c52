// Walks C declarator chains (pointer, array, parenthesized, init, function) down to the declared name.
import type { Node } from "web-tree-sitter";

export interface DeclaredName {
  node: Node;
  isFunction: boolean;
  /** `int (*handler)(int)`: a pointer under the function declarator, so a variable or field, not a function. */
  isPointerToFunction: boolean;
  isArray: boolean;
}

const WRAPPERS = new Set([
  "init_declarator",
  "pointer_declarator",
  "array_declarator",
  "parenthesized_declarator",
  "attributed_declarator",
  "function_declarator",
]);

/** The identifier (or field_identifier) a declarator declares; iterative, so deep nesting cannot overflow. */
export function declaredName(declarator: Node): DeclaredName | undefined {
  let node: Node | null = declarator;
  let isFunction = false;
  let isPointerToFunction = false;
  let isArray = false;
  for (let steps = 0; node && steps < 64; steps++) {
    if (node.type === "identifier" || node.type === "field_identifier" || node.type === "type_identifier") {
      return { node, isFunction, isPointerToFunction, isArray };
    }
    if (!WRAPPERS.has(node.type)) return undefined;
    if (node.type === "function_declarator") isFunction = true;
    if (node.type === "pointer_declarator" && isFunction) isPointerToFunction = true;
    if (node.type === "array_declarator") isArray = true;
    node =
      node.childForFieldName("declarator") ??
      node.namedChildren.find((c) => c !== null && c.type !== "parameter_list") ??
      null;
  }
  return undefined;
}

/** Struct or union name of a type node, when it is one. */
export function structNameOfType(type: Node | null): string | undefined {
  if (!type) return undefined;
  if (type.type !== "struct_specifier" && type.type !== "union_specifier") return undefined;
  return type.childForFieldName("name")?.text;
}

/** The parameter list of the function a definition's declarator declares (under pointers and parens). */
export function parametersOf(declarator: Node | null): Node | null {
  for (let node = declarator, steps = 0; node && steps < 16; steps++) {
    if (node.type === "function_declarator") return node.childForFieldName("parameters");
    node = node.childForFieldName("declarator");
  }
  return null;
}

/** The names a function definition's parameters declare, by position (`""` for one without a name):
 * `sk`, `on` and `destructor` for
 * `int ip_ra_control(struct sock *sk, unsigned char on, void (*destructor)(struct sock *))`. */
export function parameterNames(definition: Node): string[] {
  if (definition.type !== "function_definition") return [];
  const names: string[] = [];
  for (const parameter of parametersOf(definition.childForFieldName("declarator"))?.namedChildren ?? []) {
    if (parameter?.type === "comment") continue;
    const declarator =
      parameter?.type === "parameter_declaration" ? parameter.childForFieldName("declarator") : null;
    const declared = declarator ? declaredName(declarator) : undefined;
    names.push(declared?.node.type === "identifier" ? declared.node.text : "");
  }
  return names;
}

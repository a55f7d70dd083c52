// Parameters and locals: `sk` inside tcp_conn_request is its parameter, not one of the 55 struct fields
// named sk. The enclosing definition alone is parsed on demand (a few KB, about a millisecond), and the
// innermost declaration of the name before the cursor wins, as C scoping says.
import type { Node } from "web-tree-sitter";
import { declaredName } from "./declarators.js";
import type { FileSymbols } from "./fileSymbols.js";
import type { CParser } from "./parser.js";
import { maskAttributesForParse } from "./parseMask.js";
import { LineIndex, rangeContains, type CompactRange, type Position } from "./textPositions.js";

export interface LocalDeclaration {
  kind: "parameter" | "local";
  /** The declared name, in the file's coordinates. */
  range: CompactRange;
  /** The declaration as written, whitespace collapsed: "struct sock *sk". */
  text: string;
  /** The function it belongs to. */
  functionName: string;
}

/** Longer definitions are left to the index (the parse would cost more than a request may). */
const MAX_FUNCTION_LENGTH = 200_000;

export function localDeclaration(
  parser: CParser,
  text: string,
  file: FileSymbols,
  name: string,
  position: Position,
): LocalDeclaration | undefined {
  return withEnclosingFunction(parser, text, file, position, (scope) => {
    const found = scope.declarationAt(scope.offset, name);
    return found && scope.describe(found);
  });
}

/** The declaration of the parameter or local at `position`, and where its function uses it. */
export function localReferences(
  parser: CParser,
  text: string,
  file: FileSymbols,
  name: string,
  position: Position,
): { declaration: LocalDeclaration; uses: CompactRange[] } | undefined {
  return withEnclosingFunction(parser, text, file, position, (scope) => {
    const found = scope.declarationAt(scope.offset, name);
    if (!found) return undefined;
    const uses: CompactRange[] = [];
    for (const identifier of scope.root.descendantsOfType("identifier")) {
      if (!identifier || identifier.text !== name || identifier.startIndex === found.name.startIndex)
        continue;
      const resolved = scope.declarationAt(identifier.startIndex, name);
      if (resolved?.name.startIndex === found.name.startIndex) uses.push(scope.rangeOf(identifier));
    }
    return { declaration: scope.describe(found), uses };
  });
}

interface EnclosingFunction {
  root: Node;
  /** The cursor, in the function's text. */
  offset: number;
  declarationAt(offset: number, name: string): Found | undefined;
  describe(found: Found): LocalDeclaration;
  rangeOf(node: Node): CompactRange;
}

/** Parses the definition around `position` alone and hands it to `use`; the tree is freed after. */
function withEnclosingFunction<T>(
  parser: CParser,
  text: string,
  file: FileSymbols,
  position: Position,
  use: (scope: EnclosingFunction) => T | undefined,
): T | undefined {
  const definition = file.functions.find((f) => f.isDefinition && rangeContains(f.range, position));
  if (!definition) return undefined;
  const lines = new LineIndex(text);
  const start = lines.offsetAt({ line: definition.range[0], character: definition.range[1] });
  const end = lines.offsetAt({ line: definition.range[2], character: definition.range[3] });
  const offset = lines.offsetAt(position);
  if (end - start > MAX_FUNCTION_LENGTH || offset < start || offset > end) return undefined;
  const tree = parser.parse(maskAttributesForParse(text.slice(start, end)));
  if (!tree) return undefined;
  const root = tree.rootNode;
  const rangeOf = (node: Node) => lines.rangeAt(start + node.startIndex, start + node.endIndex);
  try {
    return use({
      root,
      offset: offset - start,
      declarationAt(at, name) {
        const node = root.descendantForIndex(at);
        return node ? innermostDeclaration(node, name, at) : undefined;
      },
      describe: (found) => ({
        kind: found.kind,
        range: rangeOf(found.name),
        text: text
          .slice(start + found.declaration.startIndex, start + found.declaration.endIndex)
          .replace(/\s+/g, " ")
          .replace(/\s*;$/, ""),
        functionName: definition.name,
      }),
      rangeOf,
    });
  } finally {
    tree.delete();
  }
}

interface Found {
  kind: "parameter" | "local";
  name: Node;
  declaration: Node;
}

function innermostDeclaration(from: Node, name: string, offset: number): Found | undefined {
  for (let scope: Node | null = from; scope; scope = scope.parent) {
    if (scope.type === "compound_statement" || scope.type === "for_statement") {
      let last: Found | undefined;
      for (const child of scope.namedChildren) {
        if (!child || child.startIndex >= offset) break;
        if (child.type !== "declaration") continue;
        const declared = declaresName(child, name);
        if (declared) last = { kind: "local", name: declared, declaration: child };
      }
      if (last) return last;
    } else if (scope.type === "function_definition") {
      const parameters = parametersOf(scope.childForFieldName("declarator"));
      for (const parameter of parameters?.namedChildren ?? []) {
        if (parameter?.type !== "parameter_declaration") continue;
        const declared = declaresName(parameter, name);
        if (declared) return { kind: "parameter", name: declared, declaration: parameter };
      }
      return undefined;
    }
  }
  return undefined;
}

function declaresName(declaration: Node, name: string): Node | undefined {
  for (const declarator of declaration.childrenForFieldName("declarator")) {
    const declared = declarator ? declaredName(declarator) : undefined;
    if (declared?.node.type === "identifier" && declared.node.text === name) return declared.node;
  }
  return undefined;
}

/** The parameter list of the function a definition's declarator declares (under pointers and parens). */
function parametersOf(declarator: Node | null): Node | null {
  for (let node = declarator, steps = 0; node && steps < 16; steps++) {
    if (node.type === "function_declarator") return node.childForFieldName("parameters");
    node = node.childForFieldName("declarator");
  }
  return null;
}

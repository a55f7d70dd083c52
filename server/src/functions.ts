// Function definitions, prototypes and file-scope variables of one parsed file.
import type { Node, QueryMatch, Tree } from "web-tree-sitter";
import { declaredName, structNameOfType } from "./declarators.js";
import type { FunctionSymbol, VariableSymbol } from "./fileSymbols.js";
import { parseFunctionHead, parseVariableHead, skipSpaces, type FunctionHead } from "./functionHeads.js";
import { EXPORT_MACROS, isAttributeMacro } from "./kernelMacros.js";
import { macroDeclared } from "./macroDeclarations.js";
import { variableTypeName } from "./structs.js";
import type { TextFunction } from "./textFunctions.js";
import type { LineIndex } from "./textPositions.js";

export interface FunctionDefinitionNode {
  symbol: FunctionSymbol;
  /** Where the definition's text starts and its body ends, for attributing calls to it. */
  start: number;
  end: number;
  /** The tree node whose parameters and locals type receivers (the definition, or the bare body); none for
   * a definition read from the text, which the parse left out. */
  scope: Node | undefined;
}

/** How far before a column-0 `{` a head may start (long parameter lists span several lines). */
const MAX_HEAD_LENGTH = 600;

/** Nodes under which a definition still counts as file-scope (an #ifdef, or an ERROR a macro caused). */
const FILE_SCOPE_CONTAINERS = new Set([
  "translation_unit",
  "preproc_if",
  "preproc_ifdef",
  "preproc_else",
  "preproc_elif",
  "preproc_elifdef",
  "ERROR",
  "linkage_specification",
  "declaration_list",
]);

export function isAtFileScope(node: Node): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    // The root: asking it for its parent would be one more call into the wasm heap.
    if (parent.type === "translation_unit") return true;
    if (!FILE_SCOPE_CONTAINERS.has(parent.type)) return false;
  }
  return true;
}

export function extractFunctionsAndVariables(
  matches: QueryMatch[],
  tree: Tree,
  text: string,
  lines: LineIndex,
  fromText: FunctionsFromText = { definitions: [], prototypes: [] },
): { definitions: FunctionDefinitionNode[]; prototypes: FunctionSymbol[]; variables: VariableSymbol[] } {
  // Array literals filled by push, not map(): a literal's arrays start with the elements kind V8 saw its
  // earlier arrays end with (map() gives an empty list one of small integers), so readers keep their code.
  const definitions: FunctionDefinitionNode[] = [];
  for (const { head, start, end } of fromText.definitions) {
    definitions.push({ symbol: definitionSymbol(head, start, start, end), start, end, scope: undefined });
  }
  // With where each starts: those read from the text go between the tree's in text order.
  const prototypes: { start: number; symbol: FunctionSymbol }[] = [];
  for (const { head, start, end } of fromText.prototypes) {
    prototypes.push({ start, symbol: prototypeSymbol(head, start, start, end) });
  }
  const variables: VariableSymbol[] = [];

  for (const match of matches) {
    const capture = match.captures.find((c) => c.name !== "function.body");
    if (!capture) continue;
    const node = capture.node;
    if (capture.name === "function.definition") {
      const body = node.childForFieldName("body");
      if (body) addDefinition(node, body, node);
    } else if (capture.name === "function.orphanBody") {
      const head = node.previousNamedSibling;
      if (head && head.type !== "comment") addDefinition(head, node, node);
    } else if (capture.name === "function.errorDeclarator") {
      addFlattenedDefinition(node);
    } else if (capture.name === "declaration" && isAtFileScope(node)) {
      if (!addMacroDeclaration(node)) addDeclaration(node);
    } else if (capture.name === "declaration.macro" && isAtFileScope(node)) {
      addMacroDeclaration(node);
    }
  }
  addDefinitionsFromColumnZeroBraces(tree);
  definitions.sort((a, b) => a.start - b.start);
  prototypes.sort((a, b) => a.start - b.start);
  return { definitions, prototypes: prototypes.map((p) => p.symbol), variables };

  /**
   * Text fallback where the tree went wrong (an attribute such as `extern __printf(2, 3)` can swallow a
   * hundred lines into one bogus node): kernel style opens every function body with `{` at column 0.
   */
  function addDefinitionsFromColumnZeroBraces(root: Tree) {
    const covered: (readonly [number, number])[] = [];
    for (const d of definitions) covered.push([d.start, d.end]);
    covered.sort((a, b) => a[0] - b[0]);
    let next = 0;
    for (let open = text.indexOf("\n{"); open >= 0;) {
      const bodyStart = open + 1;
      while (next < covered.length && covered[next]![1] <= bodyStart) next++;
      // Ordered by start: those after the first starting past bodyStart cannot hold it either.
      let inside = false;
      for (let k = next; k < covered.length && covered[k]![0] <= bodyStart && !inside; k++) {
        inside = bodyStart < covered[k]![1];
      }
      const close = text.indexOf("\n}", bodyStart);
      const end = close < 0 ? text.length : close + 2;
      open = text.indexOf("\n{", end);
      if (inside) continue;
      const headFrom = Math.max(0, bodyStart - MAX_HEAD_LENGTH);
      const head = parseFunctionHead(text.slice(headFrom, bodyStart));
      if (!head) continue;
      const start = skipSpaces(text, headFrom + head.startOffset);
      if (lines.positionAt(start).character !== 0) continue;
      const symbol = definitionSymbol(head, headFrom, start, end);
      const scope = root.rootNode.descendantForIndex(bodyStart, end - 1) ?? root.rootNode;
      definitions.push({ symbol, start, end, scope });
    }
  }

  function addDefinition(headNode: Node, body: Node, scope: Node) {
    // `void __init f(void) {` splits into a declaration `void __init` and a "function" typed `f`.
    let head = parseFunctionHead(text.slice(headNode.startIndex, body.startIndex));
    let headStart = headNode.startIndex;
    const previous = headNode.previousNamedSibling;
    if (!head && previous && previous.type !== "comment" && previous.type !== "function_definition") {
      head = parseFunctionHead(text.slice(previous.startIndex, body.startIndex));
      headStart = previous.startIndex;
    }
    if (!head) return;
    const start = skipSpaces(text, headStart + head.startOffset);
    // Loop macros in bodies (for_each_possible_cpu(i) {) parse as nested definitions; kernel style puts
    // real definitions at column 0.
    const nested = !isAtFileScope(scope) || scope.type === "compound_statement";
    if (nested && lines.positionAt(start).character !== 0) return;
    const symbol = definitionSymbol(head, headStart, start, body.endIndex);
    definitions.push({ symbol, start, end: body.endIndex, scope });
  }

  function addFlattenedDefinition(declarator: Node) {
    const open = nextNonComment(declarator);
    if (!open || open.type !== "{") return;
    let headNode = declarator;
    for (
      let previous = declarator.previousSibling;
      previous && isHeadPart(previous);
      previous = previous.previousSibling
    ) {
      headNode = previous;
    }
    const head = parseFunctionHead(text.slice(headNode.startIndex, open.startIndex));
    if (!head) return;
    const start = skipSpaces(text, headNode.startIndex + head.startOffset);
    if (lines.positionAt(start).character !== 0) return;
    let depth = 0;
    let end = declarator.parent?.endIndex ?? open.endIndex;
    for (let sibling: Node | null = open; sibling; sibling = sibling.nextSibling) {
      if (sibling.type === "{") depth++;
      else if (sibling.type === "}" && --depth === 0) {
        end = sibling.endIndex;
        break;
      }
    }
    const symbol = definitionSymbol(head, headNode.startIndex, start, end);
    definitions.push({ symbol, start, end, scope: declarator.parent ?? declarator });
  }

  /** The one way a definition becomes a symbol, whichever path found it; `headFrom` is where the head
   * text given to parseFunctionHead began. */
  function definitionSymbol(
    head: FunctionHead,
    headFrom: number,
    start: number,
    end: number,
  ): FunctionSymbol {
    return functionSymbol(head, headFrom, start, end, true);
  }

  /** Likewise a prototype, read from the tree's declaration or from the text (a macro's aliases are a
   * definition's). */
  function prototypeSymbol(head: FunctionHead, headFrom: number, start: number, end: number): FunctionSymbol {
    return functionSymbol(head, headFrom, start, end, false);
  }

  function functionSymbol(
    head: FunctionHead,
    headFrom: number,
    start: number,
    end: number,
    isDefinition: boolean,
  ): FunctionSymbol {
    const nameStart = headFrom + head.nameOffset;
    // One shape for every symbol (absent fields undefined, which JSON leaves out, in the order the cache
    // lines have always had), so the code reading symbols is not deoptimised by a rarer shape.
    return {
      name: head.name,
      isDefinition,
      range: lines.rangeAt(start, end),
      selectionRange: lines.rangeAt(nameStart, nameStart + head.name.length),
      // parseFunctionHead collapses the signature's whitespace already.
      signature: head.signature,
      aliases: isDefinition ? head.aliases : undefined,
      returnStruct: head.returnStruct || undefined,
    };
  }

  /** A variable a curated macro declares (`static DEFINE_PER_CPU(struct prot_inuse, prot_inuse);`);
   * false when `node` is no such declaration. */
  function addMacroDeclaration(node: Node): boolean {
    const declared = macroDeclared(node);
    if (!declared) return false;
    const { name, nameStart, nameEnd, structType, isExtern } = declared;
    const variable: VariableSymbol = {
      name,
      range: lines.rangeAt(node.startIndex, node.endIndex),
      selectionRange: lines.rangeAt(nameStart, nameEnd),
      isExtern,
    };
    if (structType) variable.structType = structType;
    if (isStaticDeclaration(node)) variable.isStatic = true;
    variables.push(variable);
    return true;
  }

  function addDeclaration(node: Node) {
    const type = node.childForFieldName("type");
    const declarators = node.childrenForFieldName("declarator").filter((d): d is Node => d !== null);
    const first = declarators[0];
    const headEnd = first ? declaratorHeadEnd(first) : node.endIndex;
    const headText = text.slice(node.startIndex, headEnd);
    // A struct body in the type holds function-pointer fields, not this declaration's parameters.
    if (headText.includes("(") && !type?.childForFieldName("body")) {
      const head = parseFunctionHead(headText);
      if (head) {
        const start = node.startIndex + head.startOffset;
        prototypes.push({ start, symbol: prototypeSymbol(head, node.startIndex, start, node.endIndex) });
        return;
      }
    }
    // `EXPORT_SYMBOL_GPL(f);` read as a type and a parenthesized name, where error recovery took it for a
    // declaration (net/core/sock.c, after a body in an #else branch): it declares nothing.
    if (type && EXPORT_MACROS.has(type.text)) return;
    const isExtern = node.children.some((c) => c?.type === "storage_class_specifier" && c.text === "extern");
    const isStatic = isStaticDeclaration(node);
    const structType = structNameOfType(type) ?? anonymousTypeOf(type, declarators[0]);
    for (const declarator of declarators) {
      const declared = declaredName(declarator);
      if (
        declared &&
        IDENTIFIER.test(declared.node.text) &&
        (!declared.isFunction || declared.isPointerToFunction) &&
        !isAttributeMacro(declared.node.text) &&
        !declaratorHasError(declarator)
      ) {
        const variable: VariableSymbol = {
          name: declared.node.text,
          range: lines.rangeAt(node.startIndex, node.endIndex),
          selectionRange: lines.rangeAt(declared.node.startIndex, declared.node.endIndex),
          isExtern,
        };
        if (structType) variable.structType = structType;
        if (isStatic) variable.isStatic = true;
        variables.push(variable);
      } else if (declarator === first) {
        // `static struct pernet_operations __net_initdata tcp_sk_ops = {`: the attribute took the name's place.
        const parsed = parseVariableHead(headText);
        if (!parsed) continue;
        const nameStart = node.startIndex + parsed.nameOffset;
        const variable: VariableSymbol = {
          name: parsed.name,
          range: lines.rangeAt(node.startIndex, node.endIndex),
          selectionRange: lines.rangeAt(nameStart, nameStart + parsed.name.length),
          isExtern: parsed.isExtern,
        };
        const fallbackStruct = structType ?? parsed.structType;
        if (fallbackStruct) variable.structType = fallbackStruct;
        if (isStatic) variable.isStatic = true;
        variables.push(variable);
      }
    }
  }
}

function isStaticDeclaration(node: Node): boolean {
  return node.children.some((c) => c?.type === "storage_class_specifier" && c.text === "static");
}

/** Definitions and prototypes read from the text (textFunctions.ts), which the parse left out. */
export interface FunctionsFromText {
  definitions: readonly TextFunction[];
  prototypes: readonly TextFunction[];
}

/** `static struct { … } icmp_global, …`: the anonymous type, named after the first variable. */
function anonymousTypeOf(type: Node | null, first: Node | undefined): string | undefined {
  if (
    (type?.type !== "struct_specifier" && type?.type !== "union_specifier") ||
    type.childForFieldName("name")
  )
    return undefined;
  if (!type.childForFieldName("body") || !first) return undefined;
  const variable = declaredName(first)?.node;
  return variable?.type === "identifier" ? variableTypeName(variable.text) : undefined;
}

/** A name as written: not the empty one error recovery puts where `DEVICE_ATTR(…);` has none. */
const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** End of the declarator's name part: before `= {…}` so initializer text is not read as a head. */
function declaratorHeadEnd(declarator: Node): number {
  if (declarator.type === "init_declarator") {
    const value = declarator.childForFieldName("value");
    if (value) return value.startIndex;
  }
  return declarator.endIndex;
}

function declaratorHasError(declarator: Node): boolean {
  return declarator.type === "init_declarator" && declarator.children.some((c) => c?.type === "ERROR");
}

/** Tokens of a declaration head that an ERROR node left as loose siblings. */
const HEAD_PARTS = new Set([
  "storage_class_specifier",
  "type_qualifier",
  "primitive_type",
  "sized_type_specifier",
  "type_identifier",
  "struct_specifier",
  "union_specifier",
  "enum_specifier",
  "identifier",
  "*",
  "ms_call_modifier",
  "attribute_specifier",
]);

function isHeadPart(node: Node): boolean {
  return HEAD_PARTS.has(node.type);
}

function nextNonComment(node: Node): Node | null {
  let next = node.nextSibling;
  while (next && next.type === "comment") next = next.nextSibling;
  return next;
}

// Call sites of one parsed file: direct calls, and calls through a function pointer held in a struct
// (net/ipv4/tcp_input.c: tcp_rcv_state_process calls icsk->icsk_af_ops->conn_request(sk, skb)).
import type { Node, QueryMatch } from "web-tree-sitter";
import { declaredName, structNameOfType } from "./declarators.js";
import type { CallSite, ReceiverType, VariableSymbol } from "./fileSymbols.js";
import type { FunctionBody } from "./textScan.js";
import type { FunctionDefinitionNode } from "./functions.js";
import type { CParser } from "./parser.js";
import type { LineIndex } from "./textPositions.js";

const QUERY_TIMEOUT_MICROS = 5_000_000;

export function extractCallSites(
  parser: CParser,
  matches: QueryMatch[],
  lines: LineIndex,
  definitions: FunctionDefinitionNode[],
  fileVariables: VariableSymbol[],
): CallSite[] {
  const calls: CallSite[] = [];
  const localTypes = new Map<number, Map<string, string>>();
  const globalTypes = new Map(
    fileVariables.flatMap((v) => (v.structType ? [[v.name, v.structType] as const] : [])),
  );

  for (const match of matches) {
    let direct: Node | undefined;
    let field: Node | undefined;
    let receiver: Node | undefined;
    for (const capture of match.captures) {
      if (capture.name === "call.direct") direct = capture.node;
      else if (capture.name === "call.field") field = capture.node;
      else if (capture.name === "call.receiver") receiver = capture.node;
    }
    const calleeNode = direct ?? field;
    if (!calleeNode) continue;
    const caller = enclosingDefinition(definitions, calleeNode.startIndex);
    const call: CallSite = {
      callee: calleeNode.text,
      kind: direct ? "direct" : "field",
      range: lines.rangeAt(calleeNode.startIndex, calleeNode.endIndex),
      caller,
    };
    if (field && receiver) call.receiver = receiverType(receiver, caller);
    calls.push(call);
  }
  return calls;

  function receiverType(node: Node, caller: number): ReceiverType {
    const path: string[] = [];
    let current: Node | null = node;
    for (let steps = 0; current && steps < 32; steps++) {
      switch (current.type) {
        case "field_expression":
          path.unshift(current.childForFieldName("field")?.text ?? "");
          current = current.childForFieldName("argument");
          continue;
        case "parenthesized_expression":
          current = current.namedChild(0);
          continue;
        case "pointer_expression":
        case "subscript_expression":
          current = current.childForFieldName("argument");
          continue;
        case "cast_expression": {
          const struct = structNameOfType(
            current.childForFieldName("type")?.childForFieldName("type") ?? null,
          );
          return struct ? { baseStruct: struct, path } : { path };
        }
        case "call_expression": {
          const fn = current.childForFieldName("function");
          return fn?.type === "identifier" ? { baseCall: fn.text, path } : { path };
        }
        case "identifier": {
          const struct = typeOfVariable(current.text, caller);
          return struct ? { baseStruct: struct, path } : { path };
        }
        default:
          return { path };
      }
    }
    return { path };
  }

  function typeOfVariable(name: string, caller: number): string | undefined {
    if (caller >= 0) {
      let locals = localTypes.get(caller);
      if (!locals) {
        const scope = definitions[caller]!.scope;
        locals = scope ? declaredTypesIn(parser, scope) : new Map<string, string>();
        localTypes.set(caller, locals);
      }
      const local = locals.get(name);
      if (local) return local;
    }
    return globalTypes.get(name);
  }
}

/** Calls the body scan found (textScan.ts) in bodies, brace lists and macro statements: their receivers are
 * typed when a request needs them. */
export function bodyCallSites(
  bodies: readonly Pick<FunctionBody, "open" | "calls">[],
  lines: LineIndex,
  definitions: FunctionDefinitionNode[],
): CallSite[] {
  return bodies.flatMap((body) => {
    const caller = enclosingDefinition(definitions, body.open);
    return body.calls.map((call) => ({
      callee: call.name,
      kind: call.field ? ("field" as const) : ("direct" as const),
      range: lines.rangeAt(call.start, call.start + call.name.length),
      caller,
    }));
  });
}

/** Index of the innermost definition containing offset, -1 at file scope. */
export function enclosingDefinition(definitions: FunctionDefinitionNode[], offset: number): number {
  let low = 0;
  let high = definitions.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (definitions[mid]!.start <= offset) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  for (let i = found; i >= 0; i--) if (definitions[i]!.end > offset) return i;
  return -1;
}

/** Parameter and local names → struct (or typedef) name, from one function's declarations. */
function declaredTypesIn(parser: CParser, scope: Node): Map<string, string> {
  const types = new Map<string, string>();
  const declarationScope =
    scope.type === "compound_statement" ? (scope.previousNamedSibling ?? scope) : scope;
  for (const node of declarationScope === scope ? [scope] : [declarationScope, scope]) {
    for (const match of parser.query("locals").matches(node, { timeoutMicros: QUERY_TIMEOUT_MICROS })) {
      let typeName: string | undefined;
      let declarator: Node | undefined;
      for (const capture of match.captures) {
        if (capture.name === "local.struct" || capture.name === "local.typedef") typeName = capture.node.text;
        else if (capture.name === "local.declarator") declarator = capture.node;
      }
      const declared = declarator && declaredName(declarator);
      if (typeName && declared && !types.has(declared.node.text)) types.set(declared.node.text, typeName);
    }
  }
  return types;
}

// Scenario files (`*.kls.yaml`) in the editor: validation diagnostics from the simulator's parser (line,
// column, message), completion of keys and sysctl names from the scenario schema, and a Run CodeLens.
import { parseDocument, visit, isMap, isPair, isScalar, isSeq, type Node, type Pair } from "yaml";
import {
  ScenarioError,
  parseScenario,
  runPacketdrill,
  scenarioSchema,
  sysctlInfo,
  type SysctlName,
} from "@kernel-lens/simulator";
import {
  CompletionItemKind,
  DiagnosticSeverity,
  type CodeLens,
  type CompletionItem,
  type Diagnostic,
} from "vscode-languageserver";
import { ClientCommands } from "../protocol.js";

const SCENARIO_SUFFIX = ".kls.yaml";
const CURSOR = "__kernel_lens_cursor__";

type Schema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: unknown[];
};

/** Files the editor can run like a scenario: `*.kls.yaml` scenarios and packetdrill `*.pkt` scripts. */
export function isScenarioDocument(uri: string): boolean {
  return uri.endsWith(SCENARIO_SUFFIX) || uri.endsWith(".pkt");
}

/**
 * A packetdrill script checked against the simulated v4.11 host as it is typed: a script error is an
 * error; a line the simulated stack does not satisfy is a warning; ignored lines are information.
 */
export function packetdrillDiagnostics(text: string, file: string): Diagnostic[] {
  let result;
  try {
    result = runPacketdrill(text, file);
  } catch (error) {
    return [diagnostic(0, 0, error instanceof Error ? error.message : String(error))];
  }
  const out: Diagnostic[] = [];
  const o = result.outcome;
  if (o.kind !== "pass") {
    const d = diagnostic(Math.max(0, o.line - 1), Math.max(0, (o.column ?? 1) - 1), o.message);
    if (o.kind === "mismatch") {
      d.severity = DiagnosticSeverity.Warning;
      d.message = `the simulated v4.11 stack disagrees: ${o.message}`;
    }
    out.push(d);
  }
  for (const warning of result.warnings) {
    const m = /:(\d+): warning: (.*)$/.exec(warning);
    if (!m) continue;
    out.push({ ...diagnostic(Number(m[1]) - 1, 0, m[2]!), severity: DiagnosticSeverity.Information });
  }
  return out;
}

/** The scenario's errors as the simulator reports them (one at a time, with its position). */
export function scenarioDiagnostics(text: string, file: string): Diagnostic[] {
  try {
    parseScenario(text, file);
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioError)) {
      return [diagnostic(0, 0, error instanceof Error ? error.message : String(error))];
    }
    const where = error.path ? `${error.path}: ` : "";
    return [diagnostic(Math.max(0, error.line - 1), Math.max(0, error.column - 1), where + error.detail)];
  }
}

function diagnostic(line: number, character: number, message: string): Diagnostic {
  return {
    range: { start: { line, character }, end: { line, character: character + 1 } },
    severity: DiagnosticSeverity.Error,
    source: "kernel-lens",
    message,
  };
}

/** Keys valid where the cursor is, or the values of an enum (sysctl names, segment kinds). */
export function scenarioCompletions(text: string, offset: number): CompletionItem[] {
  const start = wordStart(text, offset);
  const doc = parseDocument(text.slice(0, start) + CURSOR + text.slice(offset));
  let found: { path: (string | number)[]; isKey: boolean } | undefined;
  visit(doc, {
    Scalar(_key, node, ancestors) {
      if (typeof node.value !== "string" || !node.value.includes(CURSOR)) return;
      const path: (string | number)[] = [];
      let isKey = false;
      for (const a of ancestors) {
        if (isPair(a)) {
          const pair = a as Pair<Node, Node>;
          if (pair.key === node) isKey = true;
          else path.push(isScalar(pair.key) ? String(pair.key.value) : "?");
        } else if (isSeq(a)) path.push(0);
      }
      found = { path, isKey: isKey || !ancestors.some((a) => isPair(a) || isSeq(a) || isMap(a)) };
      return visit.BREAK;
    },
  });
  if (!found) return [];
  const schema = schemaAt(scenarioSchema as Schema, found.path);
  if (!schema) return [];
  if (!found.isKey && schema.enum) return schema.enum.filter((v) => typeof v === "string").map(valueItem);
  // A bare word under a mapping (`sysctls:` then `net.ipv4.tcp_s`) is a key being typed.
  if (found.isKey || schema.properties) return keyItems(found.isKey ? parentOf(found.path) : schema);
  return [];
}

function parentOf(path: (string | number)[]): Schema | undefined {
  return schemaAt(scenarioSchema as Schema, path);
}

function schemaAt(root: Schema, path: (string | number)[]): Schema | undefined {
  let node: Schema | undefined = root;
  for (const step of path) {
    if (!node) return undefined;
    if (typeof step === "number") node = node.items;
    else
      node =
        node.properties?.[step] ??
        (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined);
  }
  return node;
}

function keyItems(schema: Schema | undefined): CompletionItem[] {
  return Object.entries(schema?.properties ?? {}).map(([name, s]) => {
    const info = name.startsWith("net.") ? sysctlInfo(name as SysctlName) : undefined;
    return {
      label: name,
      kind: info ? CompletionItemKind.Variable : CompletionItemKind.Property,
      detail: info ? `default ${info.default} (${info.min}..${info.max})` : s.description,
      ...(info && { documentation: `v4.11 default from ${info.source}` }),
      insertText: `${name}: `,
    };
  });
}

function valueItem(value: unknown): CompletionItem {
  const name = String(value);
  const info = name.startsWith("net.") ? sysctlInfo(name as SysctlName) : undefined;
  return {
    label: name,
    kind: CompletionItemKind.EnumMember,
    ...(info && { detail: `default ${info.default} (${info.min}..${info.max})` }),
  };
}

function wordStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && /[A-Za-z0-9_.-]/.test(text[i - 1]!)) i--;
  return i;
}

/** "Run" at the top of a scenario file. */
export function scenarioCodeLenses(uri: string): CodeLens[] {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return [
    { range, command: { title: "▶ Run scenario", command: ClientCommands.runScenario, arguments: [uri] } },
  ];
}

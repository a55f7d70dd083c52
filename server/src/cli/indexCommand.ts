// `kernel-lens index <kernel-root> [--json] [--no-cache]`: index the tree as the server does (worker
// threads, on-disk cache) and print what it found: files, functions, structs, macros, typedefs, ops-table edges,
// call sites, files with errors, and how long it took.
import os from "node:os";
import path from "node:path";
import { existsSync } from "node:fs";
import { indexWorkspace } from "../backgroundIndexer.js";
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from "../fileDiscovery.js";
import { defaultCacheDirectory } from "../indexCache.js";
import { readKernelVersion } from "../kernelVersion.js";
import { createCParser } from "../parser.js";
import { applyServerV8Flags } from "../v8Flags.js";
import { WorkspaceIndex } from "../workspaceIndex.js";
import { CliError } from "./cliError.js";
import { progressLine } from "./progressLine.js";

export interface IndexCommand {
  root: string;
  json: boolean;
  cache: boolean;
}

export async function indexCommand(
  cmd: IndexCommand,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  const root = path.resolve(cmd.root);
  if (!existsSync(path.join(root, "net")))
    throw new CliError(`${root} is not a kernel tree (no net/ folder)`);
  applyServerV8Flags(); // before the workers start, as the server does
  const index = new WorkspaceIndex();
  const progress = progressLine(stderr, "indexing");
  const report = await indexWorkspace(
    index,
    {
      root,
      selection: { include: DEFAULT_INCLUDE, exclude: DEFAULT_EXCLUDE },
      cacheDirectory: cmd.cache ? defaultCacheDirectory(root) : undefined,
      workers: Math.min(2, os.availableParallelism()),
    },
    { inProcessParser: await createCParser(), isOwnedByEditor: () => false, onProgress: progress.update },
  ).finally(progress.end);
  const totals = {
    functions: 0,
    prototypes: 0,
    structs: 0,
    macros: 0,
    variables: 0,
    typedefs: 0,
    calls: 0,
    opsEdges: 0,
    fieldAssignments: 0,
    parametersStored: 0,
  };
  for (const file of index.allFiles()) {
    for (const f of file.functions) {
      if (f.isDefinition) totals.functions++;
      else totals.prototypes++;
    }
    totals.structs += file.structs.length;
    totals.macros += file.macros.length;
    totals.variables += file.variables.length;
    totals.typedefs += file.typedefs.length;
    totals.calls += file.calls.length;
    for (const entry of file.opsEntries) {
      if (entry.parameter !== undefined) totals.parametersStored++;
      else if (entry.assigned) totals.fieldAssignments++;
      else totals.opsEdges++;
    }
  }
  const summary = {
    root,
    kernelVersion: readKernelVersion(root)?.text ?? null,
    files: report.files,
    parsed: report.parsed,
    fromCache: report.fromCache,
    milliseconds: Math.round(report.milliseconds),
    ...totals,
    errors: report.errors,
  };
  if (cmd.json) {
    stdout.write(JSON.stringify(summary, null, 2) + "\n");
    return 0;
  }
  const lines = [
    `${root} (Linux ${summary.kernelVersion ?? "version unknown"})`,
    `  files          ${summary.files} (${summary.parsed} parsed, ${summary.fromCache} from the cache) in ${summary.milliseconds} ms`,
    `  functions      ${totals.functions} definitions, ${totals.prototypes} prototypes`,
    `  structs        ${totals.structs}`,
    `  macros         ${totals.macros}`,
    `  variables      ${totals.variables}`,
    `  typedefs       ${totals.typedefs}`,
    `  call sites     ${totals.calls}`,
    `  ops-table edges ${totals.opsEdges} ((struct type, field) → implementation)`,
    `  field assignments ${totals.fieldAssignments} (\`sk->sk_data_ready = sock_def_readable;\` in a body)`,
    `  parameters stored ${totals.parametersStored} (\`napi->poll = poll;\`: the functions callers pass)`,
    `  errors         ${report.errors.length}`,
    ...report.errors.slice(0, 20).map((e) => `    ${e.path}: ${e.error}`),
  ];
  stdout.write(lines.join("\n") + "\n");
  return 0;
}

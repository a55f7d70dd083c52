// Wires the index, the background indexer and the LSP handlers to a connection. Hover and code lens are
// extension points: the simulator link supplies providers; without them hover shows signature + location.
import os from "node:os";
import {
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type ClientCapabilities,
  type CodeLens,
  type CodeLensParams,
  type Connection,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type ReferenceParams,
  type ServerCapabilities,
  type WorkDoneProgressServerReporter,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { fileURLToPath } from "node:url";
import { indexWorkspace, type IndexingReport } from "./backgroundIndexer.js";
import { prepareCallHierarchy, incomingCalls, outgoingCalls } from "./callHierarchy.js";
import { CallGraph } from "./callGraph.js";
import { typeMemberFromText } from "./memberHolder.js";
import { provideDefinition } from "./definition.js";
import { documentHighlights } from "./documentHighlight.js";
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, isSelected } from "./fileDiscovery.js";
import { defaultHover, type ResolvedSymbol } from "./hover.js";
import { provideImplementation } from "./implementation.js";
import { defaultCacheDirectory } from "./indexCache.js";
import {
  CONGESTION_CONTROL_SOURCES,
  readDefaultCongestionControl,
  type ConfiguredDefault,
} from "./defaultCongestionControl.js";
import { passedArgumentsFromText } from "./passedArguments.js";
import { readKernelVersion, type KernelVersion } from "./kernelVersion.js";
import { KconfigIndex } from "./kconfigIndex.js";
import { readTextFile } from "./readTextFile.js";
import { SnmpNames } from "./snmpNames.js";
import { SysctlNames } from "./sysctlNames.js";
import { OpenDocuments } from "./openDocuments.js";
import { IndexStatusRequest, StatusNotification, type IndexStatus } from "./protocol.js";
import { createCParser } from "./parser.js";
import { provideReferences } from "./references.js";
import type { ServerContext } from "./serverContext.js";
import { documentSymbols, workspaceSymbols } from "./symbols.js";
import { provideTypeDefinition } from "./typeDefinition.js";
import { WorkspaceIndex } from "./workspaceIndex.js";
import { WorkspacePaths } from "./workspacePaths.js";

export interface HoverProvider {
  /** Return undefined to fall back to the default hover. `fallback` takes the symbol under the cursor and
   * the local it names when the provider has already looked both up. */
  provideHover(
    context: ServerContext,
    params: HoverParams,
    fallback: (known?: ResolvedSymbol) => Hover | null,
  ): Hover | null | undefined;
}

export interface CodeLensProvider {
  provideCodeLenses(context: ServerContext, params: CodeLensParams): CodeLens[];
}

export interface ServerOptions {
  hoverProvider?: HoverProvider;
  codeLensProvider?: CodeLensProvider;
  /** Folder holding tree-sitter-c.wasm and the *.scm queries (a bundled server passes its own). */
  grammarDirectory?: string;
  /** The compiled indexWorker.js, when bundling moved it away from server.js. */
  workerScript?: URL | string;
  /** Functions the simulated path uses, ranked first by textDocument/implementation. */
  preferredImplementations?: () => ReadonlySet<string> | undefined;
  /** Capabilities an extension handles itself (completion of scenario files, executeCommand). */
  capabilities?: ServerCapabilities;
  /** Lines for the client's log once it is initialized (how the process was set up). */
  startupLog?: readonly string[];
  /** Called during initialize, before the result is sent. */
  onInitialize?: (options: KernelLensInitializationOptions, client: ClientCapabilities) => void;
}

/** initializationOptions understood by the server. */
export interface KernelLensInitializationOptions {
  /** Cache folder; false disables the cache. Default: $XDG_CACHE_HOME or the OS temp dir + /kernel-lens. */
  cacheDir?: string | false;
  include?: string[];
  exclude?: string[];
  /** Indexing worker threads; 0 indexes on the main thread. Default: min(2, cores). */
  workers?: number;
  maxFileBytes?: number;
  parseTimeoutMs?: number;
  /** Scenario run at start-up: a built-in name or a scenario file (path or URI). Default: handshake. */
  defaultScenario?: string;
  /** Sysctls for every run ("net.core.somaxconn", or "server:net.core.somaxconn" for one host). */
  sysctls?: Record<string, number | string>;
}

export interface KernelLensServer {
  /** Set once initialize has run; the editor's pending edits are in its index when it is returned. */
  context(): ServerContext | undefined;
  /** Resolves when the first full indexing pass is done. */
  indexed: Promise<IndexingReport>;
  kernelVersion(): KernelVersion | undefined;
  /** The editor's open documents (C sources and scenario files alike). */
  documents: TextDocuments<TextDocument>;
  /** Index the whole tree again (files re-read from disk; unchanged ones come from the cache). */
  reindex(): Promise<IndexingReport>;
}

/** Open files first: an editor sends didOpen right after initialized; let those be indexed before the
 * worker threads take both cores. */
const OPEN_FILES_GRACE_MS = 150;

/** Longest stretch of idle-time index work between two messages. */
const PRIME_SLICE_MS = 4;

export function createServer(connection: Connection, options: ServerOptions = {}): KernelLensServer {
  const documents = new TextDocuments(TextDocument);
  // A damaged cache entry is found when a request first reads it: that request sees the file empty, the
  // next ones see it extracted again from disk.
  const index = new WorkspaceIndex((path) =>
    setImmediate(() => {
      index.remove(path);
      context?.documents.reindexFromDisk(path);
    }),
  );
  let context: ServerContext | undefined;
  /** The context with the editor's latest edits in the index: what every request works on. */
  const currentContext = (): ServerContext | undefined => {
    context?.documents.applyEdits();
    return context;
  };
  let initOptions: KernelLensInitializationOptions = {};
  let paths: WorkspacePaths | undefined;
  let version: KernelVersion | undefined;
  let supportsProgress = false;
  let report: IndexingReport | undefined;
  let indexingProgress = { done: 0, total: 0 };
  let configured: ConfiguredDefault[] = [];
  const readConfiguration = (root: string) => {
    const congestionControl = readDefaultCongestionControl(root);
    configured = congestionControl ? [congestionControl] : [];
  };
  let resolveIndexed!: (report: IndexingReport) => void;
  const indexed = new Promise<IndexingReport>((resolve) => (resolveIndexed = resolve));
  const parserReady = createCParser(options.grammarDirectory);

  const selection = () => ({
    include: initOptions.include ?? DEFAULT_INCLUDE,
    exclude: initOptions.exclude ?? DEFAULT_EXCLUDE,
  });

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    initOptions = (params.initializationOptions ?? {}) as KernelLensInitializationOptions;
    supportsProgress = params.capabilities?.window?.workDoneProgress === true;
    const rootUri = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    const root = rootUri ? fileURLToPath(rootUri) : (params.rootPath ?? process.cwd());
    paths = new WorkspacePaths(root);
    version = readKernelVersion(root);
    const parser = await parserReady;
    readConfiguration(root);
    const graph = new CallGraph(index, {
      ...(options.preferredImplementations && { preferred: options.preferredImplementations }),
      typeMember: (path, range, name) =>
        context ? typeMemberFromText(context, path, range, name) : undefined,
      passedArguments: (path, callees) =>
        context ? passedArgumentsFromText(context, path, callees) : callees.map(() => []),
      configured: () => configured,
    });
    const kconfig = new KconfigIndex(root, () => selection().include);
    const openDocuments = new OpenDocuments(documents, parser, index, paths);
    // `paths` is a `let`: the closure keeps this initialize's value.
    const workspace = paths;
    const textOf = (path: string) =>
      openDocuments.isOpen(path)
        ? openDocuments.textOf(workspace.uri(path))
        : readTextFile(workspace.absolute(path));
    const sysctls = new SysctlNames(index, textOf);
    const snmp = new SnmpNames(index, textOf);
    context = { index, graph, paths, parser, kconfig, sysctls, snmp, documents: openDocuments };
    options.onInitialize?.(initOptions, params.capabilities ?? {});
    return {
      capabilities: {
        ...options.capabilities,
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        definitionProvider: true,
        declarationProvider: true,
        implementationProvider: true,
        typeDefinitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        callHierarchyProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: "kernel-lens-server", version: "0.1.0" },
    };
  });

  connection.onInitialized(() => {
    for (const line of options.startupLog ?? []) connection.console.log(line);
    sendStatus();
    void startIndexing();
  });

  function sendStatus() {
    void connection.sendNotification(StatusNotification, {
      ...(version && { kernelVersion: version.text }),
      modelledVersion: "4.11",
      indexedFiles: indexingProgress.done,
      totalFiles: indexingProgress.total,
    });
  }

  let indexing: Promise<IndexingReport> | undefined;
  async function reindex(): Promise<IndexingReport> {
    if (indexing) return indexing;
    if (paths) readConfiguration(paths.root);
    indexing = startIndexing().finally(() => (indexing = undefined));
    return indexing;
  }

  async function startIndexing(): Promise<IndexingReport> {
    const empty = { files: 0, fromCache: 0, parsed: 0, errors: [], milliseconds: 0 };
    if (!context || !paths) return empty;
    // Not awaited before indexing starts: a warm start's cached files are then all in the index before the
    // editor's first didOpen is handled, so an unchanged open file is not parsed again.
    let progress: WorkDoneProgressServerReporter | undefined;
    const progressCreated = (
      supportsProgress
        ? connection.window.createWorkDoneProgress().catch(() => undefined)
        : Promise.resolve(undefined)
    ).then((created) => {
      created?.begin("Indexing kernel sources", 0, "starting", false);
      progress = created;
    });
    let lastReport = 0;
    const parser = await parserReady;
    const cacheDir =
      initOptions.cacheDir === false
        ? undefined
        : (initOptions.cacheDir ?? defaultCacheDirectory(paths.root));
    const workers = initOptions.workers ?? Math.min(2, os.availableParallelism());
    const ctx = context;
    report = await indexWorkspace(
      index,
      {
        root: paths.root,
        selection: selection(),
        cacheDirectory: cacheDir,
        workers,
        ...(initOptions.maxFileBytes !== undefined && { maxFileBytes: initOptions.maxFileBytes }),
        ...(initOptions.parseTimeoutMs !== undefined && { parseTimeoutMs: initOptions.parseTimeoutMs }),
        ...(options.grammarDirectory !== undefined && { grammarDirectory: options.grammarDirectory }),
        ...(options.workerScript !== undefined && { workerScript: options.workerScript }),
        workerStartDelayMs: OPEN_FILES_GRACE_MS,
      },
      {
        isOwnedByEditor: (path) => ctx.documents.isOpen(path),
        inProcessParser: parser,
        onProgress(done, total) {
          indexingProgress = { done, total };
          const now = performance.now();
          if (done === total || now - lastReport > 100) {
            lastReport = now;
            progress?.report(Math.floor((done / Math.max(1, total)) * 100), `${done}/${total} files`);
            sendStatus();
          }
        },
      },
    ).catch((error: unknown) => {
      connection.console.error(`indexing failed: ${String(error)}`);
      return empty;
    });
    await progressCreated;
    progress?.done();
    const reached =
      report.reachedMilliseconds === undefined
        ? ""
        : `; the ${report.reachedFiles} sources and headers they include after ${Math.round(report.reachedMilliseconds)} ms`;
    connection.console.log(
      `indexed ${report.files} files (${report.fromCache} from cache) in ${Math.round(report.milliseconds)} ms, ${report.errors.length} with errors${reached}`,
    );
    sendStatus();
    resolveIndexed(report);
    primeInIdleTime();
    return report;
  }

  // After each indexing pass the name tables are completed in slices short enough that a request waits at
  // most one of them, so the first requests after a start do not pay for building them.
  let priming = false;
  let shuttingDown = false;
  function primeInIdleTime() {
    if (priming) return;
    priming = true;
    const step = () => {
      if (!shuttingDown && index.prime(performance.now() + PRIME_SLICE_MS)) setImmediate(step);
      else priming = false;
    };
    setImmediate(step);
  }
  connection.onShutdown(() => {
    shuttingDown = true;
  });

  // Only C sources enter the index; scenario files open in the same client are handled elsewhere.
  const isCSource = (uri: string) => /\.[ch]$/.test(uri);
  documents.onDidOpen((event) => {
    if (isCSource(event.document.uri)) guard(() => context?.documents.reindex(event.document));
  });
  documents.onDidChangeContent((event) => {
    if (isCSource(event.document.uri)) guard(() => context?.documents.edit(event.document));
  });
  documents.onDidClose((event) =>
    guard(() => {
      if (!isCSource(event.document.uri)) return;
      context?.documents.forget(event.document.uri);
      // The editor's unsaved text leaves with the editor: the index goes back to the file on disk.
      const path = paths?.relative(event.document.uri);
      if (path !== undefined && isSelected(path, selection())) context?.documents.reindexFromDisk(path);
    }),
  );

  connection.onDidChangeWatchedFiles((params) => {
    const ctx = context;
    if (!ctx || !paths) return;
    const root = paths.root;
    for (const change of params?.changes ?? []) {
      const path = typeof change?.uri === "string" ? paths.relative(change.uri) : undefined;
      if (path !== undefined && CONGESTION_CONTROL_SOURCES.includes(path)) {
        guard(() => readConfiguration(root));
        continue;
      }
      if (path === undefined || !isSelected(path, selection()) || ctx.documents.isOpen(path)) continue;
      guard(() => {
        if (change.type === FileChangeType.Deleted) index.remove(path);
        else ctx.documents.reindexFromDisk(path);
      });
    }
  });

  const requestFailed = (error: unknown) =>
    connection.console.error(
      `request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  const withContext =
    <P, R>(handler: (context: ServerContext, params: P) => R, empty: R) =>
    (params: P): R => {
      const current = currentContext();
      if (!current) return empty;
      try {
        return handler(current, params);
      } catch (error) {
        requestFailed(error);
        return empty;
      }
    };

  connection.onDefinition(withContext((c, p) => provideDefinition(c, p, "definition"), null));
  connection.onDeclaration(withContext((c, p) => provideDefinition(c, p, "declaration"), null));
  connection.onTypeDefinition(withContext(provideTypeDefinition, null));
  connection.onImplementation(withContext((c, p) => provideImplementation(c, p), null));
  // References search the files' text in turns of the event loop, and stop when the editor cancels.
  connection.onReferences((params, token) =>
    withContext(
      (c, p: ReferenceParams) =>
        provideReferences(c, p, token).catch((error: unknown) => {
          requestFailed(error);
          return null;
        }),
      Promise.resolve(null),
    )(params),
  );
  connection.onDocumentHighlight(withContext(documentHighlights, null));
  connection.languages.callHierarchy.onPrepare(withContext(prepareCallHierarchy, null));
  connection.languages.callHierarchy.onIncomingCalls(withContext(incomingCalls, null));
  connection.languages.callHierarchy.onOutgoingCalls(withContext(outgoingCalls, null));
  connection.onDocumentSymbol(withContext(documentSymbols, null));
  connection.onWorkspaceSymbol(withContext(workspaceSymbols, []));
  connection.onHover(
    withContext((c, p: HoverParams) => {
      const fallback = (known?: ResolvedSymbol) => defaultHover(c, p, known);
      const provided = options.hoverProvider?.provideHover(c, p, fallback);
      return provided === undefined ? fallback() : provided;
    }, null),
  );
  connection.onCodeLens(
    withContext((c, p: CodeLensParams) => options.codeLensProvider?.provideCodeLenses(c, p) ?? [], []),
  );
  connection.onRequest(IndexStatusRequest, (): IndexStatus => ({
    done: report !== undefined,
    progress: indexingProgress,
    files: index.fileCount,
    kernelVersion: version?.text,
    report: report && { ...report, errors: report.errors.slice(0, 100) },
  }));

  documents.listen(connection);

  return { context: currentContext, indexed, kernelVersion: () => version, documents, reindex };

  function guard(action: () => void) {
    try {
      action();
    } catch (error) {
      connection.console.error(`document update failed: ${String(error)}`);
    }
  }
}

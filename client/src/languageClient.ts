// Starts the Kernel Lens language server (the bundled dist/server/lib/server.js) over node IPC and keeps it
// running: a crash is reported and the server restarted, up to MAX_RESTARTS times in RESTART_WINDOW_MS.
import * as fs from "node:fs";
import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { ClientCommands } from "../../server/src/protocol.js";
import { SERVER_V8_FLAGS } from "../../server/src/v8Flags.js";
import { initializationOptions, readConfig, type KernelLensConfig } from "./config.js";

/** Where esbuild.mjs puts the server bundle (see client/README.md, "Layout of dist/"). */
export const SERVER_MODULE = "dist/server/lib/server.js";

/** Commands the server's hovers may link to (the hover markdown is trusted for these only). */
export const HOVER_COMMANDS = [ClientCommands.runToHere, ClientCommands.showEvent, "kernelLens.openRunView"];

const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

export function createLanguageClient(
  context: vscode.ExtensionContext,
  config: KernelLensConfig,
  output: vscode.OutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath(SERVER_MODULE);
  if (!fs.existsSync(module)) {
    output.appendLine(`Server bundle missing: ${module}. Build it with: npm run -w client build`);
  }
  const serverOptions: ServerOptions = {
    // V8 flags go on the command line: VS Code runs the server with its Electron, which takes them only there.
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_V8_FLAGS] } },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_V8_FLAGS, "--nolazy", "--inspect=6011"] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    // VS Code opens *.h as C++ by default; kernel headers are C.
    documentSelector: [
      { language: "c" },
      { language: "cpp", pattern: "**/*.h" },
      { language: "kernel-lens-scenario" },
      { language: "packetdrill" },
    ],
    // .config and Kconfig: the server reads the default congestion control from them.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.c,*.h,*.kls.yaml,*.pkt,.config,Kconfig}"),
    },
    // A function, so a restart after a settings change sends the new values.
    initializationOptions: () => initializationOptions(readConfig()),
    outputChannel: output,
    markdown: { isTrusted: { enabledCommands: HOVER_COMMANDS }, supportHtml: false },
    errorHandler: new RestartingErrorHandler(output),
    ...(config.kernelRoot
      ? {
          workspaceFolder: {
            uri: vscode.Uri.file(config.kernelRoot),
            name: config.kernelRoot.split(/[\\/]/).pop() || config.kernelRoot,
            index: 0,
          },
        }
      : {}),
  };
  return new LanguageClient("kernelLens", "Kernel Lens", serverOptions, clientOptions);
}

/** Reports each crash; restarts while crashes are rare, gives up (with a message) when they are not. */
export class RestartingErrorHandler implements ErrorHandler {
  private crashes: number[] = [];

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly now: () => number = Date.now,
  ) {}

  error(error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    this.output.appendLine(`Connection error: ${error.message}`);
    // A few write/read errors in a row are tolerated; more means the connection is gone.
    return count !== undefined && count <= 3
      ? { action: ErrorAction.Continue, handled: true }
      : { action: ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = this.now();
    this.crashes = this.crashes.filter((t) => now - t < RESTART_WINDOW_MS);
    this.crashes.push(now);
    if (this.crashes.length <= MAX_RESTARTS) {
      this.output.appendLine(
        `The language server stopped; restarting (${this.crashes.length}/${MAX_RESTARTS}).`,
      );
      void vscode.window
        .showWarningMessage(
          "Kernel Lens: the language server stopped unexpectedly and was restarted.",
          "Show Output",
        )
        .then((pick) => pick && this.output.show(true));
      return { action: CloseAction.Restart, handled: true };
    }
    return {
      action: CloseAction.DoNotRestart,
      message:
        `Kernel Lens: the language server crashed ${this.crashes.length} times in 3 minutes and was not restarted. ` +
        "See the Kernel Lens output, then run 'Kernel Lens: Restart Language Server'.",
    };
  }
}

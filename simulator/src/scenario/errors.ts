// Errors the CLI turns into a one-line message and exit status 2 (never a stack trace).

/** A problem in a scenario file, located at a 1-based line and column. */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    /** Where in the document, as `steps[1].connect.count` ("" for the whole file). */
    readonly path: string,
    /** The message without location. */
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column}: ${path ? `${path}: ` : ""}${detail}`);
  }
}

/** A bad option or override that has no place in a file (e.g. `--set bogus=1`). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

// A mistake on the command line or in its arguments: printed as one line, exit status 2.
export class CliError extends Error {
  override readonly name = "CliError";
}

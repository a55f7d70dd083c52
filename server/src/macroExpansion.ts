// A file's own function-like macros, expanded where the file invokes them: net/ipv4/devinet.c writes its
// ctl_table elements as DEVINET_SYSCTL_RW_ENTRY(RP_FILTER, "rp_filter"), which two of its #defines turn into
// `{ .procname = "rp_filter", .data = ipv4_devconf.data + IPV4_DEVCONF_RP_FILTER - 1, … }`. Parameters are
// replaced by the arguments as written, then `##` pastes; `#param` stays as written.
import { closingParen, topLevelArguments } from "./macroArguments.js";
import { directivesOf, type Directives } from "./preprocessorLines.js";

export interface FunctionLikeMacro {
  parameters: string[];
  replacement: string;
}

/** How many times an expansion is rescanned for the file's macros (DEVINET_SYSCTL_FLUSHING_ENTRY → …_COMPLEX_ENTRY
 * → DEVINET_SYSCTL_ENTRY: three). */
const MAX_RESCANS = 6;

const DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\(([^)]*)\)/;

/** The text's `#define NAME(a, b) replacement` directives in order, continuation lines joined (a name defined
 * in several #if branches comes once for each). */
export function functionLikeDefines(
  text: string,
  directives: Directives = directivesOf(text),
): ({ name: string } & FunctionLikeMacro)[] {
  const defines: ({ name: string } & FunctionLikeMacro)[] = [];
  for (const [start, end] of directives()) {
    const directive = text.slice(start, end).replace(/\\\r?\n/g, " ");
    const match = DEFINE.exec(directive);
    if (!match) continue;
    const parameters = match[2]!
      .split(",")
      .map((p) => p.trim())
      .filter((p) => p !== "");
    defines.push({ name: match[1]!, parameters, replacement: directive.slice(match[0].length).trim() });
  }
  return defines;
}

/** The text's function-like macros by name (the last definition of a name). */
export function functionLikeMacros(text: string): Map<string, FunctionLikeMacro> {
  return new Map(functionLikeDefines(text).map(({ name, ...macro }) => [name, macro]));
}

/** An expansion that grows past this (a macro invoking itself twice) stops where it is: what the index
 * expands is one table element, a few hundred characters. */
const MAX_EXPANSION = 64 * 1024;

/** `text` with each invocation of `macros` replaced by its expansion, rescanned until none is left (at most
 * MAX_RESCANS times, and while it stays under MAX_EXPANSION characters). */
export function expandMacros(text: string, macros: ReadonlyMap<string, FunctionLikeMacro>): string {
  let expanded = text;
  for (let rescan = 0; rescan < MAX_RESCANS; rescan++) {
    const next = expandOnce(expanded, macros);
    if (next === expanded || next.length > MAX_EXPANSION) return expanded;
    expanded = next;
  }
  return expanded;
}

function expandOnce(text: string, macros: ReadonlyMap<string, FunctionLikeMacro>): string {
  const pieces: string[] = [];
  let copied = 0;
  const word = /\b([A-Za-z_]\w*)\s*\(/g;
  for (let match = word.exec(text); match; match = word.exec(text)) {
    const macro = macros.get(match[1]!);
    if (!macro) continue;
    const open = match.index + match[0].length - 1;
    const close = closingParen(text, open);
    if (close === undefined) break;
    const args = topLevelArguments(text, open, close).map(([from, to]) => text.slice(from, to));
    // `F()` passes one empty argument to a one-parameter macro.
    if (args.length !== macro.parameters.length && !(args.length === 1 && args[0] === "")) continue;
    pieces.push(
      text.slice(copied, match.index),
      pasted(substitute(macro.replacement, macro.parameters, args)),
    );
    copied = close + 1;
    word.lastIndex = close + 1;
  }
  if (pieces.length === 0) return text;
  pieces.push(text.slice(copied));
  return pieces.join("");
}

/** `##` joins the tokens around it. */
export function pasted(text: string): string {
  return text.replace(/\s*##\s*/g, "");
}

/** The template with each parameter replaced by its argument as written. */
export function substitute(template: string, parameters: string[], args: string[]): string {
  return template.replace(/\b[A-Za-z_]\w*\b/g, (word) => {
    const at = parameters.indexOf(word);
    return at < 0 ? word : (args[at] ?? "");
  });
}

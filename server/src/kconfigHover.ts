// The hover of a CONFIG_ name (kconfigIndex.ts): its Kconfig entry as written, where, what makes the C name
// defined, the conditions around the entry, and what the tree's `.config` sets.
import type { KconfigEntry, KconfigSelect } from "./kconfig.js";
import type { ConfigSymbol, KconfigSelector } from "./kconfigIndex.js";

/** How much of a Kconfig entry a hover shows: its head and the first lines of its help. */
const MAX_KCONFIG_LINES = 12;

/** `selectedBy`: the entries that select or imply the symbol (KconfigIndex.selectorsOf). */
export function kconfigLines(
  config: ConfigSymbol | undefined,
  selectedBy: readonly KconfigSelector[] = [],
): string[] {
  const first = config?.definitions[0];
  if (!config || !first) return [];
  const { entry, lines: written } = first;
  const shown = written.slice(0, MAX_KCONFIG_LINES);
  if (written.length > shown.length) shown.push("\t  …");
  const others = config.definitions.length - 1;
  const more = others > 0 ? ` (and ${others} other definition${others > 1 ? "s" : ""})` : "";
  // The if blocks and menus around it, in its file and where that file is read in (net/Kconfig's `if INET`).
  const conditions = [...new Set(entry.within)];
  const within = conditions.length > 0 ? `, inside ${conditions.map((c) => `\`if ${c}\``).join(", ")}` : "";
  return [
    "```kconfig",
    ...shown,
    "```",
    `${first.path}:${entry.line + 1}${more}`,
    "",
    `Kconfig symbol: ${whatDefines(config, entry)}${within}. ${configuredLine(config)}`,
    ...reverseDependencies(config, selectedBy),
  ];
}

/** How many selecting entries a hover names before it counts the rest. */
const MAX_SELECTORS = 6;

/** The entries that select or imply the symbol (Documentation/kbuild/kconfig-language.txt: a `select`
 * gives its symbol at least the selecting one's value whatever that symbol depends on; an `imply` only
 * proposes it). */
function reverseDependencies(config: ConfigSymbol, selectedBy: readonly KconfigSelector[]): string[] {
  const lines: string[] = [];
  const named = (kind: KconfigSelect["kind"]) => {
    const selectors = selectedBy.filter((s) => s.select.kind === kind);
    const shown = selectors.slice(0, MAX_SELECTORS).map(({ symbol, path, select }) => {
      const condition = select.condition ? ` if ${select.condition}` : "";
      return `\`${symbol}\` (${path}:${select.line + 1}${condition})`;
    });
    const rest = selectors.length - shown.length;
    if (rest > 0) shown.push(`${rest} more`);
    return shown.length > 1 ? `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}` : shown[0];
  };
  const selected = named("select");
  if (selected) {
    const value = config.definitions[0]?.entry.type === "tristate" ? "at least to its value" : "to y";
    lines.push(
      "",
      `Selected by ${selected}: a configuration that sets one of them sets ${config.symbol} too (${value}), ` +
        "whatever its own prompt and dependencies say.",
    );
  }
  const implied = named("imply");
  if (implied) {
    lines.push("", `Implied by ${implied}: set with it unless the configuration says n.`);
  }
  return lines;
}

/** What the configuration does to the C name: defines it (y; m for CONFIG_X_MODULE), or gives its value. */
function whatDefines(config: ConfigSymbol, entry: KconfigEntry): string {
  const name = `CONFIG_${config.symbol}`;
  if (config.module) {
    return `\`${name}_MODULE\` is defined when the configuration sets the tristate ${config.symbol} to m (a module)`;
  }
  if (entry.type === "bool")
    return `\`${name}\` is defined when the configuration sets ${config.symbol} to y`;
  if (entry.type === "tristate") {
    return `\`${name}\` is defined when the configuration sets ${config.symbol} to y (m defines \`${name}_MODULE\`)`;
  }
  return `\`${name}\` is the ${entry.type ?? "value"} the configuration gives ${config.symbol}`;
}

function configuredLine(config: ConfigSymbol): string {
  const value = config.configured;
  if (!config.hasConfig)
    return "This tree has no .config: the configuration the kernel is built with decides.";
  const name = `CONFIG_${config.symbol}`;
  if (!value) return `This tree's .config does not list ${name}: it is not set there.`;
  const written = value.value === undefined ? `# ${name} is not set` : `${name}=${value.value}`;
  return `This tree's .config: \`${written}\` (.config:${value.line + 1}).`;
}

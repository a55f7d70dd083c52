// The Kconfig files of the indexed folders (net/Kconfig, net/ipv4/Kconfig, …) and the tree's `.config`, read
// when a CONFIG_ name is first asked about and again when a file changed: what a `#ifdef CONFIG_X` tests.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import {
  configValues,
  readKconfig,
  type ConfigValue,
  type KconfigEntry,
  type KconfigFile,
  type KconfigSelect,
} from "./kconfig.js";
import { readTextFile } from "./readTextFile.js";
import { compactRange, type CompactRange } from "./textPositions.js";

export interface KconfigDefinition {
  /** Relative to the tree's root. */
  path: string;
  /** Its `within` also holds the conditions around the `source` lines that read its file in (net/Kconfig's
   * `if NET` and `if INET` for net/ipv4/Kconfig). */
  entry: KconfigEntry;
  /** The entry's lines as written. */
  lines: string[];
}

/** An entry whose `select` or `imply` line names a symbol. */
export interface KconfigSelector {
  /** The selecting symbol, without CONFIG_. */
  symbol: string;
  path: string;
  select: KconfigSelect;
}

/** What a CONFIG_ name stands for: the entries defining its symbol, and the `.config` value when the tree has
 * one. `module` for CONFIG_X_MODULE, which a tristate X set to m defines. */
export interface ConfigSymbol {
  symbol: string;
  module: boolean;
  definitions: KconfigDefinition[];
  /** Whether the tree has a `.config` (a configured build tree). */
  hasConfig: boolean;
  /** Its line there; absent when the `.config` does not list the symbol (then it is not set). */
  configured?: ConfigValue;
}

interface ReadFile extends KconfigFile {
  mtimeMs: number;
  lines: string[];
}

export class KconfigIndex {
  private discovered: string[] | undefined;
  private readonly files = new Map<string, ReadFile>();
  private config: { mtimeMs: number; values: Map<string, ConfigValue> } | undefined;
  /** The conditions each file is read in under, made again when a file changed. */
  private inherited: Map<string, string[]> | undefined;

  constructor(
    private readonly root: string,
    /** The included folders (`net/`, `include/`): their Kconfig files are read. */
    private readonly folders: () => readonly string[],
  ) {}

  /** `macro` is the name as C writes it (CONFIG_SYN_COOKIES); undefined when it is not a CONFIG_ name or no
   * Kconfig file read defines its symbol. */
  lookUp(macro: string): ConfigSymbol | undefined {
    const name = /^CONFIG_([A-Za-z0-9_]+)$/.exec(macro)?.[1];
    if (name === undefined) return undefined;
    this.refresh();
    let definitions = this.definitionsOf(name);
    let symbol = name;
    let module = false;
    if (definitions.length === 0 && name.endsWith("_MODULE")) {
      symbol = name.slice(0, -"_MODULE".length);
      definitions = this.definitionsOf(symbol).filter((d) => d.entry.type === "tristate");
      module = true;
    }
    if (definitions.length === 0) return undefined;
    const configured = this.config?.values.get(symbol);
    const hasConfig = this.config !== undefined;
    return { symbol, module, definitions, hasConfig, ...(configured && { configured }) };
  }

  /** The entries whose `select` or `imply` names the symbol (its reverse dependencies), in file order: a
   * pass over every entry read, so only the hover asks (definition and references do not show them). */
  selectorsOf(name: string): KconfigSelector[] {
    this.refresh();
    const found: KconfigSelector[] = [];
    for (const [file, read] of this.files) {
      for (const entry of read.entries) {
        for (const select of entry.selects) {
          if (select.symbol === name) found.push({ symbol: entry.name, path: file, select });
        }
      }
    }
    return found;
  }

  private definitionsOf(name: string): KconfigDefinition[] {
    this.inherited ??= this.inheritedConditions();
    const found: KconfigDefinition[] = [];
    for (const [file, read] of this.files) {
      for (const entry of read.entries) {
        if (entry.name !== name) continue;
        const within = [...(this.inherited.get(file) ?? []), ...entry.within];
        const lines = read.lines.slice(entry.line, entry.endLine + 1);
        found.push({ path: file, entry: { ...entry, within }, lines });
      }
    }
    return found;
  }

  /** From the files no other sources (net/Kconfig), down the `source` lines: the first that reads a file in
   * gives its conditions. */
  private inheritedConditions(): Map<string, string[]> {
    const inherited = new Map<string, string[]>();
    const visit = (file: string, within: string[]) => {
      if (inherited.has(file)) return;
      inherited.set(file, within);
      for (const source of this.files.get(file)?.sources ?? []) {
        visit(source.path, [...within, ...source.within]);
      }
    };
    const sourced = new Set([...this.files.values()].flatMap((read) => read.sources.map((s) => s.path)));
    for (const file of this.files.keys()) if (!sourced.has(file)) visit(file, []);
    return inherited;
  }

  /** Reads the files found first (the folders are walked once) and those changed since. */
  private refresh(): void {
    this.discovered ??= this.discover();
    for (const file of this.discovered) {
      const stats = statOf(path.join(this.root, file));
      if (!stats) {
        if (this.files.delete(file)) this.inherited = undefined;
        continue;
      }
      if (this.files.get(file)?.mtimeMs === stats.mtimeMs) continue;
      const text = readTextFile(path.join(this.root, file));
      if (text === undefined) continue;
      this.files.set(file, { mtimeMs: stats.mtimeMs, lines: text.split("\n"), ...readKconfig(text) });
      this.inherited = undefined;
    }
    const config = statOf(path.join(this.root, ".config"));
    if (!config) this.config = undefined;
    else if (this.config?.mtimeMs !== config.mtimeMs) {
      const text = readTextFile(path.join(this.root, ".config"));
      this.config = text === undefined ? undefined : { mtimeMs: config.mtimeMs, values: configValues(text) };
    }
  }

  private discover(): string[] {
    const found: string[] = [];
    for (const folder of this.folders()) {
      const absolute = path.join(this.root, folder);
      if (!statOf(absolute)?.isDirectory()) continue;
      for (const entry of readdirSync(absolute, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !entry.name.startsWith("Kconfig")) continue;
        found.push(
          path.relative(this.root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"),
        );
      }
    }
    return [...new Set(found)].sort();
  }
}

/** Where a definition names its symbol: the name on its `config` line. */
export function kconfigNameRange({ entry, lines }: KconfigDefinition): CompactRange {
  const start = Math.max(0, lines[0]!.indexOf(entry.name));
  return compactRange(entry.line, start, entry.line, start + entry.name.length);
}

function statOf(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

// Kconfig entries: where the CONFIG_ names C code tests come from (`config SYN_COOKIES` in net/ipv4/Kconfig
// makes `#ifdef CONFIG_SYN_COOKIES` in net/ipv4/tcp_input.c true when the build's configuration sets it).
// Read line by line as Documentation/kbuild/kconfig-language.txt describes the format: an entry is its
// `config` or `menuconfig` line and the attribute lines after it, up to the next entry or block keyword; its
// help text ends at the first line indented less than the text's first line, or not indented at all. An
// entry also depends on the `if` blocks and `menu`s around it, in its file and around the `source` lines
// that read its file in.

export interface KconfigEntry {
  /** The symbol, without CONFIG_. */
  name: string;
  /** Lines of the entry (0-based): its `config` line and the last line that belongs to it. */
  line: number;
  endLine: number;
  type?: KconfigType;
  /** The conditions of the `if` blocks and of the `menu`s' `depends on` around the entry in its file,
   * outermost first: each applies as a `depends on` of its own. */
  within: string[];
  /** Its `select` and `imply` lines: the symbols it sets (select) or proposes (imply) when it is set. */
  selects: KconfigSelect[];
}

/** `select SYN_COOKIES` (or `imply`) in an entry, with its `if` condition. */
export interface KconfigSelect {
  kind: "select" | "imply";
  symbol: string;
  condition?: string;
  /** 0-based. */
  line: number;
}

export type KconfigType = "bool" | "tristate" | "int" | "hex" | "string";

/** A file's entries and the files it reads in (`source "net/ipv4/Kconfig"`, relative to the tree's root),
 * each with the conditions around its `source` line. */
export interface KconfigFile {
  entries: KconfigEntry[];
  sources: { path: string; within: string[] }[];
}

const ENTRY = /^\s*(?:menu)?config\s+([A-Za-z0-9_]+)\s*$/;
/** Keywords that end an entry; `if`, `menu` and `choice` open a block their `end…` closes. */
const BLOCK = /^\s*(choice|endchoice|comment|menu|endmenu|if|endif|source|mainmenu)\b(.*)$/;
const TYPE = /^\s*(?:def_)?(bool|tristate|int|hex|string)\b/;
const HELP = /^\s*(?:help|---help---)\s*$/;
const DEPENDS = /^\s*depends\s+on\s+(.+?)\s*$/;
const SELECT = /^\s*(select|imply)\s+([A-Za-z0-9_]+)(?:\s+if\s+(.+?))?\s*(?:#.*)?$/;

export function kconfigEntries(text: string): KconfigEntry[] {
  return readKconfig(text).entries;
}

export function readKconfig(text: string): KconfigFile {
  const lines = text.split("\n");
  const entries: KconfigEntry[] = [];
  const sources: KconfigFile["sources"] = [];
  /** Open blocks, each with its conditions: an `if`'s, a `menu`'s or `choice`'s `depends on`. */
  const blocks: { keyword: string; conditions: string[] }[] = [];
  const conditions = () => blocks.flatMap((b) => b.conditions);
  let current: KconfigEntry | undefined;
  /** A menu or choice whose attribute lines are being read (its `depends on` lines come right after it). */
  let opened: { conditions: string[] } | undefined;
  /** Inside help text: the indentation of its first line, once read. */
  let help: { indent?: number } | undefined;
  const close = (last: number) => {
    if (current) entries.push({ ...current, endLine: Math.max(current.line, last) });
    current = undefined;
    opened = undefined;
  };
  let lastContent = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const blank = line.trim() === "";
    if (help) {
      if (blank) continue;
      const indent = columns(line);
      if (indent > 0 && (help.indent === undefined || indent >= help.indent)) {
        help.indent ??= indent;
        lastContent = i;
        continue;
      }
      help = undefined;
    }
    if (blank || /^\s*#/.test(line)) continue;
    const entry = ENTRY.exec(line);
    if (entry) {
      close(lastContent);
      current = { name: entry[1]!, line: i, endLine: i, within: conditions(), selects: [] };
      lastContent = i;
      continue;
    }
    const block = BLOCK.exec(line);
    if (block) {
      close(lastContent);
      const [, keyword, rest] = block;
      if (keyword === "if") blocks.push({ keyword, conditions: [rest!.replace(/#.*/, "").trim()] });
      else if (keyword === "menu" || keyword === "choice") {
        opened = { conditions: [] };
        blocks.push({ keyword, conditions: opened.conditions });
      } else if (keyword === "endif" || keyword === "endmenu" || keyword === "endchoice") {
        const opener = keyword.slice(3);
        const at = blocks.map((b) => b.keyword).lastIndexOf(opener);
        if (at >= 0) blocks.splice(at);
      } else if (keyword === "source") {
        const path = /^\s*"([^"]+)"/.exec(rest!)?.[1];
        if (path) sources.push({ path, within: conditions() });
      }
      continue;
    }
    // A menu, choice or comment may have help text of its own, which no entry takes.
    if (HELP.test(line)) help = {};
    const depends = DEPENDS.exec(line)?.[1];
    if (opened && depends) opened.conditions.push(depends);
    if (!current) continue;
    const type = TYPE.exec(line)?.[1] as KconfigType | undefined;
    if (type && current.type === undefined) current.type = type;
    const select = SELECT.exec(line);
    if (select) {
      const [, kind, symbol, condition] = select;
      current.selects.push({
        kind: kind as KconfigSelect["kind"],
        symbol: symbol!,
        line: i,
        ...(condition && { condition }),
      });
    }
    lastContent = i;
  }
  close(lastContent);
  return { entries, sources };
}

/** `CONFIG_SYN_COOKIES=y`, `# CONFIG_SYN_COOKIES is not set` in a configured tree's `.config`. */
export interface ConfigValue {
  /** As written after `=` (`y`, `m`, `"cubic"`), or undefined for "is not set". */
  value: string | undefined;
  /** 0-based. */
  line: number;
}

/** Every symbol a `.config` sets or leaves unset, by name without CONFIG_. */
export function configValues(config: string): Map<string, ConfigValue> {
  const values = new Map<string, ConfigValue>();
  config.split("\n").forEach((line, i) => {
    const set = /^CONFIG_([A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (set) values.set(set[1]!, { value: set[2]!.trim(), line: i });
    const unset = /^# CONFIG_([A-Za-z0-9_]+) is not set\s*$/.exec(line);
    if (unset) values.set(unset[1]!, { value: undefined, line: i });
  });
  return values;
}

/** Leading whitespace as columns, a tab to the next multiple of 8 (as Kconfig's lexer counts). */
function columns(line: string): number {
  let column = 0;
  for (const ch of line) {
    if (ch === " ") column++;
    else if (ch === "\t") column = (Math.floor(column / 8) + 1) * 8;
    else break;
  }
  return column;
}

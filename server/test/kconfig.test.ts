import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { configValues, kconfigEntries, readKconfig } from "../src/kconfig.js";
import { kconfigLines } from "../src/kconfigHover.js";
import { KconfigIndex, kconfigNameRange } from "../src/kconfigIndex.js";
import { rangeParts } from "../src/textPositions.js";
import { kernelRoot } from "./lspClient.js";

describe("Kconfig entries", () => {
  test("an entry runs to its last attribute or help line; help ends at a line indented less", () => {
    const text = [
      "# Network configuration", //                                   0
      "menuconfig NET", //                                            1
      '\tbool "Networking support"', //                               2
      "\t---help---", //                                              3
      "\t  Say Y.", //                                                4
      "\t  ", //                                                      5: blanks inside help
      "\t  config LOOKALIKE is help text, not an entry", //          6
      "", //                                                          7
      "if NET", //                                                    8
      "", //                                                          9
      "config WANT_COMPAT", //                                        10
      "\tdef_bool y", //                                              11
      "\thelp", //                                                    12
      "\t  Help.", //                                                 13
      "choice", //                                                    14
      '\tprompt "Default"', //                                        15
      "\thelp", //                                                    16
      "\t  A choice's help is no entry's.", //                        17
      "\tconfig DEFAULT_A", //                                        18
      '\t\tbool "A"', //                                              19
      "endchoice", //                                                 20
      "config IPV6", //                                               21
      '\ttristate "IPv6"', //                                         22
      "\tdepends on NET", //                                          23
      "", //                                                          24
      "endif # NET", //                                               25
      "config AFTER", //                                              26
      "\tint", //                                                     27
    ].join("\n");
    expect(kconfigEntries(text)).toEqual([
      { name: "NET", line: 1, endLine: 6, type: "bool", within: [], selects: [] },
      { name: "WANT_COMPAT", line: 10, endLine: 13, type: "bool", within: ["NET"], selects: [] },
      { name: "DEFAULT_A", line: 18, endLine: 19, type: "bool", within: ["NET"], selects: [] },
      { name: "IPV6", line: 21, endLine: 23, type: "tristate", within: ["NET"], selects: [] },
      { name: "AFTER", line: 26, endLine: 27, type: "int", within: [], selects: [] },
    ]);
  });

  test("net/ipv4/Kconfig: SYN_COOKIES with its help, the congestion controls inside `if TCP_CONG_ADVANCED`", () => {
    const text = readFileSync(path.join(kernelRoot, "net/ipv4/Kconfig"), "utf8");
    const lines = text.split("\n");
    const entries = kconfigEntries(text);
    const cookies = entries.find((e) => e.name === "SYN_COOKIES")!;
    expect(lines[cookies.line]).toBe("config SYN_COOKIES");
    expect(cookies.type).toBe("bool");
    expect(lines[cookies.endLine]).toMatch(/^\t {2}\S/);
    // The next line with code after the entry starts another.
    const next = lines.slice(cookies.endLine + 1).find((l) => l.trim() !== "");
    expect(next).toMatch(/^(config|menuconfig|if|endif|choice|menu|endmenu|source|comment)\b/);
    expect(entries.find((e) => e.name === "TCP_CONG_CUBIC")?.within).toEqual(["TCP_CONG_ADVANCED"]);
    expect(entries.find((e) => e.name === "TCP_CONG_ADVANCED")?.within).toEqual([]);
  });

  test("an entry's `select` and `imply` lines, with their conditions", () => {
    const text = [
      "config IP_NF_TARGET_SYNPROXY", //                0
      '\ttristate "SYNPROXY target support"', //       1
      "\tselect NETFILTER_SYNPROXY", //                2
      "\tselect SYN_COOKIES", //                       3
      "\tselect CRYPTO_MD5 if TCP_MD5SIG # comment", // 4
      "\timply NF_LOG", //                             5
      "\thelp", //                                     6
      "\t  select NOT_AN_ATTRIBUTE in help text", //   7
    ].join("\n");
    expect(kconfigEntries(text)[0]!.selects).toEqual([
      { kind: "select", symbol: "NETFILTER_SYNPROXY", line: 2 },
      { kind: "select", symbol: "SYN_COOKIES", line: 3 },
      { kind: "select", symbol: "CRYPTO_MD5", line: 4, condition: "TCP_MD5SIG" },
      { kind: "imply", symbol: "NF_LOG", line: 5 },
    ]);
  });

  test("`source` lines with the conditions around them; a menu's `depends on` applies inside it", () => {
    const file = readKconfig(
      [
        "if NET",
        'menu "Networking options"',
        'source "net/packet/Kconfig"',
        "if INET",
        'source "net/ipv4/Kconfig"',
        "endif # if INET",
        "endmenu",
        'menu "Core Netfilter Configuration"',
        "\tdepends on NET && INET",
        "config NF_CONNTRACK",
        '\ttristate "Netfilter connection tracking support"',
        "\tdepends on NF_TABLES",
        "endmenu",
        "endif",
        "if INET # a comment",
        "choice",
        '\tprompt "Default TCP congestion control"',
        "\tdepends on TCP_CONG_ADVANCED",
        "config DEFAULT_CUBIC",
        '\tbool "Cubic"',
        "endchoice",
        "endif",
        'source "drivers/Kconfig"',
      ].join("\n"),
    );
    expect(file.sources).toEqual([
      { path: "net/packet/Kconfig", within: ["NET"] },
      { path: "net/ipv4/Kconfig", within: ["NET", "INET"] },
      { path: "drivers/Kconfig", within: [] },
    ]);
    // The entry's own `depends on` is its text; the menu's is a condition around it.
    expect(file.entries).toEqual([
      {
        name: "NF_CONNTRACK",
        line: 9,
        endLine: 11,
        type: "tristate",
        within: ["NET", "NET && INET"],
        selects: [],
      },
      // A choice's `depends on` too; a comment after an `if` is no part of its condition.
      {
        name: "DEFAULT_CUBIC",
        line: 18,
        endLine: 19,
        type: "bool",
        within: ["INET", "TCP_CONG_ADVANCED"],
        selects: [],
      },
    ]);
  });

  test("a .config's values and the symbols it leaves unset", () => {
    const values = configValues(
      [
        "CONFIG_SYN_COOKIES=y",
        "# CONFIG_IPV6 is not set",
        'CONFIG_DEFAULT_TCP_CONG="cubic"',
        "# comment",
      ].join("\n"),
    );
    expect([...values]).toEqual([
      ["SYN_COOKIES", { value: "y", line: 0 }],
      ["IPV6", { value: undefined, line: 1 }],
      ["DEFAULT_TCP_CONG", { value: '"cubic"', line: 2 }],
    ]);
  });
});

describe("KconfigIndex", () => {
  let tree: string | undefined;
  afterEach(() => {
    if (tree) rmSync(tree, { recursive: true, force: true });
    tree = undefined;
  });

  test("reads the included folders' Kconfig files and the .config, again once changed", () => {
    tree = mkdtempSync(path.join(os.tmpdir(), "kl-kconfig-"));
    mkdirSync(path.join(tree, "net/ipv4"), { recursive: true });
    mkdirSync(path.join(tree, "drivers"), { recursive: true });
    const kconfig = path.join(tree, "net/ipv4/Kconfig");
    writeFileSync(kconfig, 'config INET_DIAG\n\ttristate "INET: socket monitoring interface"\n');
    writeFileSync(
      path.join(tree, "net/Kconfig"),
      'if NET\nif INET\nsource "net/ipv4/Kconfig"\nendif\nendif\n',
    );
    writeFileSync(path.join(tree, "net/Kconfig.debug"), "config NET_DEBUG\n\tbool\n");
    writeFileSync(path.join(tree, "drivers/Kconfig"), "config OUTSIDE\n\tbool\n");
    const index = new KconfigIndex(tree, () => ["net/", "include/", "net/socket.c"]);
    const diag = index.lookUp("CONFIG_INET_DIAG")!;
    expect(diag).toMatchObject({
      symbol: "INET_DIAG",
      module: false,
      definitions: [{ path: "net/ipv4/Kconfig" }],
    });
    expect(rangeParts(kconfigNameRange(diag.definitions[0]!))).toEqual([0, 7, 0, 16]);
    // Read in by net/Kconfig inside `if NET` and `if INET`: it depends on both.
    expect(diag.definitions[0]?.entry.within).toEqual(["NET", "INET"]);
    expect(diag.configured).toBeUndefined();
    // A tristate set to m defines CONFIG_<name>_MODULE; a bool has no such name.
    expect(index.lookUp("CONFIG_INET_DIAG_MODULE")).toMatchObject({ symbol: "INET_DIAG", module: true });
    expect(index.lookUp("CONFIG_NET_DEBUG")?.definitions[0]?.path).toBe("net/Kconfig.debug");
    expect(index.lookUp("CONFIG_NET_DEBUG_MODULE")).toBeUndefined();
    // Only the indexed folders are read; a name without CONFIG_ is no Kconfig symbol.
    expect(index.lookUp("CONFIG_OUTSIDE")).toBeUndefined();
    expect(index.lookUp("INET_DIAG")).toBeUndefined();

    writeFileSync(path.join(tree, ".config"), "CONFIG_INET_DIAG=m\n");
    writeFileSync(kconfig, '# moved\nconfig INET_DIAG\n\ttristate "INET: socket monitoring interface"\n');
    utimesSync(kconfig, new Date(), new Date(Date.now() + 5_000));
    const changed = index.lookUp("CONFIG_INET_DIAG")!;
    expect(changed.definitions[0]?.entry.line).toBe(1);
    expect(changed.configured).toEqual({ value: "m", line: 0 });
    expect(kconfigLines(changed).at(-1)).toBe(
      "Kconfig symbol: `CONFIG_INET_DIAG` is defined when the configuration sets INET_DIAG to y (m defines " +
        "`CONFIG_INET_DIAG_MODULE`), inside `if NET`, `if INET`. This tree's .config: `CONFIG_INET_DIAG=m` (.config:1).",
    );
    // A symbol the .config does not list is not set there; without a .config, the build's configuration decides.
    const unlisted = index.lookUp("CONFIG_NET_DEBUG")!;
    expect(unlisted).toMatchObject({ hasConfig: true });
    expect(unlisted.configured).toBeUndefined();
    expect(kconfigLines(unlisted).at(-1)).toMatch(
      /This tree's \.config does not list CONFIG_NET_DEBUG: it is not set there\.$/,
    );
    expect(kconfigLines(index.lookUp("CONFIG_INET_DIAG_MODULE")).at(-1)).toMatch(
      /^Kconfig symbol: `CONFIG_INET_DIAG_MODULE` is defined when the configuration sets the tristate INET_DIAG to m/,
    );
    rmSync(path.join(tree, ".config"));
    expect(kconfigLines(index.lookUp("CONFIG_NET_DEBUG")).at(-1)).toMatch(/This tree has no \.config/);
  });
});

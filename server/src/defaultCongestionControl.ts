// The congestion control a new socket gets: tcp_assign_congestion_control takes the first of tcp_cong_list
// (net/ipv4/tcp_cong.c), which tcp_congestion_default puts there at boot by CONFIG_DEFAULT_TCP_CONG's name.
// A call through icsk->icsk_ca_ops therefore reaches that algorithm's functions first.
import path from "node:path";
import { kconfigEntries } from "./kconfig.js";
import { readTextFile } from "./readTextFile.js";

/** A table selected by its `.name` string (OpsEntry.registeredAs), and where the tree says so. */
export interface ConfiguredDefault {
  /** The struct type of the selected table. */
  structType: string;
  name: string;
  /** `.config:1234` or `net/ipv4/Kconfig:744`. */
  source: string;
  /** What the source sets, for hovers: `CONFIG_DEFAULT_TCP_CONG`. */
  setting: string;
}

const SETTING = "CONFIG_DEFAULT_TCP_CONG";
const KCONFIG = "net/ipv4/Kconfig";

/** The files the default is read from, relative to the tree's root: a change to one is read again. */
export const CONGESTION_CONTROL_SOURCES: readonly string[] = [".config", KCONFIG];

/** From the tree's `.config` when it has one (a configured build tree), else Kconfig's default. */
export function readDefaultCongestionControl(root: string): ConfiguredDefault | undefined {
  const configured = readTextFile(path.join(root, ".config"));
  const fromConfig = configured === undefined ? undefined : configuredValue(configured);
  if (fromConfig) return defaultOf(fromConfig.name, `.config:${fromConfig.line}`);
  const kconfig = readTextFile(path.join(root, KCONFIG));
  const fromKconfig = kconfig === undefined ? undefined : kconfigDefault(kconfig);
  return fromKconfig && defaultOf(fromKconfig.name, `${KCONFIG}:${fromKconfig.line}`);
}

function defaultOf(name: string, source: string): ConfiguredDefault {
  return { structType: "tcp_congestion_ops", name, source, setting: SETTING };
}

/** `CONFIG_DEFAULT_TCP_CONG="bbr"` in a .config. */
export function configuredValue(config: string): { name: string; line: number } | undefined {
  const lines = config.split("\n");
  const index = lines.findIndex((line) => line.startsWith(`${SETTING}=`));
  if (index < 0) return undefined;
  const name = /^"([^"]*)"\s*$/.exec(lines[index]!.slice(SETTING.length + 1))?.[1];
  return name ? { name, line: index + 1 } : undefined;
}

/**
 * The unconditional `default "…"` of `config DEFAULT_TCP_CONG`: what an unconfigured tree builds. The
 * conditional ones (`default "bbr" if DEFAULT_BBR`) follow the "Default TCP congestion control" choice,
 * whose own default, DEFAULT_CUBIC, gives the same name in v4.11.
 */
export function kconfigDefault(kconfig: string): { name: string; line: number } | undefined {
  const entry = kconfigEntries(kconfig).find((e) => e.name === "DEFAULT_TCP_CONG");
  if (!entry) return undefined;
  const lines = kconfig.split("\n");
  for (let i = entry.line + 1; i <= entry.endLine; i++) {
    const value = /^default\s+"([^"]*)"\s*$/.exec(lines[i]!.trim())?.[1];
    if (value) return { name: value, line: i + 1 };
  }
  return undefined;
}

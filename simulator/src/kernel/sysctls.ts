// Per-netns sysctls the model reads, with their v4.11 defaults (spec §8).
import type { SysctlName, Sysctls } from "../scenario/types.js";

export interface SysctlInfo {
  name: SysctlName;
  default: number;
  min: number;
  max: number;
  /** Where v4.11 sets the default. */
  source: string;
}

export const SYSCTLS: readonly SysctlInfo[] = [
  {
    name: "net.core.somaxconn",
    default: 128,
    min: 0,
    max: 65535,
    source: "include/linux/socket.h: SOMAXCONN",
  },
  {
    name: "net.ipv4.tcp_syncookies",
    default: 1,
    min: 0,
    max: 2,
    source: "net/ipv4/tcp_ipv4.c: tcp_sk_init",
  },
  {
    name: "net.ipv4.tcp_synack_retries",
    default: 5,
    min: 0,
    max: 255,
    source: "include/net/tcp.h: TCP_SYNACK_RETRIES",
  },
  {
    name: "net.ipv4.tcp_syn_retries",
    default: 6,
    min: 1,
    max: 255,
    source: "include/net/tcp.h: TCP_SYN_RETRIES",
  },
  {
    name: "net.ipv4.tcp_abort_on_overflow",
    default: 0,
    min: 0,
    max: 1,
    source: "net/ipv4/tcp_minisocks.c: sysctl_tcp_abort_on_overflow",
  },
  // tcp_sk_init: max(128, ehash buckets / 256); 2048 is what a machine with >= 16 GiB gets (524288 buckets).
  {
    name: "net.ipv4.tcp_max_syn_backlog",
    default: 2048,
    min: 0,
    max: 1 << 30,
    source: "net/ipv4/tcp_ipv4.c: tcp_sk_init",
  },
];

export type SysctlValues = Record<SysctlName, number>;

export function sysctlInfo(name: string): SysctlInfo | undefined {
  return SYSCTLS.find((s) => s.name === name);
}

/** Defaults overlaid with a host's settings; values are range-checked by the scenario validator. */
export function resolveSysctls(settings: Sysctls): SysctlValues {
  const values = {} as SysctlValues;
  for (const s of SYSCTLS) values[s.name] = settings[s.name] ?? s.default;
  return values;
}

/** include/net/sock.h: PROT_SOCK, the sysctl_ip_prot_sock every netns starts with (net/ipv4/af_inet.c:1727),
 * below which no ephemeral range may start. */
const PROT_SOCK = 1024;

/** What net.ipv4.ip_local_port_range accepts, for error messages. */
export const LOCAL_PORT_RANGE_RULE = `two ports "LOW HIGH" with ${PROT_SOCK} <= LOW <= HIGH <= 65535, as v4.11's ipv4_local_port_range takes them`;

/**
 * "LOW HIGH" as net/ipv4/sysctl_net_ipv4.c: ipv4_local_port_range accepts it: each in [1, 65535]
 * (ip_local_port_range_min/max), HIGH not below LOW, LOW not below sysctl_ip_prot_sock; undefined otherwise.
 */
export function parseLocalPortRange(text: string): readonly [number, number] | undefined {
  const words = text.trim().split(/\s+/);
  if (words.length !== 2 || !words.every((w) => /^\d+$/.test(w))) return undefined;
  const [low, high] = words.map(Number) as [number, number];
  return low >= PROT_SOCK && low <= high && high <= 65535 ? [low, high] : undefined;
}

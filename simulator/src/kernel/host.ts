// One simulated machine: its own network namespace (sysctls, SNMP counters, hash tables) and fd table.
import type { HostSpec } from "../scenario/types.js";
import { newCounters, type Counters } from "./snmp.js";
import type { RequestSock, Sock } from "./sock.js";
import { resolveSysctls, type SysctlValues } from "./sysctls.js";
import type { Epoll } from "./eventpoll.js";
import type { InetBindBucket } from "./inetBindBucket.js";
import { LOCAL_PORT_RANGE } from "./constants.js";

export interface Host {
  name: string;
  addr: string;
  sysctls: SysctlValues;
  counters: Counters;
  /** inet_hashinfo listening hash: each port's listeners, the last hashed first (hlist_add_head_rcu). */
  listeners: Map<number, Sock[]>;
  /** inet_hashinfo established hash: clients, children and request socks by 4-tuple. */
  ehash: Map<string, Sock | RequestSock>;
  /** inet_hashinfo bind hash: the bucket of every local port a socket holds (inetBindBucket.ts). */
  bhash: Map<number, InetBindBucket>;
  /** fd table of the one process per host the scenarios model. */
  files: Map<number, Sock | Epoll>;
  /** net.ipv4.ip_local_port_range: the ephemeral ports connect() searches (inet_get_local_port_range). */
  localPortRange: readonly [number, number];
  /** ip_local_ports.warned: set_local_port_range has logged its same-parity warning. */
  localPortRangeWarned: boolean;
  /** __inet_hash_connect's `static u32 hint`: how far past its offset a connect()'s port search starts. */
  portHint: number;
  /** net_secret's part in inet_sk_port_offset (inetHashtables.ts). */
  portSecret: number;
  /** syncookie_secret of this netns. */
  cookieSecret: [number, number];
  /** Every full socket ever created, for the final snapshot. */
  socks: Sock[];
  /** Live request socks (NEW_SYN_RECV), for the final snapshot. */
  requests: Set<RequestSock>;
  nextObjectId: number;
}

export function newHost(spec: HostSpec, random: () => number): Host {
  return {
    name: spec.name,
    addr: spec.addr,
    sysctls: resolveSysctls(spec.sysctls),
    counters: newCounters(),
    listeners: new Map(),
    ehash: new Map(),
    bhash: new Map(),
    files: new Map(),
    localPortRange: LOCAL_PORT_RANGE,
    localPortRangeWarned: false,
    portHint: 0,
    portSecret: random(),
    cookieSecret: [random(), random()],
    socks: [],
    requests: new Set(),
    nextObjectId: 1,
  };
}

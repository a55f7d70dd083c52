// One simulated machine: its own network namespace (sysctls, SNMP counters, hash tables) and fd table.
import type { HostSpec } from "../scenario/types.js";
import { newCounters, type Counters } from "./snmp.js";
import type { RequestSock, Sock } from "./sock.js";
import { resolveSysctls, type SysctlValues } from "./sysctls.js";
import type { Epoll } from "./eventpoll.js";
import { LOCAL_PORT_RANGE } from "./constants.js";

export interface Host {
  name: string;
  addr: string;
  sysctls: SysctlValues;
  counters: Counters;
  /** inet_hashinfo listening hash, by port. */
  listeners: Map<number, Sock>;
  /** inet_hashinfo established hash: clients, children and request socks by 4-tuple. */
  ehash: Map<string, Sock | RequestSock>;
  /** Bind hash: ports held by a socket (inet_csk_get_port / inet_hash_connect). */
  bound: Map<number, Sock>;
  /** fd table of the one process per host the scenarios model. */
  files: Map<number, Sock | Epoll>;
  nextFd: number;
  /** Next ephemeral port to try (inet_hash_connect walks the range in steps of 2). */
  nextPort: number;
  /** syncookie_secret of this netns. */
  cookieSecret: [number, number];
  /** Every full socket ever created, for the final snapshot. */
  socks: Sock[];
  /** Live request socks (NEW_SYN_RECV), for the final snapshot. */
  requests: Set<RequestSock>;
  nextObjectId: number;
}

export function newHost(spec: HostSpec, random: () => number): Host {
  const [lo, hi] = LOCAL_PORT_RANGE;
  // __inet_hash_connect starts from a hashed offset and keeps even ports for connect() (offset &= ~1).
  const start = lo + ((random() % (hi - lo)) & ~1);
  return {
    name: spec.name,
    addr: spec.addr,
    sysctls: resolveSysctls(spec.sysctls),
    counters: newCounters(),
    listeners: new Map(),
    ehash: new Map(),
    bound: new Map(),
    files: new Map(),
    nextFd: 3,
    nextPort: start,
    cookieSecret: [random(), random()],
    socks: [],
    requests: new Set(),
    nextObjectId: 1,
  };
}

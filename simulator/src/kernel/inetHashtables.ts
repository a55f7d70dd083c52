// net/ipv4/inet_hashtables.c: the local port of a connect() (inet_hash_connect, __inet_hash_connect), and
// the listening hash: hashing a listener (inet_hash), unhashing it, and finding the one a SYN is for.
import type { Host } from "./host.js";
import { effect, traced, type Sim } from "./sim.js";
import { describeSock, ehashKey, type Sock } from "./sock.js";
import { inetBindBucketCreate, inetBindHash } from "./inetBindBucket.js";
import {
  reuseportAddSock,
  reuseportAlloc,
  reuseportDetachSock,
  reuseportSelectSock,
} from "./sockReuseport.js";

/**
 * net/ipv4/inet_hashtables.c: inet_hash_connect — a socket bind() gave a port keeps it, with port_offset 0;
 * an unbound one (inet_num 0) searches from its destination's offset (:650–652). 0 or -EADDRNOTAVAIL.
 */
export function inetHashConnect(sim: Sim, sk: Sock): number {
  return traced(
    sim,
    sk.host,
    "inet_hash_connect",
    () => describeSock(sk),
    () => inetHashConnectPort(sim, sk, sk.bindHash ? 0 : inetSkPortOffset(sk.host, sk.raddr, sk.rport)),
    addrNotAvail,
  );
}

/**
 * net/ipv4/inet_hashtables.c: __inet_hash_connect — the local port, then the socket in the established
 * hash (inet_ehash_nolisten, :631). A bound port (:549–563): its only owner is hashed at once, else
 * check_established takes it when the 4-tuple is free. An unbound socket searches (ephemeralPort) and
 * joins the port's bucket, made with fastreuse -1 when no one held the port (:604–612, :628).
 */
function inetHashConnectPort(sim: Sim, sk: Sock, portOffset: number): number {
  const host = sk.host;
  return traced(
    sim,
    host,
    "__inet_hash_connect",
    () => `${describeSock(sk)} port_offset=${portOffset} hint=${host.portHint}`,
    () => {
      const tb = sk.bindHash;
      if (tb) {
        const alone = tb.owners.size === 1;
        if (!alone && host.ehash.has(ehashKey(sk.laddr, sk.lport, sk.raddr, sk.rport))) return -EADDRNOTAVAIL;
        host.ehash.set(ehashKey(sk.laddr, sk.lport, sk.raddr, sk.rport), sk);
        return 0;
      }
      const port = ephemeralPort(host, sk.raddr, sk.rport, portOffset);
      if (port === 0) return -EADDRNOTAVAIL;
      let bucket = host.bhash.get(port);
      if (!bucket) {
        bucket = inetBindBucketCreate(host, port);
        bucket.fastreuse = -1;
        bucket.fastreuseport = -1;
      }
      inetBindHash(sk, bucket, port);
      host.ehash.set(ehashKey(sk.laddr, port, sk.raddr, sk.rport), sk);
      effect(sim, { kind: "field", sock: sk.id, field: "inet_sport", value: [0, port] });
      return 0;
    },
    addrNotAvail,
  );
}

/** include/uapi/asm-generic/errno.h: EADDRNOTAVAIL 99. */
const EADDRNOTAVAIL = 99;

function addrNotAvail(ret: number): string {
  return ret ? "-EADDRNOTAVAIL" : "0";
}

/**
 * net/ipv4/inet_hashtables.c: inet_sk_port_offset — where a destination's search starts. v4.11 takes
 * secure_ipv4_port_ephemeral(saddr, daddr, dport), a siphash keyed by the boot's random net_secret; the
 * model keys a 32-bit mix with the host's own random secret, so different destinations start apart as
 * they do in the kernel, and the same seed gives the same ports.
 */
export function inetSkPortOffset(host: Host, daddr: string, dport: number): number {
  let hash = host.portSecret;
  for (const word of [addressWord(host.addr), addressWord(daddr), dport]) hash = mix32(hash ^ word);
  return hash;
}

/**
 * The port search of net/ipv4/inet_hashtables.c: __inet_hash_connect for an unbound socket, its decisions
 * line by line: `remaining` is the range's even size (:568–570); the first pass starts at
 * `(hint + port_offset) % remaining` rounded down to even (:572, :576) and tries the ports of low's parity,
 * wrapping at high (:579–581); the second pass the other parity (:618–620). A port held by bind() or
 * listen() (a bind bucket with fastreuse ≥ 0) is skipped (:593–595); a port connect() already took is taken
 * again when the 4-tuple is free (check_established, :597–599), and a port no one holds is taken
 * (:604–612). On success `hint += i + 2` (:625), so the next search for the same destination starts after
 * this port. Returns 0 when none is free (-EADDRNOTAVAIL, :622). The range is the host's
 * ip_local_port_range (inet_get_local_port_range, :566). Not modelled: ip_local_reserved_ports
 * (empty by default) and the reuse of a TIME_WAIT socket's port.
 */
export function ephemeralPort(host: Host, daddr: string, dport: number, portOffset: number): number {
  const [low, last] = host.localPortRange;
  const high = last + 1;
  let remaining = high - low;
  if (remaining > 1) remaining &= ~1;
  let offset = ((host.portHint + portOffset) >>> 0) % remaining;
  offset &= ~1;
  for (;;) {
    let port = low + offset;
    for (let i = 0; i < remaining; i += 2, port += 2) {
      if (port >= high) port -= remaining;
      const tb = host.bhash.get(port);
      if (tb && (tb.fastreuse >= 0 || tb.fastreuseport >= 0)) continue;
      if (tb && host.ehash.has(ehashKey(host.addr, port, daddr, dport))) continue;
      host.portHint = (host.portHint + i + 2) >>> 0;
      return port;
    }
    offset++;
    if ((offset & 1) === 0 || remaining <= 1) return 0;
  }
}

/** An IPv4 address as the 32-bit word the kernel hashes. */
function addressWord(addr: string): number {
  return addr.split(".").reduce((word, part) => ((word << 8) | (Number(part) & 0xff)) >>> 0, 0);
}

/** murmur3's 32-bit finaliser: every input bit moves about half the output bits. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * net/ipv4/inet_hashtables.c: inet_hash → __inet_hash for a listener — an SO_REUSEPORT one joins the group of
 * a listener on the same port (inet_reuseport_add_sock, :441–454), then the socket goes to the head of the
 * port's listening chain (:481).
 */
export function inetHash(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "inet_hash",
    () => describeSock(sk),
    () => {
      const chain = sk.host.listeners.get(sk.lport) ?? [];
      if (sk.reuseport) {
        // Same bind bucket, SO_REUSEPORT, one uid and the wildcard address in the model (:442–448).
        const sk2 = chain.find((other) => other !== sk && other.reuseport && other.bindHash === sk.bindHash);
        if (sk2) reuseportAddSock(sk, sk2);
        else reuseportAlloc(sk);
        const group = sk.reuseportCb!.socks;
        effect(sim, {
          kind: "field",
          sock: sk.id,
          field: "sk_reuseport_cb",
          value: ["NULL", `group of ${group[0]!.id} (num_socks ${group.length})`],
        });
      }
      sk.host.listeners.set(sk.lport, [sk, ...chain]);
    },
  );
}

/** net/ipv4/inet_hashtables.c: inet_unhash for a listener — out of its SO_REUSEPORT group (:522–523) and
 * its port's listening chain. */
export function inetUnhashListener(sk: Sock): void {
  const chain = sk.host.listeners.get(sk.lport);
  if (!chain?.includes(sk)) return;
  if (sk.reuseportCb) reuseportDetachSock(sk);
  const rest = chain.filter((other) => other !== sk);
  if (rest.length) sk.host.listeners.set(sk.lport, rest);
  else sk.host.listeners.delete(sk.lport);
}

/**
 * net/ipv4/inet_hashtables.c: __inet_lookup_listener — the first listener of the port's chain (every one
 * scores alike in the model: one address family, the wildcard address, no bound device); an SO_REUSEPORT
 * one hands the choice to its group, by inet_ehashfn of the 4-tuple (:222–230).
 */
export function inetLookupListener(
  sim: Sim,
  host: Host,
  laddr: string,
  lport: number,
  faddr: string,
  fport: number,
): Sock | undefined {
  const first = host.listeners.get(lport)?.[0];
  if (!first?.reuseport) return first;
  return reuseportSelectSock(sim, first, inetEhashfn(host, laddr, lport, faddr, fport)) ?? first;
}

/**
 * net/ipv4/inet_hashtables.c: inet_ehashfn — __inet_ehashfn's jhash_3words(laddr, faddr, lport << 16 |
 * fport) keyed by inet_ehash_secret, random at boot (include/net/inet_sock.h:296). The model mixes the same words with a
 * key of its own, derived from the host's port secret (so a seed's ports and ISNs do not move).
 */
export function inetEhashfn(host: Host, laddr: string, lport: number, faddr: string, fport: number): number {
  let hash = mix32(host.portSecret ^ 0x9e3779b9);
  for (const word of [addressWord(laddr), addressWord(faddr), ((lport << 16) | fport) >>> 0])
    hash = mix32(hash ^ word);
  return hash;
}

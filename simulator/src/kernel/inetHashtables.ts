// The local port of a connect() (net/ipv4/inet_hashtables.c: inet_hash_connect, __inet_hash_connect).
import { LOCAL_PORT_RANGE } from "./constants.js";
import type { Host } from "./host.js";
import { ehashKey } from "./sock.js";

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
 * net/ipv4/inet_hashtables.c: __inet_hash_connect for an unbound socket (inet_num 0), its decisions line
 * by line: `remaining` is the range's even size (:568–570); the first pass starts at `(hint + port_offset)
 * % remaining` rounded down to even (:572, :576) and tries the ports of low's parity, wrapping at high
 * (:579–581); the second pass the other parity (:618–620). A port held by bind() or listen() (a bind bucket
 * with fastreuse ≥ 0) is skipped (:593–595); a port connect() already took is taken again when the
 * 4-tuple is free (check_established, :597–599), and a port no one holds is taken (:604–612). On success
 * `hint += i + 2` (:625), so the next search for the same destination starts after this port. Returns 0
 * for -EADDRNOTAVAIL (:622). Not modelled: ip_local_reserved_ports (none by default) and TIME_WAIT reuse.
 */
export function inetHashConnect(host: Host, daddr: string, dport: number): number {
  const [low, last] = LOCAL_PORT_RANGE;
  const high = last + 1;
  let remaining = high - low;
  if (remaining > 1) remaining &= ~1;
  let offset = ((host.portHint + inetSkPortOffset(host, daddr, dport)) >>> 0) % remaining;
  offset &= ~1;
  for (;;) {
    let port = low + offset;
    for (let i = 0; i < remaining; i += 2, port += 2) {
      if (port >= high) port -= remaining;
      if (host.bound.has(port)) continue;
      if (host.ehash.has(ehashKey(host.addr, port, daddr, dport))) continue;
      host.portHint = (host.portHint + i + 2) >>> 0;
      return port;
    }
    offset++;
    if (!((offset & 1) !== 0 && remaining > 1)) return 0;
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

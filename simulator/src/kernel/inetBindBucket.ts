// The bind hash of a netns (net/ipv4/inet_hashtables.c, include/net/inet_hashtables.h): one bucket per local
// port, listing every socket that holds the port — bound, listening, connected from it, or a listener's child.
import type { Host } from "./host.js";
import type { Sock } from "./sock.js";

/** struct inet_bind_bucket, without fastuid and the fast_* addresses (one uid and the wildcard address in the
 * model). */
export interface InetBindBucket {
  port: number;
  /** 1: every owner bound with SO_REUSEADDR and none listens (inet_csk_get_port's fast path); 0: check each
   *  owner; -1: made by __inet_hash_connect, so a later connect() may share it. */
  fastreuse: number;
  /** 1 (FASTREUSEPORT_ANY) or 2 (STRICT): its owners set SO_REUSEPORT, so another that does may join at once;
   *  0: check each owner; -1: made by __inet_hash_connect. */
  fastreuseport: number;
  /** tb->owners. */
  owners: Set<Sock>;
}

/** net/ipv4/inet_hashtables.c: inet_bind_bucket_create — fastreuse and fastreuseport start at 0 (:74–75). */
export function inetBindBucketCreate(host: Host, port: number): InetBindBucket {
  const tb: InetBindBucket = { port, fastreuse: 0, fastreuseport: 0, owners: new Set() };
  host.bhash.set(port, tb);
  return tb;
}

/** net/ipv4/inet_hashtables.c: inet_bind_hash — inet_num = port, the socket joins tb->owners (:94–99). */
export function inetBindHash(sk: Sock, tb: InetBindBucket, port: number): void {
  sk.lport = port;
  tb.owners.add(sk);
  sk.bindHash = tb;
}

/**
 * net/ipv4/inet_hashtables.c: __inet_put_port — the socket leaves its bucket, which goes when it has no owner
 * left (inet_bind_bucket_destroy, :86–92). The kernel also zeroes inet_num; the model keeps `lport` for the
 * run's record, and `bindHash` says whether the socket still holds a port.
 */
export function inetPutPort(sk: Sock): void {
  const tb = sk.bindHash;
  if (!tb) return;
  tb.owners.delete(sk);
  sk.bindHash = undefined;
  if (tb.owners.size === 0 && sk.host.bhash.get(tb.port) === tb) sk.host.bhash.delete(tb.port);
}

/**
 * net/ipv4/inet_hashtables.c: __inet_inherit_port — a child joins its listener's bucket (:139, :164), so the
 * port stays held while a connection accepted on it lives, even after the listener is closed.
 */
export function inetInheritPort(sk: Sock, child: Sock): void {
  if (sk.bindHash) inetBindHash(child, sk.bindHash, child.lport);
}

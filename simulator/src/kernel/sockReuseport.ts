// SO_REUSEPORT groups (net/core/sock_reuseport.c): the listeners of one port that share its SYNs, chosen by
// the hash of each connection's 4-tuple. No BPF program selects in the model.
import { traced, type Sim } from "./sim.js";
import { describeSock, type Sock } from "./sock.js";

/** struct sock_reuseport without the BPF program: `socks` in the order they joined. */
export interface SockReuseport {
  socks: Sock[];
}

/** net/core/sock_reuseport.c: reuseport_alloc — a group of one (:48–50). */
export function reuseportAlloc(sk: Sock): void {
  sk.reuseportCb = { socks: [sk] };
}

/** net/core/sock_reuseport.c: reuseport_add_sock — sk joins sk2's group at its end (:100–126). */
export function reuseportAddSock(sk: Sock, sk2: Sock): void {
  if (!sk2.reuseportCb) reuseportAlloc(sk2);
  const reuse = sk2.reuseportCb!;
  reuse.socks.push(sk);
  sk.reuseportCb = reuse;
}

/** net/core/sock_reuseport.c: reuseport_detach_sock — the group's last socket takes the leaving one's slot
 * (:153–156), so the order the hash indexes changes. */
export function reuseportDetachSock(sk: Sock): void {
  const reuse = sk.reuseportCb;
  sk.reuseportCb = undefined;
  if (!reuse) return;
  const i = reuse.socks.indexOf(sk);
  if (i < 0) return;
  reuse.socks[i] = reuse.socks[reuse.socks.length - 1]!;
  reuse.socks.pop();
}

/**
 * net/core/sock_reuseport.c: reuseport_select_sock — without a BPF program, socks[reciprocal_scale(hash,
 * num_socks)] (:232): the 4-tuple's hash picks the listener, whatever its queues hold.
 */
export function reuseportSelectSock(sim: Sim, sk: Sock, hash: number): Sock | undefined {
  return traced(
    sim,
    sk.host,
    "reuseport_select_sock",
    () => `${describeSock(sk)} hash=${hash} num_socks=${sk.reuseportCb?.socks.length ?? 0}`,
    () => {
      const socks = sk.reuseportCb?.socks;
      if (!socks?.length) return undefined;
      return socks[reciprocalScale(hash, socks.length)];
    },
    (sk2) => (sk2 ? sk2.id : "NULL"),
  );
}

/** include/linux/kernel.h: reciprocal_scale — (u64)val * ep_ro >> 32, a value in [0, ep_ro). Exact in a
 * double: val < 2^32 and ep_ro < 2^16. */
export function reciprocalScale(val: number, epRo: number): number {
  return Math.floor(((val >>> 0) * epRo) / 2 ** 32);
}

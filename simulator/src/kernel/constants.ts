// Kernel constants of v4.11 that decide timing and states. Time is in jiffies with HZ=1000 (1 jiffy = 1 ms).
import type { TcpStateName } from "../runResult.js";

export const HZ = 1000;
/** include/net/tcp.h: TCP_TIMEOUT_INIT ((unsigned)(1*HZ)) */
export const TCP_TIMEOUT_INIT = 1 * HZ;
/** include/net/tcp.h: TCP_RTO_MAX ((unsigned)(120*HZ)) */
export const TCP_RTO_MAX = 120 * HZ;
/** include/net/tcp.h: TCP_RTO_MIN ((unsigned)(HZ/5)) */
export const TCP_RTO_MIN = HZ / 5;
/** include/net/tcp.h: TCP_SYNCOOKIE_VALID (MAX_SYNCOOKIE_AGE * TCP_SYNCOOKIE_PERIOD) = 2 * 60 s */
export const TCP_SYNCOOKIE_PERIOD = 60 * HZ;
export const MAX_SYNCOOKIE_AGE = 2;
export const TCP_SYNCOOKIE_VALID = MAX_SYNCOOKIE_AGE * TCP_SYNCOOKIE_PERIOD;
/** net/ipv4/tcp_input.c: sysctl_tcp_invalid_ratelimit = HZ/2 (per-socket out-of-window ACK rate limit). */
export const TCP_INVALID_RATELIMIT = HZ / 2;
/** include/net/tcp.h: TCP_KEEPALIVE_TIME (120*60*HZ) */
export const TCP_KEEPALIVE_TIME = 120 * 60 * HZ;
/** include/net/tcp.h:125: TCP_DELACK_MAX ((unsigned)(HZ/5)) */
export const TCP_DELACK_MAX = HZ / 5;
/** net/ipv4/af_inet.c:1709: inet_init_net's ip_local_port_range, what a host has unless its scenario sets one. */
export const LOCAL_PORT_RANGE: [number, number] = [32768, 60999];

/** include/net/tcp_states.h: the state numbers, for display next to the names. */
export const TCP_STATE_NUMBER: Record<TcpStateName, number> = {
  TCP_ESTABLISHED: 1,
  TCP_SYN_SENT: 2,
  TCP_SYN_RECV: 3,
  TCP_FIN_WAIT1: 4,
  TCP_FIN_WAIT2: 5,
  TCP_TIME_WAIT: 6,
  TCP_CLOSE: 7,
  TCP_CLOSE_WAIT: 8,
  TCP_LAST_ACK: 9,
  TCP_LISTEN: 10,
  TCP_CLOSING: 11,
  TCP_NEW_SYN_RECV: 12,
};

// Ending a socket: tcp_done, tcp_close and tcp_disconnect (net/ipv4/tcp.c).
import { count, traced, type Sim } from "./sim.js";
import { describeSock, type Sock } from "./sock.js";
import { tcpSetState } from "./tcpState.js";
import { clearXmitTimer, tcpSendActiveReset } from "./tcpOutput.js";
import { inetCskDestroySock, inetCskListenStop } from "./inetConnectionSock.js";
import { sockDefWakeup } from "./wakeups.js";

/** net/ipv4/tcp.c: tcp_done — TcpAttemptFails from SYN_SENT/SYN_RECV, CLOSE, clear timers, wake. */
export function tcpDone(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "tcp_done",
    () => describeSock(sk),
    () => {
      if (sk.state === "TCP_SYN_SENT" || sk.state === "TCP_SYN_RECV") count(sim, sk.host, "TcpAttemptFails");
      tcpSetState(sim, sk, "TCP_CLOSE");
      clearXmitTimers(sim, sk);
      // sk->sk_shutdown = SHUTDOWN_MASK (what tcp_poll reports as POLLHUP|POLLIN|POLLRDHUP).
      sk.shutdown = 3;
      if (!sk.dead) sockDefWakeup(sim, sk);
      else inetCskDestroySock(sk);
    },
  );
}

/** include/net/tcp.h:576 tcp_clear_xmit_timers — the retransmit and delayed-ACK timers. */
export function clearXmitTimers(sim: Sim, sk: Sock): void {
  clearXmitTimer(sim, sk, "retransmit");
  clearXmitTimer(sim, sk, "delack");
}

/** include/net/tcp.h: tcp_need_reset — states in which an abort sends a RST. */
function tcpNeedReset(state: Sock["state"]): boolean {
  return (
    state === "TCP_ESTABLISHED" ||
    state === "TCP_CLOSE_WAIT" ||
    state === "TCP_FIN_WAIT1" ||
    state === "TCP_FIN_WAIT2" ||
    state === "TCP_SYN_RECV"
  );
}

/** net/ipv4/tcp.c: tcp_disconnect — the ABORT of RFC 793. */
export function tcpDisconnect(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "tcp_disconnect",
    () => describeSock(sk),
    () => {
      const old = sk.state;
      if (old !== "TCP_CLOSE") tcpSetState(sim, sk, "TCP_CLOSE");
      if (old === "TCP_LISTEN") {
        inetCskListenStop(sim, sk);
      } else if (tcpNeedReset(old)) {
        tcpSendActiveReset(sim, sk);
        sk.err = "ECONNRESET";
      } else if (old === "TCP_SYN_SENT") {
        sk.err = "ECONNRESET";
      }
      clearXmitTimers(sim, sk);
    },
  );
}

export class NotModelledError extends Error {}

/**
 * net/ipv4/tcp.c: tcp_close — a listener goes to CLOSE and inet_csk_listen_stop; a SYN_SENT socket just
 * closes (tcp_close_state gives CLOSE with no FIN). The FIN teardown of a synchronised connection is not
 * modelled and is reported as such rather than guessed.
 */
export function tcpClose(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "tcp_close",
    () => describeSock(sk),
    () => {
      sk.dead = true;
      if (sk.state === "TCP_LISTEN") {
        tcpSetState(sim, sk, "TCP_CLOSE");
        inetCskListenStop(sim, sk);
      } else if (sk.state === "TCP_SYN_SENT") {
        tcpSetState(sim, sk, "TCP_CLOSE");
        clearXmitTimers(sim, sk);
      }
      // adjudge_to_death: a socket now CLOSE is destroyed, which gives its port back (net/ipv4/tcp.c:2241–2249).
      if (sk.state === "TCP_CLOSE") return inetCskDestroySock(sk);
      throw new NotModelledError(
        `close() of a ${sk.state} socket (${sk.id}) needs the FIN teardown, which is not modelled`,
      );
    },
  );
}

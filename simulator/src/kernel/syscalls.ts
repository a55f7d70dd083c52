// The system calls scenarios make (net/socket.c, af_inet.c, fs/eventpoll.c). Blocking calls take a
// continuation: the task sleeps on a wait queue and the call returns when it is woken or times out.
import { at, effect, traced, type Sim } from "./sim.js";
import type { Host } from "./host.js";
import {
  inetCskAccept,
  inetCskGetPort,
  inetCskListenStart,
  inetCskWaitForConnect,
  type AcceptOutcome,
} from "./inetConnectionSock.js";
import { allocSock, tcpV4Connect } from "./tcpIpv4.js";
import { sleepOn, type Task } from "./sleep.js";
import { describeSock, type Sock } from "./sock.js";
import { TCP_RTO_MAX, TCP_TIMEOUT_INIT } from "./constants.js";
import { NotModelledError, tcpClose } from "./tcpClose.js";
import { sendData } from "./tcpOutput.js";
import { EPOLLET, EPOLLEXCLUSIVE, epInsert, epPoll, newEpoll, tcpPoll, type Epoll } from "./eventpoll.js";
import { POLLERR, POLLHUP, POLLIN } from "./waitQueue.js";

export interface UserTask extends Task {
  host: Host;
}

function record(sim: Sim, task: UserTask, start: number, call: string, ret: number, errno?: string): void {
  const r = { t: sim.now, start, host: task.host.name, call, ret, task: task.label };
  sim.syscalls.push(errno ? { ...r, errno } : r);
}

/** fs/file.c: __alloc_fd — the lowest descriptor not open (0–2 are the process's stdin, stdout, stderr), as
 * POSIX requires of socket(), accept() and epoll_create(); then fd_install. */
function installFd(host: Host, file: Sock | Epoll): number {
  let fd = 3;
  while (host.files.has(fd)) fd++;
  host.files.set(fd, file);
  return fd;
}

function sockOf(host: Host, fd: number): Sock {
  const f = host.files.get(fd);
  if (!f || f.kind !== "sock") throw new Error(`fd ${fd} on ${host.name} is not a socket`);
  return f;
}

/** socket(AF_INET, SOCK_STREAM, 0). */
export function sysSocket(sim: Sim, task: UserTask): number {
  const host = task.host;
  const fd = traced(
    sim,
    host,
    "sys_socket",
    () => "AF_INET SOCK_STREAM",
    () => {
      const sk = allocSock(host);
      const fd = installFd(host, sk);
      sk.fd = fd;
      effect(sim, { kind: "state", sock: sk.id, from: "none", to: "TCP_CLOSE" });
      return fd;
    },
    String,
  );
  record(sim, task, sim.now, "socket(AF_INET, SOCK_STREAM, 0)", fd);
  return fd;
}

export type SockOpt =
  "SO_KEEPALIVE" | "SO_RCVTIMEO" | "SO_SNDTIMEO" | "TCP_DEFER_ACCEPT" | "SO_REUSEADDR" | "SO_REUSEPORT";

/** net/ipv4/tcp.c: secs_to_retrans — TCP_DEFER_ACCEPT seconds as a number of SYN-ACK retransmits. */
export function secsToRetrans(seconds: number, timeout: number, rtoMax: number): number {
  let res = 0;
  if (seconds > 0) {
    let period = timeout;
    res = 1;
    while (seconds > period && res < 255) {
      res++;
      timeout <<= 1;
      if (timeout > rtoMax) timeout = rtoMax;
      period += timeout;
    }
  }
  return res;
}

export function sysSetsockopt(sim: Sim, task: UserTask, fd: number, opt: SockOpt, value: number): void {
  const sk = sockOf(task.host, fd);
  traced(
    sim,
    task.host,
    "sys_setsockopt",
    () => `fd=${fd} ${opt}=${value}`,
    () => {
      switch (opt) {
        case "SO_KEEPALIVE":
          sk.keepalive = value !== 0;
          break;
        case "SO_RCVTIMEO":
          sk.rcvtimeo = value;
          break;
        case "SO_SNDTIMEO":
          sk.sndtimeo = value;
          break;
        case "SO_REUSEADDR": {
          // net/core/sock.c: sock_setsockopt — sk_reuse = valbool ? SK_CAN_REUSE : SK_NO_REUSE.
          const before = sk.reuse ? 1 : 0;
          sk.reuse = value !== 0;
          effect(sim, { kind: "field", sock: sk.id, field: "sk_reuse", value: [before, sk.reuse ? 1 : 0] });
          break;
        }
        case "SO_REUSEPORT": {
          const before = sk.reuseport ? 1 : 0;
          sk.reuseport = value !== 0;
          effect(sim, {
            kind: "field",
            sock: sk.id,
            field: "sk_reuseport",
            value: [before, sk.reuseport ? 1 : 0],
          });
          break;
        }
        case "TCP_DEFER_ACCEPT":
          traced(
            sim,
            task.host,
            "tcp_setsockopt",
            () => `TCP_DEFER_ACCEPT=${value}`,
            () => {
              const before = sk.deferAccept;
              sk.deferAccept = secsToRetrans(value, TCP_TIMEOUT_INIT / 1000, TCP_RTO_MAX / 1000);
              effect(sim, {
                kind: "field",
                sock: sk.id,
                field: "rskq_defer_accept",
                value: [before, sk.deferAccept],
              });
            },
          );
          break;
      }
    },
  );
  record(sim, task, sim.now, `setsockopt(${fd}, ${opt}, ${value})`, 0);
}

/** net/socket.c: SYSCALL_DEFINE3(bind) → inet_bind (net/ipv4/af_inet.c) on 0.0.0.0:port; the errno or undefined. */
export function sysBind(
  sim: Sim,
  task: UserTask,
  fd: number,
  port: number,
): "EINVAL" | "EADDRINUSE" | undefined {
  const sk = sockOf(task.host, fd);
  const errno = traced(
    sim,
    task.host,
    "sys_bind",
    () => `fd=${fd} 0.0.0.0:${port}`,
    () => inetBind(sim, sk, port),
    (e) => (e ? `-${e}` : "0"),
  );
  record(sim, task, sim.now, `bind(${fd}, 0.0.0.0:${port})`, errno ? -1 : 0, errno);
  return errno;
}

/**
 * net/ipv4/af_inet.c: inet_bind — -EINVAL for a socket that is not CLOSE or already has a port (:497), then
 * sk->sk_prot->get_port (:505–510); a port the caller named is locked to the socket until it is destroyed
 * (SOCK_BINDPORT_LOCK, :514). The address is always INADDR_ANY in the model.
 */
function inetBind(sim: Sim, sk: Sock, port: number): "EINVAL" | "EADDRINUSE" | undefined {
  return traced(
    sim,
    sk.host,
    "inet_bind",
    () => `${describeSock(sk)} 0.0.0.0:${port}`,
    () => {
      if (sk.state !== "TCP_CLOSE" || sk.bindHash) return "EINVAL";
      if (inetCskGetPort(sim, sk, port)) return "EADDRINUSE";
      if (port) sk.bindPortLock = true;
      return undefined;
    },
    (e) => (e ? `-${e}` : "0"),
  );
}

/** net/socket.c: SYSCALL_DEFINE2(listen) → inet_listen (net/ipv4/af_inet.c). */
export function sysListen(sim: Sim, task: UserTask, fd: number, backlog: number): number {
  const host = task.host;
  const sk = sockOf(host, fd);
  const errno = traced(
    sim,
    host,
    "sys_listen",
    () => `fd=${fd} backlog=${backlog}`,
    (): string | undefined => {
      const somaxconn = host.sysctls["net.core.somaxconn"];
      // (unsigned int)backlog > somaxconn: a negative backlog is a huge unsigned value and is clamped too.
      let effective = backlog;
      if (backlog >>> 0 > somaxconn) {
        effective = somaxconn;
        effect(sim, {
          kind: "field",
          sock: sk.id,
          field: "backlog (clamped to somaxconn)",
          value: [backlog, somaxconn],
        });
      }
      return traced(
        sim,
        host,
        "inet_listen",
        () => `${describeSock(sk)} backlog=${effective}`,
        (): string | undefined => {
          if (sk.socketState !== "SS_UNCONNECTED") return "EINVAL";
          if (sk.state !== "TCP_CLOSE" && sk.state !== "TCP_LISTEN") return "EINVAL";
          if (sk.state !== "TCP_LISTEN") {
            if (inetCskListenStart(sim, sk, effective) !== 0) return "EADDRINUSE";
          }
          const before = sk.maxAckBacklog;
          sk.maxAckBacklog = effective;
          if (before !== effective)
            effect(sim, {
              kind: "field",
              sock: sk.id,
              field: "sk_max_ack_backlog",
              value: [before, effective],
            });
          return undefined;
        },
        (e) => (e ? `-${e}` : "0"),
      );
    },
    (e) => (e ? `-${e}` : "0"),
  );
  record(sim, task, sim.now, `listen(${fd}, ${backlog})`, errno ? -1 : 0, errno);
  return errno ? -1 : 0;
}

/**
 * connect(): inet_stream_connect → __inet_stream_connect → tcp_v4_connect; -EINPROGRESS at once for
 * O_NONBLOCK, else inet_wait_for_connect until the state leaves SYN_SENT/SYN_RECV or SO_SNDTIMEO.
 */
export function sysConnect(
  sim: Sim,
  task: UserTask,
  fd: number,
  daddr: string,
  dport: number,
  done: (ret: number, errno?: string) => void,
): void {
  const host = task.host;
  const sk = sockOf(host, fd);
  const start = sim.now;
  const call = `connect(${fd}, ${daddr}:${dport})`;
  const finish = (ret: number, errno?: string): void => {
    record(sim, task, start, call, ret, errno);
    if (outcome === "wait") fput(sim, task, sk);
    done(ret, errno);
  };
  const outcome = traced(
    sim,
    host,
    "sys_connect",
    () => `fd=${fd} ${daddr}:${dport}`,
    () =>
      traced(
        sim,
        host,
        "inet_stream_connect",
        () => describeSock(sk),
        () =>
          traced(
            sim,
            host,
            "__inet_stream_connect",
            () => `${describeSock(sk)}${sk.nonblock ? " O_NONBLOCK" : ""}`,
            (): string => {
              if (sk.socketState === "SS_CONNECTED") return "EISCONN";
              if (sk.socketState === "SS_CONNECTING") return "EALREADY";
              if (sk.state !== "TCP_CLOSE") return "EISCONN";
              if (tcpV4Connect(sim, sk, daddr, dport) < 0) return "EADDRNOTAVAIL";
              sk.socketState = "SS_CONNECTING";
              return sk.nonblock ? "EINPROGRESS" : "wait";
            },
            (r) => (r === "wait" ? "sleep" : `-${r}`),
          ),
      ),
  );
  if (outcome !== "wait") {
    finish(-1, outcome);
    return;
  }
  sk.fileRefs++;
  const deadline = sk.sndtimeo > 0 ? sim.now + sk.sndtimeo : undefined;
  const check = (timedOut: boolean): void => {
    const result = traced(
      sim,
      host,
      "inet_wait_for_connect",
      () => `${describeSock(sk)} ${task.label} ${timedOut ? "timeout" : "woken"}`,
      (): string | undefined => {
        if (sk.state === "TCP_SYN_SENT" || sk.state === "TCP_SYN_RECV")
          return timedOut ? "EINPROGRESS" : "wait";
        // sock_error: report and clear sk_err; a closed socket without one is ECONNABORTED.
        if (sk.state === "TCP_CLOSE") {
          const err = sk.err ?? "ECONNABORTED";
          sk.err = undefined;
          return err;
        }
        sk.socketState = "SS_CONNECTED";
        return undefined;
      },
      (r) => (r === "wait" ? "sleep" : r ? `-${r}` : "0"),
    );
    if (result === "wait") sleepOn(sim, task, sk.wq, false, deadline, check);
    else finish(result ? -1 : 0, result);
  };
  sleepOn(sim, task, sk.wq, false, deadline, check);
}

/** accept(): inet_accept → inet_csk_accept, sleeping exclusively on the listener when it must wait. */
export function sysAccept4(
  sim: Sim,
  task: UserTask,
  fd: number,
  nonblock: boolean,
  done: (ret: number, errno?: string) => void,
): void {
  const host = task.host;
  const sk = sockOf(host, fd);
  const start = sim.now;
  const call = `accept(${fd})`;
  let slept = false;
  const finish = (o: AcceptOutcome): void => {
    if (slept) fput(sim, task, sk);
    if ("child" in o) {
      // sock_graft + fd_install: the child gets its struct socket and an fd.
      const child = o.child;
      child.socketState = "SS_CONNECTED";
      const newfd = installFd(host, child);
      child.fd = newfd;
      record(sim, task, start, call, newfd);
      done(newfd);
    } else if ("errno" in o) {
      record(sim, task, start, call, -1, o.errno);
      done(-1, o.errno);
    }
  };
  const outcome = traced(
    sim,
    host,
    "sys_accept4",
    () => `fd=${fd}${nonblock ? " O_NONBLOCK" : ""}`,
    () =>
      traced(
        sim,
        host,
        "inet_accept",
        () => describeSock(sk),
        () => inetCskAccept(sim, sk, nonblock),
      ),
  );
  if (!("wait" in outcome)) {
    finish(outcome);
    return;
  }
  slept = true;
  sk.fileRefs++;
  // sock_rcvtimeo: SO_RCVTIMEO, or MAX_SCHEDULE_TIMEOUT when unset.
  const deadline = sk.rcvtimeo > 0 ? sim.now + sk.rcvtimeo : undefined;
  const resume = (timedOut: boolean): void => {
    const o = inetCskWaitForConnect(sim, sk, timedOut, task.label);
    if ("wait" in o) sleepOn(sim, task, sk.wq, true, deadline, resume);
    else finish(o);
  };
  sleepOn(sim, task, sk.wq, true, deadline, resume);
}

/** send() with MSG_DONTWAIT: tcp_sendmsg on an established socket, or the pending error / -EAGAIN / -EPIPE. */
export function sysSendto(sim: Sim, task: UserTask, fd: number, bytes: number): number {
  const host = task.host;
  const sk = sockOf(host, fd);
  const errno = traced(
    sim,
    host,
    "sys_sendto",
    () => `fd=${fd} len=${bytes} MSG_DONTWAIT`,
    () =>
      traced(
        sim,
        host,
        "tcp_sendmsg",
        () => describeSock(sk),
        (): string | undefined => {
          if (sk.state !== "TCP_ESTABLISHED" && sk.state !== "TCP_CLOSE_WAIT") {
            // sk_stream_wait_connect: sock_error first, then -EPIPE unless still connecting, then -EAGAIN.
            if (sk.err) {
              const err = sk.err;
              sk.err = undefined;
              effect(sim, { kind: "error", sock: sk.id, errno: `${err} (sk_err cleared)` });
              return err;
            }
            if (sk.state !== "TCP_SYN_SENT" && sk.state !== "TCP_SYN_RECV") return "EPIPE";
            return "EAGAIN";
          }
          sendData(sim, sk, bytes);
          return undefined;
        },
        (e) => (e ? `-${e}` : String(bytes)),
      ),
  );
  record(sim, task, sim.now, `send(${fd}, ${bytes})`, errno ? -1 : bytes, errno);
  return errno ? -1 : bytes;
}

/**
 * close(): drop the fd. The socket is released (sock_close → inet_release → tcp_close) on the last
 * reference: a call still sleeping on it (fdget) keeps it open, so close() does not wake a blocked accept().
 */
export function sysClose(sim: Sim, task: UserTask, fd: number): void {
  const host = task.host;
  const file = host.files.get(fd);
  host.files.delete(fd);
  record(sim, task, sim.now, `close(${fd})`, file ? 0 : -1, file ? undefined : "EBADF");
  if (file?.kind !== "sock") return;
  file.fd = undefined;
  if (file.fileRefs > 0) file.closePending = true;
  else sockClose(sim, file);
}

/** fput from a sleeping call that finished: the deferred release happens now if close() came meanwhile. */
function fput(sim: Sim, _task: UserTask, sk: Sock): void {
  sk.fileRefs--;
  if (sk.fileRefs === 0 && sk.closePending) {
    sk.closePending = false;
    sockClose(sim, sk);
  }
}

function sockClose(sim: Sim, sk: Sock): void {
  traced(
    sim,
    sk.host,
    "sock_close",
    () => describeSock(sk),
    () =>
      traced(
        sim,
        sk.host,
        "inet_release",
        () => describeSock(sk),
        () => tcpClose(sim, sk),
      ),
  );
}

export function sysEpollCreate1(sim: Sim, task: UserTask): { fd: number; ep: Epoll } {
  const host = task.host;
  const ep = newEpoll(host);
  const fd = traced(
    sim,
    host,
    "sys_epoll_create1",
    () => "0",
    () => installFd(host, ep),
    String,
  );
  record(sim, task, sim.now, "epoll_create1(0)", fd);
  return { fd, ep };
}

export function sysEpollCtlAdd(
  sim: Sim,
  task: UserTask,
  epfd: number,
  ep: Epoll,
  fd: number,
  edge: boolean,
  exclusive = false,
): void {
  const host = task.host;
  const sk = sockOf(host, fd);
  const events = POLLIN | (edge ? EPOLLET : 0) | (exclusive ? EPOLLEXCLUSIVE : 0);
  const names = `EPOLLIN${edge ? "|EPOLLET" : ""}${exclusive ? "|EPOLLEXCLUSIVE" : ""}`;
  traced(
    sim,
    host,
    "sys_epoll_ctl",
    () => `${ep.id} EPOLL_CTL_ADD fd=${fd} ${names}`,
    () => epInsert(sim, ep, sk, events),
  );
  record(sim, task, sim.now, `epoll_ctl(${epfd}, EPOLL_CTL_ADD, ${fd}, ${names})`, 0);
}

export function sysEpollWait(
  sim: Sim,
  task: UserTask,
  epfd: number,
  ep: Epoll,
  timeout: number,
  done: (n: number) => void,
  maxevents = 16,
): void {
  const start = sim.now;
  epPoll(sim, ep, task, maxevents, timeout, (n) => {
    record(sim, task, start, `epoll_wait(${epfd}, ${maxevents}, ${timeout})`, n);
    done(n);
  });
}

/** include/uapi/asm-generic/fcntl.h: O_RDWR and O_NONBLOCK (octal 02, 04000). */
export const O_RDWR = 0o2;
export const O_NONBLOCK = 0o4000;

/**
 * fcntl(fd, F_GETFL) / fcntl(fd, F_SETFL, arg) on a socket file (fs/fcntl.c: do_fcntl, setfl). A socket
 * file is opened O_RDWR (net/socket.c: sock_alloc_file); setfl replaces the SETFL_MASK bits, of which the
 * model keeps O_NONBLOCK (what inet_accept and __inet_stream_connect read as the file's flags).
 */
export function sysFcntl(sim: Sim, task: UserTask, fd: number, cmd: "F_GETFL" | "F_SETFL", arg = 0): number {
  const sk = sockOf(task.host, fd);
  const ret = traced(
    sim,
    task.host,
    "sys_fcntl",
    () => `fd=${fd} ${cmd}${cmd === "F_SETFL" ? ` 0x${arg.toString(16)}` : ""}`,
    () => {
      if (cmd === "F_GETFL") return O_RDWR | (sk.nonblock ? O_NONBLOCK : 0);
      const before = sk.nonblock;
      sk.nonblock = (arg & O_NONBLOCK) !== 0;
      if (before !== sk.nonblock)
        effect(sim, {
          kind: "field",
          sock: sk.id,
          field: "f_flags O_NONBLOCK",
          value: [+before, +sk.nonblock],
        });
      return 0;
    },
    (r) => (cmd === "F_GETFL" ? `0x${r.toString(16)}` : String(r)),
  );
  record(
    sim,
    task,
    sim.now,
    `fcntl(${fd}, ${cmd}${cmd === "F_SETFL" ? `, 0x${arg.toString(16)}` : ""})`,
    ret,
  );
  return ret;
}

/** A setsockopt() argument as user space passes it: an int, or a struct timeval for SO_RCVTIMEO/SO_SNDTIMEO. */
export type SockoptArg = { int: number } | { tv: { sec: number; usec: number } };

/**
 * net/core/sock.c: sock_set_timeout — the timeval in jiffies (HZ=1000): -EINVAL for a short optlen, -EDOM
 * for tv_usec outside [0, 1 s), 0/0 means MAX_SCHEDULE_TIMEOUT (the model's 0), else
 * tv_sec * HZ + DIV_ROUND_UP(tv_usec, USEC_PER_SEC / HZ). A negative tv_sec (timeout 0, i.e. never wait)
 * has no representation in the model (0 means forever there) and is reported as not modelled.
 */
export function sockSetTimeout(
  tv: { sec: number; usec: number },
  optlen: number,
): number | "EINVAL" | "EDOM" {
  // sizeof(struct timeval) on x86_64.
  if (optlen < 16) return "EINVAL";
  if (tv.usec < 0 || tv.usec >= 1_000_000) return "EDOM";
  if (tv.sec < 0) throw new NotModelledError("a negative SO_RCVTIMEO/SO_SNDTIMEO (timeout 0)");
  if (tv.sec === 0 && tv.usec === 0) return 0;
  return tv.sec * 1000 + Math.ceil(tv.usec / 1000);
}

/**
 * setsockopt() with the kernel's own argument checks: net/core/sock.c: sock_setsockopt (optlen <
 * sizeof(int) → -EINVAL before any option; SO_RCVTIMEO/SO_SNDTIMEO through sock_set_timeout) and
 * net/ipv4/tcp.c: do_tcp_setsockopt (optlen < sizeof(int) → -EINVAL). Returns 0 or -1 with the errno.
 */
export function sysSetsockoptChecked(
  sim: Sim,
  task: UserTask,
  fd: number,
  opt: SockOpt,
  arg: SockoptArg,
  optlen: number,
): { ret: number; errno?: string } {
  let errno: string | undefined;
  let value = 0;
  if (optlen < 4) errno = "EINVAL";
  else if (opt === "SO_RCVTIMEO" || opt === "SO_SNDTIMEO") {
    if (!("tv" in arg)) errno = "EINVAL";
    else {
      const t = sockSetTimeout(arg.tv, optlen);
      if (typeof t === "string") errno = t;
      else value = t;
    }
  } else value = "int" in arg ? arg.int : 0;
  if (errno) {
    traced(
      sim,
      task.host,
      "sys_setsockopt",
      () => `fd=${fd} ${opt} optlen=${optlen}`,
      () => undefined,
      () => `-${errno}`,
    );
    record(sim, task, sim.now, `setsockopt(${fd}, ${opt})`, -1, errno);
    return { ret: -1, errno };
  }
  sysSetsockopt(sim, task, fd, opt, value);
  return { ret: 0 };
}

/**
 * getsockopt(fd, SOL_SOCKET, SO_ERROR): net/core/sock.c: sock_getsockopt — -sock_error(sk), which reads
 * and clears sk_err (sk_err_soft is not modelled). Returns the errno name, or undefined for 0.
 */
export function sysGetsockoptSoError(sim: Sim, task: UserTask, fd: number): string | undefined {
  const sk = sockOf(task.host, fd);
  const err = traced(
    sim,
    task.host,
    "sys_getsockopt",
    () => `fd=${fd} SO_ERROR`,
    () => {
      const e = sk.err;
      if (e) {
        sk.err = undefined;
        effect(sim, { kind: "error", sock: sk.id, errno: `${e} (sk_err cleared)` });
      }
      return e;
    },
    (e) => e ?? "0",
  );
  record(sim, task, sim.now, `getsockopt(${fd}, SOL_SOCKET, SO_ERROR) → ${err ?? 0}`, 0);
  return err;
}

/**
 * poll() on sockets (fs/select.c: do_sys_poll → do_poll): each file's ->poll (tcp_poll) masked with the
 * requested events plus POLLERR|POLLHUP; if none is ready and the timeout allows, sleep on the sockets'
 * wait queues (non-exclusive, poll_wait) and poll again when woken or at the timeout. `timeout` is in
 * ms, negative for none. `done` gets the number of ready fds and their revents.
 */
export function sysPoll(
  sim: Sim,
  task: UserTask,
  fds: readonly { fd: number; events: number }[],
  timeout: number,
  done: (n: number, revents: number[]) => void,
): void {
  const host = task.host;
  const start = sim.now;
  const socks = fds.map((p) => sockOf(host, p.fd));
  const deadline = timeout < 0 ? undefined : sim.now + timeout;
  const attempt = (timedOut: boolean): void => {
    const revents = traced(
      sim,
      host,
      "sys_poll",
      () => `${fds.map((p) => `fd=${p.fd}`).join(" ")} ${task.label}${timedOut ? " timeout" : ""}`,
      () => socks.map((sk, i) => tcpPoll(sim, sk) & (fds[i]!.events | POLLERR | POLLHUP)),
      (r) => String(r.filter((m) => m !== 0).length),
    );
    const n = revents.filter((m) => m !== 0).length;
    if (n > 0 || timedOut || timeout === 0) {
      for (const sk of socks) fput(sim, task, sk);
      record(sim, task, start, `poll(${fds.map((p) => p.fd).join(", ")}, ${timeout})`, n);
      done(n, revents);
      return;
    }
    // poll_wait on every socket: the first wakeup (or the timeout) makes the task poll again.
    let woken = false;
    const entries = socks.map((sk) => {
      const entry = {
        exclusive: false,
        label: `task ${task.label} (poll)`,
        wake: () => {
          if (woken) return false;
          wake(false);
          return true;
        },
      };
      sk.wq.add(entry);
      return { sk, entry };
    });
    const timer = deadline === undefined ? undefined : at(sim, deadline, () => !woken && wake(true));
    const wake = (t: boolean): void => {
      woken = true;
      for (const { sk, entry } of entries) sk.wq.remove(entry);
      if (timer) timer.cancelled = true;
      at(sim, sim.now, () => attempt(t));
    };
  };
  for (const sk of socks) sk.fileRefs++;
  attempt(false);
}

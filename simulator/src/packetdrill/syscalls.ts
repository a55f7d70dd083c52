// System call lines of a script → the model's system calls (simulator/src/kernel/syscalls.ts), with the
// argument checks packetdrill makes and the result/errno comparison. Script fds map to the host's fds
// the way packetdrill maps script fds to live ones.
import type { Host } from "../kernel/host.js";
import type { Sim } from "../kernel/sim.js";
import {
  sysAccept4,
  sysBind,
  sysClose,
  sysConnect,
  sysEpollCreate1,
  sysEpollCtlAdd,
  sysEpollWait,
  sysFcntl,
  sysGetsockoptSoError,
  sysListen,
  sysPoll,
  sysSetsockoptChecked,
  sysSocket,
  type SockOpt,
  type UserTask,
} from "../kernel/syscalls.js";
import { notModelled, PacketdrillScriptError, type Expr, type SyscallEvent } from "./script.js";
import { ERRNO, SYMBOLS, errnoName } from "./symbols.js";

export interface SyscallContext {
  sim: Sim;
  host: Host;
  /** script fd → host fd */
  fds: Map<number, number>;
  remoteAddr: string;
  port: number;
  onSocket: () => void;
  onConnect: () => void;
}

/** What a finished call returned; `check` compares it with the script line (undefined = as expected). */
export interface SyscallOutcome {
  check: (ev: SyscallEvent) => string | undefined;
}

function bad(e: Expr, what: string): PacketdrillScriptError {
  return new PacketdrillScriptError(e.line, e.column, what);
}

/** Evaluate an integer expression: numbers, known names (SOCK_STREAM, O_NONBLOCK, EAGAIN …) and `|`. */
export function evalInt(e: Expr): number {
  switch (e.kind) {
    case "int":
      return e.value;
    case "word": {
      const v = SYMBOLS[e.name];
      if (v === undefined) throw bad(e, `unknown name "${e.name}"`);
      return v;
    }
    case "or":
      return (evalInt(e.left) | evalInt(e.right)) >>> 0;
    default:
      throw bad(e, `expected an integer expression, got ${e.kind === "ellipsis" ? "..." : e.kind}`);
  }
}

function arg(ev: SyscallEvent, i: number, n: number): Expr {
  if (ev.args.length !== n)
    throw new PacketdrillScriptError(
      ev.line,
      ev.nameColumn,
      `${ev.name} takes ${n} arguments, got ${ev.args.length}`,
    );
  return ev.args[i]!;
}

function ellipsisArg(ev: SyscallEvent, i: number, n: number, what: string): void {
  const e = arg(ev, i, n);
  if (e.kind !== "ellipsis")
    throw notModelled(
      e.line,
      e.column,
      `an explicit ${what} (write ...: the host is ${"192.168.0.1"}, the peer 192.0.2.1, port 8080)`,
    );
}

function structField(e: Expr, name: string): Expr | undefined {
  return e.kind === "struct" ? e.fields.find((f) => f.name === name)?.value : undefined;
}

/** A result that is an integer compared exactly, with the errno when it is -1. */
function exact(
  ret: number,
  errno?: string,
  extra?: (ev: SyscallEvent) => string | undefined,
): SyscallOutcome {
  return {
    check: (ev) => {
      const expected = evalInt(ev.result);
      const got = `${ev.name} returned ${ret}${errno ? ` ${errno}` : ""}`;
      const want = `expected ${expected}${ev.errno ? ` ${ev.errno}` : ""}`;
      if (ret !== (expected | 0) && ret !== expected) return `${got}, ${want}`;
      if (ret < 0 && ev.errno && ERRNO[ev.errno] !== ERRNO[errno ?? ""]) return `${got}, ${want}`;
      return extra?.(ev);
    },
  };
}

export function runSyscall(ctx: SyscallContext, ev: SyscallEvent, finish: (o: SyscallOutcome) => void): void {
  const { sim, host } = ctx;
  const task: UserTask = { label: `${host.name}/line${ev.line}`, sleeping: false, host };
  if (ev.result.kind !== "int" && ev.result.kind !== "word" && ev.result.kind !== "or")
    throw bad(ev.result, "expected an integer result after =");

  // A script fd → the host's fd; unknown fds are EBADF, as sockfd_lookup_light (net/socket.c) reports.
  const fdArg = (i: number, n: number): { fd: number } | { errno: string } => {
    const e = arg(ev, i, n);
    const script = evalInt(e);
    const live = ctx.fds.get(script);
    if (live === undefined) return { errno: "EBADF" };
    const file = host.files.get(live);
    if (!file) return { errno: "EBADF" };
    return { fd: live };
  };
  const sockArg = (i: number, n: number): { fd: number } | { errno: string } => {
    const r = fdArg(i, n);
    if ("errno" in r) return r;
    // sockfd_lookup_light → sock_from_file: -ENOTSOCK for an fd that is not a socket.
    return host.files.get(r.fd)?.kind === "sock" ? r : { errno: "ENOTSOCK" };
  };
  /** Map the script's fd to the host's (packetdrill accepts any non-negative fd for a new file). */
  const newFd = (live: number): SyscallOutcome => ({
    check: (e) => {
      const expected = evalInt(e.result);
      if (expected < 0)
        return `${e.name} returned ${live}, expected ${expected}${e.errno ? ` ${e.errno}` : ""}`;
      ctx.fds.set(expected, live);
      return undefined;
    },
  });
  const failed = (errno: string): void => finish(exact(-1, errno));

  switch (ev.name) {
    case "socket": {
      ellipsisArg(ev, 0, 3, "address family (only AF_INET is modelled)");
      const type = evalInt(arg(ev, 1, 3));
      const proto = evalInt(arg(ev, 2, 3));
      if ((type & ~SYMBOLS.SOCK_NONBLOCK!) !== SYMBOLS.SOCK_STREAM)
        throw notModelled(ev.line, ev.args[1]!.column, "socket types other than SOCK_STREAM");
      if (proto !== 0 && proto !== SYMBOLS.IPPROTO_TCP)
        throw notModelled(ev.line, ev.args[2]!.column, "protocols other than IPPROTO_TCP");
      const fd = sysSocket(sim, task);
      if (type & SYMBOLS.SOCK_NONBLOCK!) {
        const sk = host.files.get(fd);
        if (sk?.kind === "sock") sk.nonblock = true;
      }
      ctx.onSocket();
      finish(newFd(fd));
      return;
    }
    case "setsockopt": {
      const s = sockArg(0, 5);
      const level = arg(ev, 1, 5);
      const name = arg(ev, 2, 5);
      const value = arg(ev, 3, 5);
      const optlen = evalInt(arg(ev, 4, 5));
      const levelName = level.kind === "word" ? level.name : "";
      const optName = name.kind === "word" ? name.name : "";
      const known: Record<string, SockOpt | undefined> =
        levelName === "SOL_SOCKET"
          ? {
              SO_REUSEADDR: "SO_REUSEADDR",
              SO_REUSEPORT: "SO_REUSEPORT",
              SO_KEEPALIVE: "SO_KEEPALIVE",
              SO_RCVTIMEO: "SO_RCVTIMEO",
              SO_SNDTIMEO: "SO_SNDTIMEO",
            }
          : levelName === "IPPROTO_TCP" || levelName === "SOL_TCP"
            ? { TCP_DEFER_ACCEPT: "TCP_DEFER_ACCEPT" }
            : {};
      const opt = known[optName];
      if (!opt)
        throw notModelled(ev.line, name.column, `setsockopt ${levelName || "level"} ${optName || "option"}`);
      if ("errno" in s) return failed(s.errno);
      let r;
      if (opt === "SO_RCVTIMEO" || opt === "SO_SNDTIMEO") {
        const sec = structField(value, "tv_sec");
        const usec = structField(value, "tv_usec");
        if (!sec || !usec) throw bad(value, `expected {tv_sec=S, tv_usec=U} for ${opt}`);
        r = sysSetsockoptChecked(
          sim,
          task,
          s.fd,
          opt,
          { tv: { sec: evalInt(sec), usec: evalInt(usec) } },
          optlen,
        );
      } else {
        if (value.kind !== "array" || value.items.length !== 1) throw bad(value, `expected [N] for ${opt}`);
        r = sysSetsockoptChecked(sim, task, s.fd, opt, { int: evalInt(value.items[0]!) | 0 }, optlen);
      }
      finish(exact(r.ret, r.errno));
      return;
    }
    case "getsockopt": {
      const s = sockArg(0, 5);
      const level = arg(ev, 1, 5);
      const name = arg(ev, 2, 5);
      const value = arg(ev, 3, 5);
      if (!(
        level.kind === "word" &&
        level.name === "SOL_SOCKET" &&
        name.kind === "word" &&
        name.name === "SO_ERROR"
      ))
        throw notModelled(ev.line, name.column, "getsockopt options other than SOL_SOCKET SO_ERROR");
      if ("errno" in s) return failed(s.errno);
      const err = sysGetsockoptSoError(sim, task, s.fd);
      const got = err ? ERRNO[err]! : 0;
      finish(
        exact(0, undefined, () => {
          if (value.kind !== "array" || value.items.length !== 1) return undefined;
          const want = evalInt(value.items[0]!);
          return want === got
            ? undefined
            : `getsockopt SO_ERROR gave ${got ? `${errnoName(got)} (${got})` : "0"}, expected ${want ? `${errnoName(want)} (${want})` : "0"}`;
        }),
      );
      return;
    }
    case "bind": {
      const s = sockArg(0, 3);
      ellipsisArg(ev, 1, 3, "address");
      ellipsisArg(ev, 2, 3, "address length");
      if ("errno" in s) return failed(s.errno);
      const errno = sysBind(sim, task, s.fd, ctx.port);
      finish(exact(errno ? -1 : 0, errno));
      return;
    }
    case "listen": {
      const s = sockArg(0, 2);
      const backlog = evalInt(arg(ev, 1, 2)) | 0;
      if ("errno" in s) return failed(s.errno);
      const r = sysListen(sim, task, s.fd, backlog);
      const errno = r < 0 ? (sim.syscalls[sim.syscalls.length - 1]?.errno ?? "EINVAL") : undefined;
      finish(exact(r, errno));
      return;
    }
    case "accept": {
      const s = sockArg(0, 3);
      ellipsisArg(ev, 1, 3, "address");
      ellipsisArg(ev, 2, 3, "address length");
      if ("errno" in s) return failed(s.errno);
      const sk = host.files.get(s.fd);
      const nonblock = sk?.kind === "sock" && sk.nonblock;
      sysAccept4(sim, task, s.fd, nonblock, (ret, errno) =>
        finish(ret >= 0 ? newFd(ret) : exact(ret, errno)),
      );
      return;
    }
    case "connect": {
      const s = sockArg(0, 3);
      ellipsisArg(ev, 1, 3, "address");
      ellipsisArg(ev, 2, 3, "address length");
      if ("errno" in s) return failed(s.errno);
      ctx.onConnect();
      sysConnect(sim, task, s.fd, ctx.remoteAddr, ctx.port, (ret, errno) => finish(exact(ret, errno)));
      return;
    }
    case "close": {
      const r = fdArg(0, 1);
      if ("errno" in r) return failed(r.errno);
      sysClose(sim, task, r.fd);
      for (const [k, v] of ctx.fds) if (v === r.fd) ctx.fds.delete(k);
      finish(exact(0));
      return;
    }
    case "fcntl": {
      const cmd = ev.args[1];
      if (!cmd || cmd.kind !== "word" || (cmd.name !== "F_GETFL" && cmd.name !== "F_SETFL"))
        throw notModelled(
          ev.line,
          cmd?.column ?? ev.nameColumn,
          "fcntl commands other than F_GETFL and F_SETFL",
        );
      const n = cmd.name === "F_GETFL" ? 2 : 3;
      const s = sockArg(0, n);
      let flags = 0;
      if (cmd.name === "F_SETFL") {
        flags = evalInt(arg(ev, 2, 3));
        // setfl keeps the access mode; of the SETFL_MASK bits the model has O_NONBLOCK only.
        if (flags & ~(SYMBOLS.O_NONBLOCK! | 3))
          throw notModelled(
            ev.line,
            ev.args[2]!.column,
            "F_SETFL flags other than O_NONBLOCK (O_APPEND, O_ASYNC, O_DIRECT …)",
          );
      }
      if ("errno" in s) return failed(s.errno);
      const ret = sysFcntl(sim, task, s.fd, cmd.name, flags);
      finish(exact(ret));
      return;
    }
    case "poll": {
      const list = arg(ev, 0, 3);
      const nfds = evalInt(arg(ev, 1, 3));
      const timeout = evalInt(arg(ev, 2, 3)) | 0;
      if (list.kind !== "array") throw bad(list, "expected [{fd=N, events=…, revents=…}, …]");
      if (list.items.length !== nfds)
        throw bad(list, `nfds is ${nfds} but the array has ${list.items.length} entries`);
      const pollfds: { fd: number; events: number; revents?: number }[] = [];
      for (const item of list.items) {
        const fd = structField(item, "fd");
        const events = structField(item, "events");
        if (!fd || !events) throw bad(item, "expected {fd=N, events=…[, revents=…]}");
        const live = ctx.fds.get(evalInt(fd));
        if (live === undefined || host.files.get(live)?.kind !== "sock")
          throw notModelled(ev.line, item.column, "poll() on an fd that is not an open socket");
        const revents = structField(item, "revents");
        pollfds.push({
          fd: live,
          events: evalInt(events),
          ...(revents ? { revents: evalInt(revents) } : {}),
        });
      }
      sysPoll(sim, task, pollfds, timeout, (n, revents) =>
        finish(
          exact(n, undefined, () => {
            for (let i = 0; i < pollfds.length; i++) {
              const want = pollfds[i]!.revents;
              if (want !== undefined && want !== revents[i])
                return `poll revents of entry ${i} is 0x${revents[i]!.toString(16)}, expected 0x${want.toString(16)}`;
            }
            return undefined;
          }),
        ),
      );
      return;
    }
    case "epoll_create":
    case "epoll_create1": {
      const v = evalInt(arg(ev, 0, 1));
      // fs/eventpoll.c: epoll_create(size) fails with -EINVAL for size <= 0, then is epoll_create1(0).
      if (ev.name === "epoll_create" && v <= 0) return failed("EINVAL");
      if (ev.name === "epoll_create1" && v !== 0)
        throw notModelled(ev.line, ev.args[0]!.column, "epoll_create1 flags");
      const { fd } = sysEpollCreate1(sim, task);
      finish(newFd(fd));
      return;
    }
    case "epoll_ctl": {
      const epfd = fdArg(0, 4);
      const op = arg(ev, 1, 4);
      const s = sockArg(2, 4);
      const event = arg(ev, 3, 4);
      if (!(op.kind === "word" && op.name === "EPOLL_CTL_ADD"))
        throw notModelled(ev.line, op.column, "epoll_ctl operations other than EPOLL_CTL_ADD");
      const events = structField(event, "events");
      if (!events) throw bad(event, "expected {events=EPOLLIN[|EPOLLET][|EPOLLEXCLUSIVE], fd=N}");
      const mask = evalInt(events);
      if (mask & ~(SYMBOLS.EPOLLIN! | SYMBOLS.EPOLLET! | SYMBOLS.EPOLLEXCLUSIVE!))
        throw notModelled(
          ev.line,
          events.column,
          "epoll events other than EPOLLIN, EPOLLET and EPOLLEXCLUSIVE",
        );
      if ("errno" in epfd) return failed(epfd.errno);
      if ("errno" in s) return failed(s.errno);
      const ep = host.files.get(epfd.fd);
      if (ep?.kind !== "epoll") return failed("EINVAL");
      const sk = host.files.get(s.fd);
      if (sk?.kind !== "sock" || sk.state !== "TCP_LISTEN")
        throw notModelled(ev.line, ev.args[2]!.column, "epoll on a socket that is not listening");
      sysEpollCtlAdd(
        sim,
        task,
        epfd.fd,
        ep,
        s.fd,
        (mask & SYMBOLS.EPOLLET!) !== 0,
        (mask & SYMBOLS.EPOLLEXCLUSIVE!) !== 0,
      );
      finish(exact(0));
      return;
    }
    case "epoll_wait": {
      const epfd = fdArg(0, 4);
      const events = arg(ev, 1, 4);
      const maxevents = evalInt(arg(ev, 2, 4));
      const timeout = evalInt(arg(ev, 3, 4)) | 0;
      if ("errno" in epfd) return failed(epfd.errno);
      const ep = host.files.get(epfd.fd);
      if (ep?.kind !== "epoll") return failed("EINVAL");
      // fs/eventpoll.c: SYSCALL_DEFINE4(epoll_wait): maxevents <= 0 → -EINVAL.
      if (maxevents <= 0) return failed("EINVAL");
      sysEpollWait(
        sim,
        task,
        epfd.fd,
        ep,
        timeout,
        (n) =>
          finish(
            exact(n, undefined, () => {
              // The model reports how many items were ready; with one item the reported event is its own.
              const want = structField(events, "events");
              if (n > 0 && want && (evalInt(want) & ~SYMBOLS.EPOLLET!) !== SYMBOLS.EPOLLIN)
                return `epoll_wait reported EPOLLIN, expected events 0x${evalInt(want).toString(16)}`;
              return undefined;
            }),
          ),
        maxevents,
      );
      return;
    }
    case "write":
    case "send":
    case "sendto":
    case "sendmsg":
    case "writev":
    case "read":
    case "recv":
    case "recvfrom":
    case "recvmsg":
    case "readv":
      throw notModelled(ev.line, ev.nameColumn, `${ev.name}() (data transfer beyond the handshake)`);
    case "shutdown":
      throw notModelled(ev.line, ev.nameColumn, "shutdown() (connection teardown)");
    default:
      throw notModelled(ev.line, ev.nameColumn, `the system call ${ev.name}()`);
  }
}

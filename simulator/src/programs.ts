// The user-space side of a scenario: each step becomes one or more tasks making system calls, the way a
// small C program would (one process per host, one thread per task).
import type { AcceptStep, ConnectStep, EpollStep, Scenario, Step } from "./scenario/types.js";
import type { Host } from "./kernel/host.js";
import { at, type Sim } from "./kernel/sim.js";
import {
  sysAccept4,
  sysBind,
  sysClose,
  sysConnect,
  sysEpollCreate1,
  sysEpollCtlAdd,
  sysEpollWait,
  sysListen,
  sysSendto,
  sysSetsockopt,
  sysSocket,
  type UserTask,
} from "./kernel/syscalls.js";
import { transmit } from "./kernel/link.js";
import { TCPHDR_SYN } from "./kernel/segment.js";
import { effect } from "./kernel/sim.js";
import { setLocalPortRange } from "./kernel/sysctlNetIpv4.js";
import { LOCAL_PORT_RANGE_SYSCTL } from "./scenario/schema.js";

export class ScenarioRuntimeError extends Error {}

interface Programs {
  sim: Sim;
  /** Listening fds per "host:port": one, or each SO_REUSEPORT listener in the order they listened. */
  listenFds: Map<string, number[]>;
}

function newTask(sim: Sim, host: Host, name: string): UserTask {
  return { label: `${host.name}/${name}-${sim.nextTaskId++}`, sleeping: false, host };
}

function hostOf(sim: Sim, name: string): Host {
  const h = sim.hosts.get(name);
  if (!h) throw new ScenarioRuntimeError(`unknown host "${name}"`);
  return h;
}

function listenFds(p: Programs, host: Host, port: number, step: string): number[] {
  const fds = p.listenFds.get(`${host.name}:${port}`);
  if (!fds?.length)
    throw new ScenarioRuntimeError(
      `${step} at t=${p.sim.now}: no listen step on ${host.name}:${port} ran before`,
    );
  return fds;
}

/** Schedule every step of the scenario on the event queue. */
export function scheduleSteps(sim: Sim, scenario: Scenario): void {
  const p: Programs = { sim, listenFds: new Map() };
  for (const step of scenario.steps) {
    if (step.kind === "connect") {
      for (let i = 0; i < step.count; i++) at(sim, step.at + i * step.interval, () => connectClient(p, step));
    } else if (step.kind === "flood") {
      scheduleFlood(sim, step.to, step.port, step.syns, step.interval, step.at);
    } else {
      at(sim, step.at, () => runStep(p, step));
    }
  }
}

function runStep(p: Programs, step: Exclude<Step, ConnectStep | { kind: "flood" }>): void {
  const sim = p.sim;
  switch (step.kind) {
    case "listen": {
      const host = hostOf(sim, step.host);
      const task = newTask(sim, host, "listen");
      const key = `${host.name}:${step.port}`;
      for (let i = 0; i < (step.reuseport ?? 1); i++) {
        const fd = sysSocket(sim, task);
        if (step.reuseaddr) sysSetsockopt(sim, task, fd, "SO_REUSEADDR", 1);
        if (step.reuseport !== undefined) sysSetsockopt(sim, task, fd, "SO_REUSEPORT", 1);
        if (step.deferAccept !== undefined)
          sysSetsockopt(sim, task, fd, "TCP_DEFER_ACCEPT", step.deferAccept);
        if (sysBind(sim, task, fd, step.port) === undefined && sysListen(sim, task, fd, step.backlog) === 0)
          p.listenFds.set(key, [...(p.listenFds.get(key) ?? []), fd]);
      }
      return;
    }
    case "accept": {
      const host = hostOf(sim, step.host);
      for (const fd of listenFds(p, host, step.port, "accept"))
        for (let i = 0; i < step.tasks; i++) acceptLoop(sim, newTask(sim, host, "accept"), fd, step);
      return;
    }
    case "epoll": {
      const host = hostOf(sim, step.host);
      for (const fd of listenFds(p, host, step.port, "epoll"))
        for (let i = 0; i < step.instances; i++) epollLoop(sim, newTask(sim, host, "epoll"), fd, step);
      return;
    }
    case "send": {
      const host = hostOf(sim, step.from);
      const to = hostOf(sim, step.to);
      const task = newTask(sim, host, "send");
      for (const [fd, file] of [...host.files]) {
        if (
          file.kind === "sock" &&
          file.role === "client" &&
          file.raddr === to.addr &&
          file.rport === step.port
        )
          sysSendto(sim, task, fd, step.bytes);
      }
      return;
    }
    case "close": {
      const host = hostOf(sim, step.host);
      const task = newTask(sim, host, "close");
      if (step.what === "listener") {
        const key = `${host.name}:${step.port}`;
        const fds = listenFds(p, host, step.port, "close");
        if (step.listener !== undefined && step.listener >= fds.length)
          throw new ScenarioRuntimeError(
            `close at t=${sim.now}: ${host.name}:${step.port} has ${fds.length} open listener(s); listener ${step.listener} is not one`,
          );
        const closing = step.listener === undefined ? fds : [fds[step.listener]!];
        for (const fd of closing) sysClose(sim, task, fd);
        const open = fds.filter((fd) => !closing.includes(fd));
        if (open.length) p.listenFds.set(key, open);
        else p.listenFds.delete(key);
        return;
      }
      for (const [fd, file] of [...host.files]) {
        if (file.kind === "sock" && file.role === "client" && file.rport === step.port)
          sysClose(sim, task, fd);
      }
      return;
    }
    case "sysctl": {
      const host = hostOf(sim, step.host);
      const value = typeof step.value === "number" ? step.value : `"${step.value.join(" ")}"`;
      sim.log.push({ t: sim.now, host: host.name, message: `sysctl -w ${step.name}=${value}` });
      if (step.name === LOCAL_PORT_RANGE_SYSCTL) setLocalPortRange(sim, host, step.value);
      else host.sysctls[step.name] = step.value;
      return;
    }
  }
}

function connectClient(p: Programs, step: ConnectStep): void {
  const sim = p.sim;
  const host = hostOf(sim, step.from);
  const server = hostOf(sim, step.to);
  const task = newTask(sim, host, "connect");
  const fd = sysSocket(sim, task);
  const file = host.files.get(fd);
  if (file?.kind === "sock") file.nonblock = step.nonblocking;
  if (step.keepalive) sysSetsockopt(sim, task, fd, "SO_KEEPALIVE", 1);
  if (step.sndtimeo > 0) sysSetsockopt(sim, task, fd, "SO_SNDTIMEO", step.sndtimeo);
  sysConnect(sim, task, fd, server.addr, step.port, () => {});
}

function acceptLoop(sim: Sim, task: UserTask, fd: number, step: AcceptStep): void {
  const sock = task.host.files.get(fd);
  if (sock?.kind === "sock" && step.rcvtimeo > 0) sysSetsockopt(sim, task, fd, "SO_RCVTIMEO", step.rcvtimeo);
  let left = step.count;
  const next = (): void => {
    if (left-- <= 0) return;
    sysAccept4(sim, task, fd, step.nonblocking, next);
  };
  next();
}

function epollLoop(sim: Sim, task: UserTask, fd: number, step: EpollStep): void {
  const { fd: epfd, ep } = sysEpollCreate1(sim, task);
  sysEpollCtlAdd(sim, task, epfd, ep, fd, step.edgeTriggered, step.exclusive);
  let waits = step.waits;
  const wait = (): void => {
    if (waits-- <= 0) return;
    sysEpollWait(sim, task, epfd, ep, step.timeout, (n) => {
      if (n === 0) return wait();
      acceptAfterWakeup(sim, task, fd, step.acceptPerWakeup, wait);
    });
  };
  wait();
}

/** The event loop's reaction to a readable listener: accept(O_NONBLOCK) once, N times, or until EAGAIN. */
function acceptAfterWakeup(
  sim: Sim,
  task: UserTask,
  fd: number,
  howMany: number | "all",
  then: () => void,
): void {
  let left = howMany === "all" ? Infinity : howMany;
  const next = (ret?: number): void => {
    if (ret !== undefined && ret < 0) return then();
    if (left-- <= 0) return then();
    sysAccept4(sim, task, fd, true, next);
  };
  next();
}

/** Spoofed SYNs from addresses no host owns (198.18.0.0/15, RFC 2544), one event at a time. */
function scheduleFlood(
  sim: Sim,
  toHost: string,
  port: number,
  syns: number,
  interval: number,
  start: number,
): void {
  let sent = 0;
  const fire = (): void => {
    const server = hostOf(sim, toHost);
    const r = sim.rng.u32();
    transmit(
      sim,
      undefined,
      {
        saddr: `198.${18 + ((r >>> 16) & 1)}.${(r >>> 8) & 255}.${r & 255}`,
        sport: 1024 + (sim.rng.u32() % 64512),
        daddr: server.addr,
        dport: port,
        seq: sim.rng.u32(),
        ack: 0,
        flags: TCPHDR_SYN,
        len: 0,
      },
      { by: "flood" },
    );
    effect(sim, { kind: "log", message: "spoofed SYN" });
    if (++sent < syns) at(sim, start + sent * interval, fire);
  };
  if (syns > 0) at(sim, start, fire);
}

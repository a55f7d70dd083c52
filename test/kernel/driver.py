#!/usr/bin/env python3
"""Kernel Lens real-kernel harness: runs one host's part of a scenario inside a network namespace.

Usage (inside the namespace, via `ip netns exec`): driver.py PLAN.json
The plan (written by harness.ts) holds: host, t0 (CLOCK_REALTIME epoch, s), until (ms after t0), addrs
(host name -> IPv4), steps (this host's steps, simulator Step objects), rules (timed iptables changes), out.
At t0 + until the driver snapshots `ss -Htan`, `ss -Hlnt` and `nstat -asz` of its namespace, writes
{syscalls, ss, listen, nstat, errors} as JSON to `out` and exits at once (threads still blocked in
accept()/connect() are reported as blocked, not waited for).
"""
import ctypes
import errno as E
import json
import os
import select
import socket
import struct
import subprocess
import sys
import threading
import time

PLAN = json.load(open(sys.argv[1]))
T0 = PLAN["t0"]
HOST = PLAN["host"]
ADDRS = PLAN["addrs"]
LIBC = ctypes.CDLL(None, use_errno=True)

lock = threading.Lock()
syscalls = []  # {t, start, call, ret, errno, task}
pending = {}  # id -> {start, call, task} for calls still blocked
errors = []
late = []  # steps that started more than LATE_MS after their time (a loaded machine), {at, by}
LATE_MS = 25
listeners = {}  # port -> socket
clients = []  # (dst addr, port, socket)
_next = [0]


def now_ms():
    return (time.time() - T0) * 1000.0


def sleep_until(ms):
    while True:
        d = T0 + ms / 1000.0 - time.time()
        if d <= 0:
            return
        time.sleep(min(d, 0.05) if d > 0.002 else d)


def begin(call, task):
    with lock:
        _next[0] += 1
        pending[_next[0]] = {"start": now_ms(), "call": call, "task": task}
        return _next[0]


def end(cid, ret, err=None):
    t = now_ms()
    with lock:
        p = pending.pop(cid)
        syscalls.append({"t": t, "start": p["start"], "call": p["call"], "ret": ret,
                         "errno": E.errorcode.get(err) if err else None, "task": p["task"]})


def errname(exc):
    return exc.errno if isinstance(exc, OSError) and exc.errno else E.EIO


def do_listen(step):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # As the scenario says, like the simulator: SO_REUSEADDR only when the step sets it.
    if step.get("reuseaddr"):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    cid = begin(f"bind(0.0.0.0:{step['port']})", "listen")
    try:
        s.bind(("0.0.0.0", step["port"]))
        end(cid, 0)
    except OSError as exc:
        end(cid, -1, errname(exc))
        s.close()
        return
    if step.get("deferAccept"):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, step["deferAccept"])
    cid = begin(f"listen({step['backlog']})", "listen")
    # libc listen(2): CPython's socket.listen() turns negative backlogs into 0.
    r = LIBC.listen(s.fileno(), ctypes.c_int(step["backlog"]))
    end(cid, r, ctypes.get_errno() if r < 0 else None)
    listeners[step["port"]] = s


def one_connect(step, i):
    task = f"connect-{step['at']}-{i}"
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if step.get("keepalive"):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    if step["sndtimeo"]:
        tv = struct.pack("ll", step["sndtimeo"] // 1000, (step["sndtimeo"] % 1000) * 1000)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, tv)
    if step["nonblocking"]:
        s.setblocking(False)
    dst = ADDRS[step["to"]]
    with lock:
        clients.append((dst, step["port"], s))
    cid = begin(f"connect({dst}:{step['port']})", task)
    r = s.connect_ex((dst, step["port"]))
    end(cid, 0 if r == 0 else -1, r or None)


def run_connect(step):
    for i in range(step["count"]):
        sleep_until(step["at"] + i * step["interval"])
        if step["nonblocking"]:
            one_connect(step, i)
        else:
            threading.Thread(target=one_connect, args=(step, i), daemon=True).start()


def accept_task(step, k):
    ls = listeners[step["port"]]
    for _ in range(step["count"]):
        cid = begin("accept", f"accept-{k}")
        try:
            c, _addr = ls._accept()
            end(cid, 0)
        except OSError as exc:
            end(cid, -1, errname(exc))


def run_accept(step):
    ls = listeners[step["port"]]
    if step["rcvtimeo"]:
        tv = struct.pack("ll", step["rcvtimeo"] // 1000, (step["rcvtimeo"] % 1000) * 1000)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, tv)
    if step["nonblocking"]:
        ls.setblocking(False)
    for k in range(step["tasks"]):
        threading.Thread(target=accept_task, args=(step, k), daemon=True).start()


def epoll_task(step, k):
    ls = listeners[step["port"]]
    ep = select.epoll()
    ep.register(ls.fileno(), select.EPOLLIN | (select.EPOLLET if step["edgeTriggered"] else 0))
    task = f"epoll-{k}"
    for _ in range(step["waits"]):
        cid = begin("epoll_wait", task)
        try:
            ev = ep.poll(step["timeout"] / 1000.0 if step["timeout"] >= 0 else -1)
            end(cid, len(ev))
        except OSError as exc:
            end(cid, -1, errname(exc))
            continue
        if not ev:
            continue
        n = 0
        while step["acceptPerWakeup"] == "all" or n < step["acceptPerWakeup"]:
            n += 1
            cid = begin("accept", task)
            try:
                ls._accept()
                end(cid, 0)
            except OSError as exc:
                end(cid, -1, errname(exc))
                break


def run_epoll(step):
    listeners[step["port"]].setblocking(False)  # accept(O_NONBLOCK) after each wakeup, as the simulator does
    for k in range(step["instances"]):
        threading.Thread(target=epoll_task, args=(step, k), daemon=True).start()


def run_send(step):
    dst = ADDRS[step["to"]]
    with lock:
        targets = [s for (a, p, s) in clients if a == dst and p == step["port"]]
    for s in targets:
        cid = begin(f"send({step['bytes']})", "send")
        try:
            n = s.send(b"x" * step["bytes"], socket.MSG_NOSIGNAL)
            end(cid, n)
        except OSError as exc:
            end(cid, -1, errname(exc))


def run_close(step):
    if step["what"] == "listener":
        listeners.pop(step["port"]).close()
    else:
        dst = ADDRS[step["to"]] if "to" in step else None
        with lock:
            for (a, p, s) in clients:
                if p == step["port"]:
                    s.close()


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def run_flood(step):
    """Spoofed SYNs, raw: source ADDRS[HOST] with ports FLOOD_BASE.. (the harness drops this host's RSTs
    from those ports, so like the simulator's spoofed sources they never answer the SYN-ACKs)."""
    src, dst = ADDRS[HOST], ADDRS[step["to"]]
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    base = PLAN["floodBase"]
    for i in range(step["syns"]):
        sport = base + i
        seq = (0x1000_0000 + i * 7919) & 0xFFFFFFFF
        hdr = struct.pack("!HHIIBBHHH", sport, step["port"], seq, 0, 5 << 4, 0x02, 64240, 0, 0)
        pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, len(hdr))
        c = csum(pseudo + hdr)
        hdr = hdr[:16] + struct.pack("!H", c) + hdr[18:]
        sleep_until(step["at"] + i * step["interval"])
        raw.sendto(hdr, (dst, 0))
    with lock:
        syscalls.append({"t": now_ms(), "start": step["at"], "call": f"flood({step['syns']})", "ret": step["syns"],
                         "errno": None, "task": "flood"})


def run_sysctl(step):
    subprocess.run(["sysctl", "-qw", f"{step['name']}={step['value']}"], check=True)


def run_rule(rule):
    sleep_until(rule["at"])
    subprocess.run(["iptables"] + rule["args"], check=True)


ACTIONS = {"listen": do_listen, "connect": run_connect, "accept": run_accept, "epoll": run_epoll,
           "send": run_send, "close": run_close, "flood": run_flood, "sysctl": run_sysctl}


def guarded(fn, arg):
    try:
        fn(arg)
    except Exception as exc:  # reported, never silent
        with lock:
            errors.append(f"{fn.__name__}: {exc!r}")


def main():
    for rule in PLAN.get("rules", []):
        threading.Thread(target=guarded, args=(run_rule, rule), daemon=True).start()
    for step in sorted(PLAN["steps"], key=lambda s: s["at"]):
        sleep_until(step["at"])
        behind = now_ms() - step["at"]
        if behind > LATE_MS:
            late.append({"at": step["at"], "by": round(behind, 1)})
        fn = ACTIONS[step["kind"]]
        if step["kind"] in ("connect", "flood"):
            threading.Thread(target=guarded, args=(fn, step), daemon=True).start()
        else:
            guarded(fn, step)
    sleep_until(PLAN["until"])
    with lock:
        blocked = [{"start": p["start"], "call": p["call"], "task": p["task"]} for p in pending.values()]
        calls = list(syscalls)
    snap = {}
    for key, cmd in (("ss", ["ss", "-Htan"]), ("listen", ["ss", "-Hlnt"]), ("nstat", ["nstat", "-asz"])):
        snap[key] = subprocess.run(cmd, capture_output=True, text=True).stdout
    snap["snmp"] = open("/proc/net/snmp").read()  # TcpCurrEstab is a gauge: nstat -a prints 0 for it
    result = {"host": HOST, "snapshotAt": now_ms(), "syscalls": calls, "blocked": blocked, "errors": errors, "late": late, **snap}
    with open(PLAN["out"], "w") as f:
        json.dump(result, f)
    sys.stdout.flush()
    # Keep every socket open until the other namespace has taken its snapshot too (exit sends FINs).
    sleep_until(PLAN["until"] + 500)
    os._exit(0)


main()

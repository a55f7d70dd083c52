// Every built-in scenario against the outcome the spec (§9) predicts for v4.11.
import { describe, expect, test } from "vitest";
import { loadBuiltin } from "../src/scenario/builtins.js";
import { applyOverrides } from "../src/scenario/parse.js";
import { runScenario } from "../src/run.js";
import { calls, counter, listener, sendTimes, states } from "./model.js";

const runBuiltin = (
  name: string,
  params: Record<string, number> = {},
  sysctls: Record<string, number> = {},
) => {
  let s = loadBuiltin(name, params);
  const sets = Object.entries(sysctls).map(([key, value]) => ({ key, value }));
  if (sets.length) s = applyOverrides(s, sets);
  return runScenario(s, { seed: 7 });
};

describe("handshake", () => {
  const r = runBuiltin("handshake");
  test("walks the kernel's call chain from the SYN to tcp_conn_request", () => {
    // net/ipv4/tcp_ipv4.c: tcp_v4_rcv → tcp_v4_do_rcv → tcp_input.c: tcp_rcv_state_process → conn_request.
    const cr = calls(r, "tcp_conn_request", "server")[0]!;
    const chain: string[] = [];
    for (let e: typeof cr | undefined = cr; e; e = e.parent === undefined ? undefined : r.events[e.parent])
      chain.unshift(e.fn);
    expect(chain).toEqual([
      "tcp_v4_rcv",
      "tcp_v4_do_rcv",
      "tcp_rcv_state_process",
      "tcp_v4_conn_request",
      "tcp_conn_request",
    ]);
    expect(cr.depth).toBe(4);
  });
  test("ends with both sides ESTABLISHED and the accept() returning the child", () => {
    expect(states(r, "client", "client")).toEqual(["TCP_ESTABLISHED"]);
    expect(states(r, "server", "child")).toEqual(["TCP_ESTABLISHED"]);
    expect(r.syscalls.find((s) => s.call.startsWith("accept"))?.ret).toBeGreaterThan(2);
    expect(r.syscalls.find((s) => s.call.startsWith("connect"))?.ret).toBe(0);
    expect(listener(r)).toMatchObject({
      synQueue: { len: 0, young: 0 },
      acceptQueue: { len: 0 },
      backlog: 128,
    });
    expect(counter(r, "client", "TcpActiveOpens")).toBe(1);
    expect(counter(r, "server", "TcpPassiveOpens")).toBe(1);
  });
});

describe("backlog-overflow", () => {
  for (const backlog of [1, 4, 16]) {
    test(`listen(${backlog}) with ${backlog}+5 clients: ${backlog}+1 queued, the rest SYN_SENT and counted`, () => {
      const r = runBuiltin("backlog-overflow", { backlog, clients: backlog + 5 });
      // include/net/sock.h: sk_acceptq_is_full is sk_ack_backlog > sk_max_ack_backlog → backlog + 1 fit.
      expect(listener(r).acceptQueue.len).toBe(backlog + 1);
      expect(listener(r).backlog).toBe(backlog);
      expect(states(r, "server", "child").length).toBe(backlog + 1);
      const clients = states(r, "client", "client");
      expect(clients.filter((s) => s === "TCP_ESTABLISHED").length).toBe(backlog + 1);
      expect(clients.filter((s) => s === "TCP_SYN_SENT").length).toBe(4);
      // net/ipv4/tcp_input.c:6303 drops the SYN with no SYN-ACK; SYNs at 0, 1, 3, 7 s → 4 per client by 10 s.
      expect(counter(r, "server", "TcpExtListenOverflows")).toBe(16);
      expect(counter(r, "server", "TcpExtListenDrops")).toBe(16);
      expect(sendTimes(r, "server", "SYN-ACK").length).toBe(backlog + 1);
    });
  }
  test("somaxconn = 8 clamps listen(fd, 100) to 8 (net/socket.c:1446)", () => {
    const r = runBuiltin("backlog-overflow", { backlog: 100, clients: 12 }, { "net.core.somaxconn": 8 });
    expect(listener(r).backlog).toBe(8);
    expect(listener(r).acceptQueue.len).toBe(9);
  });
});

describe("abort-on-overflow", () => {
  test("tcp_abort_on_overflow = 1: the overflowing ACK gets a RST and the client's write fails ECONNRESET", () => {
    const r = runBuiltin("abort-on-overflow");
    // net/ipv4/tcp_minisocks.c:773 listen_overflow → embryonic_reset: send_reset, drop, EmbryonicRsts.
    expect(counter(r, "server", "TcpExtListenOverflows")).toBe(1);
    expect(counter(r, "server", "TcpExtEmbryonicRsts")).toBe(1);
    expect(sendTimes(r, "server", "RST").length).toBe(1);
    const sends = r.syscalls.filter((s) => s.call.startsWith("send"));
    expect(sends.filter((s) => s.errno === "ECONNRESET").length).toBe(1);
    expect(sends.filter((s) => s.ret === 10).length).toBe(3);
  });
  test("tcp_abort_on_overflow = 0: the ACK is dropped, the request marked acked and SYN-ACKs resent", () => {
    const r = runBuiltin("abort-on-overflow", {}, { "net.ipv4.tcp_abort_on_overflow": 0 });
    expect(sendTimes(r, "server", "RST")).toEqual([]);
    const req = r.final.sockets.find((s) => s.role === "request");
    expect(req).toMatchObject({ state: "TCP_NEW_SYN_RECV", acked: true });
    expect(r.syscalls.filter((s) => s.call.startsWith("send") && s.errno).length).toBe(0);
    expect(r.packets.filter((p) => p.from === "server" && p.retransmit).length).toBeGreaterThan(0);
  });
});

describe("lost-final-ack", () => {
  test("SYN-ACK retransmitted at 1 s; the client's ACK to it completes the connection", () => {
    const r = runBuiltin("lost-final-ack");
    const synacks = sendTimes(r, "server", "SYN-ACK");
    // net/ipv4/inet_connection_sock.c: reqsk_queue_hash_req arms rsk_timer at TCP_TIMEOUT_INIT (1 s).
    expect(synacks[1]! - synacks[0]!).toBe(1000);
    expect(states(r, "server", "child")).toEqual(["TCP_ESTABLISHED"]);
    // The client was already ESTABLISHED: the retransmitted SYN-ACK gets a challenge ACK (RFC 5961 4.2).
    expect(counter(r, "client", "TcpExtTCPSYNChallenge")).toBe(1);
  });
  test("with every client ACK lost the SYN-ACK goes out at 1, 3, 7, 15, 31 s and the request expires at 63 s", () => {
    const s = loadBuiltin("lost-final-ack");
    s.link.rules = [{ action: "drop", flags: "ACK", from: "client" }];
    s.until = 70_000;
    const r = runScenario(s);
    const t = sendTimes(r, "server", "SYN-ACK");
    expect(t.map((x) => x - t[0]!)).toEqual([0, 1000, 3000, 7000, 15000, 31000]);
    const drop = calls(r, "inet_csk_reqsk_queue_drop", "server").at(-1)!;
    expect(drop.t - t[0]!).toBe(63000);
    expect(listener(r).synQueue).toEqual({ len: 0, young: 0 });
  });
});

describe("connect-refused / connect-timeout", () => {
  test("SYN to a closed port: RST, connect() fails ECONNREFUSED", () => {
    const r = runBuiltin("connect-refused");
    expect(r.syscalls.find((s) => s.call.startsWith("connect"))).toMatchObject({
      ret: -1,
      errno: "ECONNREFUSED",
    });
    expect(counter(r, "client", "TcpAttemptFails")).toBe(1);
  });
  test("all SYNs lost: sent at 0, 1, 3, 7, 15, 31, 63 s, ETIMEDOUT at 127 s (tcp_timer.c:151 retransmits_timed_out)", () => {
    const r = runBuiltin("connect-timeout");
    const t = sendTimes(r, "client", "SYN");
    expect(t.map((x) => x - t[0]!)).toEqual([0, 1000, 3000, 7000, 15000, 31000, 63000]);
    const c = r.syscalls.find((s) => s.call.startsWith("connect"))!;
    expect(c).toMatchObject({ ret: -1, errno: "ETIMEDOUT" });
    expect(c.t - t[0]!).toBe(127000);
  });
});

describe("syn-flood", () => {
  test("tcp_syncookies = 1: cookies keep the listener answering and the real client completes", () => {
    const r = runBuiltin("syn-flood");
    expect(listener(r).synQueue.len).toBe(64);
    expect(counter(r, "server", "TcpExtTCPReqQFullDoCookies")).toBeGreaterThan(900);
    expect(counter(r, "server", "TcpExtSyncookiesSent")).toBe(
      counter(r, "server", "TcpExtTCPReqQFullDoCookies"),
    );
    expect(counter(r, "server", "TcpExtSyncookiesRecv")).toBe(1);
    expect(states(r, "client", "client")).toEqual(["TCP_ESTABLISHED"]);
    expect(listener(r).acceptQueue.len).toBe(1);
    expect(
      r.log.filter((l) => l.message.includes("Possible SYN flooding on port 80. Sending cookies")),
    ).toHaveLength(1);
    expect(r.packets.filter((p) => p.cookie).length).toBe(counter(r, "server", "TcpExtSyncookiesSent"));
  });
  test("tcp_syncookies = 0: SYNs are dropped (TCPReqQFullDrop) and the client stays SYN_SENT", () => {
    const r = runBuiltin("syn-flood", {}, { "net.ipv4.tcp_syncookies": 0 });
    expect(counter(r, "server", "TcpExtTCPReqQFullDrop")).toBeGreaterThan(900);
    expect(counter(r, "server", "TcpExtSyncookiesSent")).toBe(0);
    expect(states(r, "client", "client")).toEqual(["TCP_SYN_SENT"]);
    expect(r.log.some((l) => l.message.includes("Dropping request"))).toBe(true);
  });
  test("tcp_syncookies = 2: every SYN gets a cookie, nothing is queued or logged", () => {
    const r = runBuiltin("syn-flood", {}, { "net.ipv4.tcp_syncookies": 2 });
    expect(listener(r).synQueue.len).toBe(0);
    expect(counter(r, "server", "TcpExtSyncookiesSent")).toBe(1001);
    expect(r.log.filter((l) => l.message.includes("Possible SYN flooding"))).toHaveLength(0);
    expect(states(r, "client", "client")).toEqual(["TCP_ESTABLISHED"]);
  });
});

describe("blocking-accept and epoll-accept", () => {
  test("each completion wakes exactly one blocked accept() (exclusive wait)", () => {
    const r = runBuiltin("blocking-accept");
    const accepts = r.syscalls.filter((s) => s.call.startsWith("accept"));
    expect(accepts.length).toBe(2);
    expect(new Set(accepts.map((a) => a.task)).size).toBe(2);
    for (const ev of calls(r, "sock_def_readable", "server")) {
      const wakes = r.events
        .filter((e) => e.parent === ev.id)
        .flatMap((e) => e.effects.filter((x) => x.kind === "wake"));
      expect(wakes).toHaveLength(1);
    }
  });
  test("every epoll instance watching the listener is notified on each completion", () => {
    const r = runBuiltin("epoll-accept");
    const callbacks = calls(r, "ep_poll_callback", "server");
    expect(new Set(callbacks.map((c) => c.args.split(" ")[0])).size).toBe(2);
    expect(callbacks.length).toBe(2 * 3);
    expect(r.syscalls.filter((s) => s.call.startsWith("accept") && s.ret > 0).length).toBe(3);
  });
  test("edge-triggered: a wakeup that accepts one of several connections is not repeated", () => {
    const level = runBuiltin("epoll-accept", { edge: 0 });
    const edge = runBuiltin("epoll-accept", { edge: 1 });
    const ok = (r: typeof level) => r.syscalls.filter((s) => s.call.startsWith("accept") && s.ret > 0).length;
    expect(ok(level)).toBe(3);
    expect(ok(edge)).toBeLessThan(3);
  });
  test("fs/eventpoll.c:1075–1105 EPOLLEXCLUSIVE: a completion wakes one instance blocked in epoll_wait(), or none", () => {
    const r = runBuiltin("epoll-accept", { exclusive: 1 });
    const wakes = calls(r, "__wake_up_common", "server").map((e) =>
      e.effects.filter((x) => x.kind === "wake").map((x) => (x.kind === "wake" ? x.waiter : "")),
    );
    // The first completion wakes ep2's task, the second passes over ep2 (its task is no longer waiting) to
    // ep3, the third finds neither waiting; without EPOLLEXCLUSIVE each wakes both.
    expect(wakes.slice(0, 3)).toEqual([["epoll server:ep2"], ["epoll server:ep3"], []]);
    const exclusive = calls(r, "ep_poll_callback", "server");
    expect(exclusive.map((e) => e.ret)).toEqual(["1", "0", "1", "0", "0"]);
    expect(r.syscalls.filter((s) => s.call.startsWith("accept") && s.ret > 0).length).toBe(3);
    const plain = runBuiltin("epoll-accept");
    for (const e of calls(plain, "__wake_up_common", "server").slice(0, 3))
      expect(e.effects.filter((x) => x.kind === "wake")).toHaveLength(2);
  });
});

describe("port-exhaustion", () => {
  test("net/ipv4/inet_hashtables.c:622: four ports, the fifth connect() to one destination fails EADDRNOTAVAIL", () => {
    const r = runBuiltin("port-exhaustion");
    const connects = r.syscalls.filter((s) => s.call.startsWith("connect"));
    expect(connects.map((c) => c.errno ?? c.ret)).toEqual([0, 0, 0, 0, "EADDRNOTAVAIL", 0]);
    const clients = r.final.sockets.filter((s) => s.host === "client" && s.role === "client");
    const portsTo80 = clients.filter((s) => s.remote.endsWith(":80")).map((s) => s.local.split(":")[1]);
    expect([...portsTo80].sort()).toEqual(["40000", "40001", "40002", "40003"]);
    expect(clients.map((s) => s.state)).toEqual(Array(5).fill("TCP_ESTABLISHED"));
    // The failed connect() sent nothing: four SYNs to :80 and one to :81.
    expect(sendTimes(r, "client", "SYN")).toHaveLength(5);
    // A port is exhausted per destination: the connect() to :81 shares one of the four (:597, check_established).
    const to81 = clients.find((s) => s.remote.endsWith(":81"))!;
    expect(portsTo80).toContain(to81.local.split(":")[1]);
    expect(calls(r, "__inet_hash_connect").map((e) => e.ret)).toEqual([
      "0",
      "0",
      "0",
      "0",
      "-EADDRNOTAVAIL",
      "0",
    ]);
  });
  test("--set ports=6 clients=8: six connect()s get a port, the last two fail", () => {
    const r = runBuiltin("port-exhaustion", { ports: 6, clients: 8 });
    const connects = r.syscalls.filter((s) => s.call.startsWith("connect"));
    expect(connects.map((c) => c.errno ?? c.ret)).toEqual([
      0,
      0,
      0,
      0,
      0,
      0,
      "EADDRNOTAVAIL",
      "EADDRNOTAVAIL",
      0,
    ]);
    expect(r.localPortRanges.client).toEqual([40000, 40005]);
  });
  test("a range of one parity: set_local_port_range warns (net/ipv4/sysctl_net_ipv4.c:55); a search tries one port fewer", () => {
    const s = loadBuiltin("port-exhaustion");
    const hosts = s.hosts.map((h) =>
      h.name === "client" ? { ...h, localPortRange: [40000, 40002] as const } : h,
    );
    const r = runScenario({ ...s, hosts }, { seed: 7 });
    expect(r.log).toEqual([
      { t: 0, host: "client", message: "ip_local_port_range: prefer different parity for start/end values." },
    ]);
    // Three ports, but `remaining` is rounded down to even (net/ipv4/inet_hashtables.c:570): every search
    // starts at offset 0 and tries 40000 and 40001 only, so the third connect() to :80 fails.
    const connects = r.syscalls.filter((s) => s.call.startsWith("connect"));
    expect(connects.map((c) => c.errno ?? c.ret)).toEqual([
      0,
      0,
      "EADDRNOTAVAIL",
      "EADDRNOTAVAIL",
      "EADDRNOTAVAIL",
      0,
    ]);
    const ports = r.final.sockets.filter((s) => s.role === "client").map((s) => s.local.split(":")[1]);
    expect(ports).not.toContain("40002");
  });
});

describe("reuseport", () => {
  /** Each SYN's listener as reuseport_select_sock chose it, and the one net/core/sock_reuseport.c:232 gives. */
  const choices = (r: ReturnType<typeof runBuiltin>, group: string[]) =>
    calls(r, "reuseport_select_sock").map((e) => {
      const [, hash, n] = /hash=(\d+) num_socks=(\d+)/.exec(e.args)!.map(Number) as [number, number, number];
      return { hash, chosen: e.ret, expected: group[Math.floor((hash * n) / 2 ** 32)] };
    });

  for (const seed of [1, 7, 11]) {
    test(`seed ${seed}: each SYN's listener is socks[reciprocal_scale(hash, 2)]; each accept queue overflows on its own`, () => {
      const r = runScenario(loadBuiltin("reuseport"), { seed });
      const listeners = r.final.listeners.filter((l) => l.port === 80);
      expect(listeners.map((l) => l.id)).toEqual(["server:sk1", "server:sk2"]);
      const picks = choices(r, ["server:sk1", "server:sk2"]);
      expect(picks.length).toBeGreaterThanOrEqual(6);
      for (const p of picks) expect(p.chosen).toBe(p.expected);
      // Six distinct 4-tuples; a listener that got more than backlog + 1 = 3 of them overflowed.
      const perListener = (id: string) =>
        new Set(picks.filter((p) => p.chosen === id).map((p) => p.hash)).size;
      const got = listeners.map((l) => perListener(l.id));
      expect(got[0]! + got[1]!).toBe(6);
      for (const [i, l] of listeners.entries()) expect(l.acceptQueue.len).toBe(Math.min(got[i]!, 3));
      const overflowed = Math.max(...got) > 3;
      expect(counter(r, "server", "TcpExtListenOverflows") > 0).toBe(overflowed);
      expect(states(r, "client", "client").filter((s) => s === "TCP_SYN_SENT")).toHaveLength(
        Math.max(...got) - 3 > 0 ? Math.max(...got) - 3 : 0,
      );
    });
  }
  test("the default seed splits the six 4 : 2, so one listener drops SYNs while the other has room", () => {
    const r = runScenario(loadBuiltin("reuseport"), { seed: 1 });
    expect(r.final.listeners.map((l) => l.acceptQueue.len)).toEqual([2, 3]);
    expect(counter(r, "server", "TcpExtListenOverflows")).toBe(2);
  });
});

describe("reuseport-close", () => {
  for (const seed of [1, 7, 11]) {
    test(`seed ${seed}: the handshakes listener 0 answered are reset once it closes; listener 1's complete`, () => {
      const r = runScenario(loadBuiltin("reuseport-close"), { seed });
      const picked = (id: string) =>
        new Set(
          calls(r, "reuseport_select_sock")
            .filter((e) => e.ret === id && e.t < 50)
            .map((e) => /hash=(\d+)/.exec(e.args)![1]),
        ).size;
      const [closed, open] = [picked("server:sk1"), picked("server:sk2")];
      expect(closed + open).toBe(6);
      // net/ipv4/tcp_ipv4.c:1670–1672: the request's listener is not LISTEN; drop it and look up again.
      const redirected = calls(r, "reuseport_select_sock").filter((e) => e.t > 50);
      expect(redirected.map((e) => e.ret)).toEqual(Array(closed).fill("server:sk2"));
      expect(counter(r, "server", "TcpOutRsts")).toBe(closed);
      expect(counter(r, "client", "TcpEstabResets")).toBe(closed);
      expect(r.final.listeners.map((l) => [l.id, l.acceptQueue.len])).toEqual([["server:sk2", open]]);
      expect(states(r, "client", "client")).toEqual(Array(open).fill("TCP_ESTABLISHED"));
    });
  }
});

describe("listener-restart", () => {
  const outcomes = (r: ReturnType<typeof runBuiltin>, call: string) =>
    r.syscalls.filter((s) => s.call.startsWith(call)).map((s) => s.errno ?? s.ret);
  test("net/ipv4/inet_connection_sock.c:148–154: the accepted children hold port 80, so a new bind() without SO_REUSEADDR fails", () => {
    const r = runBuiltin("listener-restart");
    expect(outcomes(r, "bind")).toEqual([0, "EADDRINUSE"]);
    expect(outcomes(r, "listen")).toEqual([0]);
    // No listener: the fourth SYN gets a RST from tcp_v4_send_reset, the client's connect ECONNREFUSED.
    expect(r.final.listeners).toEqual([]);
    expect(counter(r, "server", "TcpOutRsts")).toBe(1);
    expect(states(r, "server", "child")).toEqual(Array(3).fill("TCP_ESTABLISHED"));
    // The new socket took the lowest free descriptor, the closed listener's 3 (fs/file.c: __alloc_fd).
    expect(
      r.syscalls.filter((s) => s.call.startsWith("socket") && s.host === "server").map((s) => s.ret),
    ).toEqual([3, 3]);
  });
  test("with SO_REUSEADDR on both, bind() shares the port with the children and the new listener takes the fourth connection", () => {
    const r = runBuiltin("listener-restart", { reuseaddr: 1 });
    expect(outcomes(r, "bind")).toEqual([0, 0]);
    expect(outcomes(r, "listen")).toEqual([0, 0]);
    expect(r.final.listeners.map((l) => l.acceptQueue.len)).toEqual([1]);
    expect(counter(r, "server", "TcpOutRsts")).toBe(0);
    expect(states(r, "server", "child")).toEqual(Array(4).fill("TCP_ESTABLISHED"));
  });
});

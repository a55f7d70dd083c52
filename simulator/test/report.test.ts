import { describe, expect, it } from "vitest";
import { formatNstat } from "../src/report/nstatTable.js";
import { runJson } from "../src/report/runJson.js";
import { formatSs, ssState } from "../src/report/ssTable.js";
import { formatEffect, formatTrace, selectEvents } from "../src/report/traceText.js";
import { handshakeFixture } from "./fixtures/runResult.js";

describe("traceText", () => {
  it("renders one indented line per event with effects and return values", () => {
    const text = formatTrace(handshakeFixture(), { syscalls: false });
    expect(text).toBe(
      [
        "time(ms) host   | function",
        "  11.000 server | tcp_v4_rcv() skb=SYN 10.0.0.2:40000→10.0.0.1:80",
        "  11.000 server |   tcp_conn_request() sk=server:sk1 LISTEN  ⇒ qlen 0→1 young 0→1 /4, timer rsk_timer armed @1011",
        "  11.000 server |     tcp_v4_send_synack() req=server:req2 = 0  ⇒ send SYN-ACK #1",
        "  12.000 client | tcp_finish_connect() sk=client:sk1  ⇒ client:sk1 SYN_SENT→ESTABLISHED, wake connect task t1",
        "  13.500 server | tcp_v4_syn_recv_sock() sk=server:sk1 = NULL  ⇒ acceptq 4→5 /4, +TcpExtListenOverflows 3→4, " +
          'acked 0→1, client:sk1 sk_err=ECONNRESET, drop (accept queue full), log "Possible SYN flooding on port 80. ' +
          'Sending cookies.", timer rsk_timer cancelled',
        "",
        "Kernel log",
        "  [13.500] server: TCP: request_sock_TCP: Possible SYN flooding on port 80. Sending cookies.",
        "",
      ].join("\n"),
    );
  });

  it("effects: counters going down and state to freed", () => {
    expect(formatEffect({ kind: "counter", name: "TcpCurrEstab", value: [2, 1] })).toBe("-TcpCurrEstab 2→1");
    expect(formatEffect({ kind: "state", sock: "s:req1", from: "TCP_NEW_SYN_RECV", to: "freed" })).toBe(
      "s:req1 NEW_SYN_RECV→freed",
    );
    expect(
      formatEffect({ kind: "timer", sock: "s", timer: "retransmit", action: "armed", expires: 1000.5 }),
    ).toBe("timer retransmit armed @1000.500");
  });

  it("filters by host and by function (with callees, re-indented), and caps lines", () => {
    const r = handshakeFixture();
    expect(selectEvents(r.events, { hosts: ["client"] }).map((e) => e.id)).toEqual([3]);
    expect(selectEvents(r.events, { functions: ["tcp_conn_request"] }).map((e) => e.id)).toEqual([1, 2]);
    expect(selectEvents(r.events, { functions: ["tcp_v4_*"] }).map((e) => e.id)).toEqual([0, 1, 2, 4]);
    const lines = formatTrace(r, { functions: ["tcp_conn_request"], syscalls: false }).split("\n");
    expect(lines[1]).toMatch(/\| tcp_conn_request\(\)/);
    expect(lines[2]).toMatch(/\| {3}tcp_v4_send_synack\(\)/);
    const capped = formatTrace(r, { maxLines: 2, syscalls: false }).split("\n");
    expect(capped.slice(0, 4)).toEqual([
      "time(ms) host   | function",
      "  11.000 server | tcp_v4_rcv() skb=SYN 10.0.0.2:40000→10.0.0.1:80",
      "  11.000 server |   tcp_conn_request() sk=server:sk1 LISTEN  ⇒ qlen 0→1 young 0→1 /4, timer rsk_timer armed @1011",
      "… 3 more trace lines not shown",
    ]);
    expect(formatTrace(r, { hosts: ["nobody"], syscalls: false })).toMatch(
      /^time.*\n\(no trace events match the filter\)\n/,
    );
  });

  it("lists packets and system calls", () => {
    const text = formatTrace(handshakeFixture(), { hosts: ["nobody"], packets: true });
    expect(text).toContain(
      [
        "Packets (2)",
        "  #  sent    arrived  from→to        segment                               seq  ack  len  fate       notes",
        "  0  10.000  11.000   client→server  SYN 10.0.0.2:40000 > 10.0.0.1:80      100  -    0    delivered  by tcp_connect",
        "  1  11.000  -        server→client  SYN-ACK 10.0.0.1:80 > 10.0.0.2:40000  7    101  0    dropped    cookie, rule 0",
      ].join("\n"),
    );
    expect(text).toContain(
      [
        "System calls (2)",
        "  returned  host    task  call                                       blocked",
        "  0.000     server  t1    listen(3, 4) = 0",
        "  12.000    client  t1    connect(3, 10.0.0.1:80) = -1 ECONNREFUSED  since 10.000",
      ].join("\n"),
    );
  });
});

describe("ssTable", () => {
  it("prints ss -tan per host; listeners show accept queue / backlog", () => {
    expect(formatSs(handshakeFixture())).toBe(
      [
        "server$ ss -tan",
        "State     Recv-Q  Send-Q  Local Address:Port  Peer Address:Port  Details",
        "LISTEN    5       4       10.0.0.1:80         0.0.0.0:*          server:sk1 listener synq qlen=1 young=0",
        "SYN-RECV  0       0       10.0.0.1:80         10.0.0.2:40001     server:req3 request num_timeout=2 acked",
        "ESTAB     0       0       10.0.0.1:80         10.0.0.2:40000     server:sk4 child in accept queue",
        "",
        "client$ ss -tan",
        "State     Recv-Q  Send-Q  Local Address:Port  Peer Address:Port  Details",
        "SYN-SENT  0       0       10.0.0.2:40002      10.0.0.1:80        client:sk3 client",
        "",
      ].join("\n"),
    );
    expect(ssState("TCP_CLOSE")).toBe("CLOSE");
    expect(ssState("TCP_FIN_WAIT1")).toBe("FIN-WAIT-1");
  });
});

describe("nstatTable", () => {
  it("prints non-zero counters per host, Tcp before TcpExt", () => {
    const r = handshakeFixture();
    r.final.counters.client = {};
    expect(formatNstat(r)).toBe(
      [
        "server$ nstat -a",
        "#kernel",
        "TcpPassiveOpens                 5               0.0",
        "TcpExtListenOverflows           4               0.0",
        "TcpExtListenDrops               4               0.0",
        "",
        "client$ nstat -a",
        "#kernel",
        "(all counters zero)",
        "",
      ].join("\n"),
    );
  });
});

describe("runJson", () => {
  it("is the RunResult as JSON", () => {
    const r = handshakeFixture();
    const doc = JSON.parse(runJson(r)) as typeof r;
    expect(doc).toEqual(r);
    expect(doc.kernel).toBe("4.11");
    expect(runJson(r, 2)).toContain('\n  "kernel": "4.11"');
  });
});

// Every script under test/packetdrill runs through the library (runPacketdrill) and must pass; the
// deliberately wrong ones under failing/ must fail at the right line with the right message. A few go
// through the real CLI bin (built by `npm ci`) to check exit codes and the `file:LINE: error:` format.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runPacketdrill } from "../../simulator/src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const bin = join(root, "simulator", "bin", "kernel-lens.js");
const scripts = readdirSync(here).filter((f) => f.endsWith(".pkt"));

function run(file: string, sets: { key: string; value: number }[] = []) {
  return runPacketdrill(readFileSync(join(here, file), "utf8"), file.split("/").pop()!, { sets });
}

function cli(...args: string[]): { code: number; out: string; err: string } {
  try {
    const out = execFileSync(process.execPath, [bin, "packetdrill", ...args], {
      encoding: "utf8",
      stdio: "pipe",
    });
    return { code: 0, out, err: "" };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: x.stdout, err: x.stderr };
  }
}

describe("packetdrill scripts against the v4.11 model", () => {
  it("has the suite the issue asks for", () => {
    expect(scripts.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of scripts) {
    it(`${file} passes and names the v4.11 function that decides it`, () => {
      const text = readFileSync(join(here, file), "utf8");
      expect(text).toMatch(/(net|fs)\/[a-z0-9_/]+\.c: [a-z_0-9]+/);
      const r = runPacketdrill(text, file);
      expect(r.outcome).toEqual({ kind: "pass" });
      // The run is a normal RunResult and every script line with an action has its trace events.
      expect(r.run.kernel).toBe("4.11");
      expect(r.run.events.length).toBeGreaterThan(0);
      for (const { events } of r.lines) for (const id of events) expect(r.run.events[id]).toBeDefined();
    });
  }

  it("attributes the kernel functions to the lines that caused or observed them", () => {
    const r = run("passive-handshake.pkt");
    const fns = (line: number) =>
      r.lines.find((l) => l.line === line)!.events.map((id) => r.run.events[id]!.fn);
    expect(fns(11)).toContain("tcp_conn_request"); // the inbound SYN
    expect(fns(12)).toContain("tcp_v4_send_synack"); // the outbound SYN-ACK it observed
    expect(fns(13)).toContain("tcp_check_req"); // the final ACK
    expect(fns(14)).toContain("inet_csk_accept");
  });

  it("reports the first mismatch at its line", () => {
    expect(run("failing/wrong-synack-time.pkt").outcome).toEqual({
      kind: "mismatch",
      line: 8,
      message: "expected outbound SYN-ACK at 2.000 s, saw it at 1.000 s",
    });
    expect(run("failing/wrong-accept.pkt").outcome).toEqual({
      kind: "mismatch",
      line: 11,
      message: "accept returned 4, expected -1 EAGAIN",
    });
    expect(run("failing/missing-rst.pkt").outcome).toEqual({
      kind: "mismatch",
      line: 8,
      message: "expected outbound RST at 0.100 s, saw none",
    });
  });

  it("checks the windows v4.11 fixes (SYN-ACK 29200, 28960 with timestamps)", () => {
    const base = readFileSync(join(here, "passive-handshake.pkt"), "utf8");
    const ts = base.replace(
      "<mss 1000,sackOK,nop,nop,nop,wscale 7>",
      "<mss 1000,sackOK,TS val 1 ecr 0,nop,wscale 7>",
    );
    const r = runPacketdrill(ts, "ts.pkt");
    expect(r.outcome).toMatchObject({ kind: "mismatch", line: 12 });
    expect((r.outcome as { message: string }).message).toContain(
      "window differs (expected 29200, saw 28960)",
    );
  });

  it("applies sysctls from --set and from sysctl commands, and warns about other commands", () => {
    const r = run("syn-retransmit.pkt", [{ key: "net.ipv4.tcp_syn_retries", value: 3 }]);
    expect(r.outcome).toEqual({
      kind: "mismatch",
      line: 5,
      message: "expected connect to return at 127.000 s, it returned at 15.000 s",
    });
    const off = runPacketdrill(
      readFileSync(join(here, "syncookie.pkt"), "utf8").replace("tcp_syncookies=1", "tcp_syncookies=0"),
      "nocookie.pkt",
    );
    // Without cookies the SYN is dropped (TCPReqQFullDrop): no SYN-ACK at all.
    expect(off.outcome).toMatchObject({
      kind: "mismatch",
      message: "expected outbound SYN-ACK at 0.100 s, saw none",
    });
    expect(run("failing/not-modelled.pkt").warnings).toEqual([
      "not-modelled.pkt:9: warning: `echo hello` ignored (shell commands are never executed)",
    ]);
  });

  it("writes ip_local_port_range from a sysctl command or --set, checked as ipv4_local_port_range does", () => {
    const script = (range: string) =>
      readFileSync(join(here, "active-handshake.pkt"), "utf8").replace(
        "0     socket(",
        `\`sysctl -q net.ipv4.ip_local_port_range=${range}\`\n0     socket(`,
      );
    const sport = (r: ReturnType<typeof runPacketdrill>) =>
      r.run.events.flatMap((e) => e.effects).find((x) => x.kind === "field" && x.field === "inet_sport");
    const quoted = runPacketdrill(script('"40000 40001"'), "range.pkt");
    expect(quoted.outcome).toEqual({ kind: "pass" });
    expect(quoted.run.localPortRanges).toEqual({ local: [40000, 40001] });
    expect(sport(quoted)).toMatchObject({ value: [0, 40000] });
    // --set applies before the script's first line; the script's own write then replaces it.
    const set = runPacketdrill(script('"40000 40001"').replace(/^`.*`\n/m, ""), "range.pkt", {
      sets: [{ key: "net.ipv4.ip_local_port_range", value: "45000 45001" }],
    });
    expect(sport(set)).toMatchObject({ value: [0, 45000] });
    expect(runPacketdrill(script('"40001 40000"'), "range.pkt").outcome).toMatchObject({
      kind: "error",
      line: 6,
      message: expect.stringMatching(
        /^sysctl net\.ipv4\.ip_local_port_range="40001 40000": expected two ports/,
      ),
    });
  });

  it("rejects syntax errors and unmodelled features with the line (and column)", () => {
    expect(run("failing/syntax-error.pkt").outcome).toEqual({
      kind: "error",
      line: 5,
      column: 16,
      message: 'syntax error: expected "(" in start:end(length), got "ack"',
    });
    expect(run("failing/not-modelled.pkt").outcome).toEqual({
      kind: "error",
      line: 10,
      column: 7,
      message: "not modelled: write() (data transfer beyond the handshake)",
    });
    const sack = runPacketdrill("0 < . 1:1(0) ack 1 win 257 <sack 5:10,nop,nop>\n", "sack.pkt");
    expect(sack.outcome).toMatchObject({
      kind: "error",
      line: 1,
      message: "not modelled: SACK blocks (SACK recovery)",
    });
    const v6 = runPacketdrill("--ip_version=ipv6\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n", "v6.pkt");
    expect(v6.outcome).toMatchObject({ kind: "error", line: 1 });
    const opt = runPacketdrill(
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 setsockopt(3, IPPROTO_TCP, TCP_NODELAY, [1], 4) = 0\n",
      "o.pkt",
    );
    expect(opt.outcome).toMatchObject({
      kind: "error",
      line: 2,
      message: "not modelled: setsockopt IPPROTO_TCP TCP_NODELAY",
    });
  });

  it("never hangs: a call that blocks forever is a mismatch, not a stuck run", () => {
    const r = runPacketdrill(
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n+0 listen(3, 1) = 0\n+0 accept(3, ..., ...) = 4\n",
      "hang.pkt",
    );
    expect(r.outcome).toMatchObject({ kind: "mismatch", line: 4 });
  });
});

describe("kernel-lens packetdrill (the built CLI)", () => {
  it("exits 0 on a pass", () => {
    const r = cli(join(here, "passive-handshake.pkt"));
    expect(r.code).toBe(0);
    expect(r.out).toBe("passive-handshake.pkt: pass\n");
  });

  it("exits 1 with script.pkt:LINE: error: on a mismatch", () => {
    const r = cli(join(here, "failing", "wrong-accept.pkt"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("wrong-accept.pkt:11: error: accept returned 4, expected -1 EAGAIN\n");
  });

  it("exits 2 on a syntax error (file:line:column) and on an unmodelled feature", () => {
    const s = cli(join(here, "failing", "syntax-error.pkt"));
    expect(s.code).toBe(2);
    expect(s.err).toContain("syntax-error.pkt:5:16: error: syntax error:");
    const n = cli(join(here, "failing", "not-modelled.pkt"));
    expect(n.code).toBe(2);
    expect(n.err).toContain("not-modelled.pkt:10:7: error: not modelled: write()");
  });

  it("--json prints the result with the run's events and per-line event ids", () => {
    const r = cli(join(here, "synrecv-bad-ack.pkt"), "--json");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as ReturnType<typeof runPacketdrill>;
    expect(doc.outcome).toEqual({ kind: "pass" });
    expect(doc.run.events[0]).toMatchObject({ t: 0, host: "local", fn: "sys_socket", depth: 0 });
    const rst = doc.lines.find((l) => l.line === 10)!;
    expect(rst.events.map((id) => doc.run.events[id]!.fn)).toContain("tcp_v4_send_reset");
  });
});

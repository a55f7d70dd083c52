// The language server's commands through the real `kernel-lens` bin, on ../shared/linux-4.11: the hover
// an editor would show, the index summary, and the demo's hovers. One cache folder for the file, so only
// the first command indexes cold; it runs on a terminal (util-linux `script` gives it a pty), where the
// CLI draws its progress line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const kernelRoot = path.resolve(repo, "../shared/linux-4.11");
const cache = mkdtempSync(path.join(os.tmpdir(), "kernel-lens-cli-cache-"));

function kernelLens(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repo, "simulator/bin/kernel-lens.js"), ...args], {
    encoding: "utf8",
    env: { ...process.env, XDG_CACHE_HOME: cache },
    timeout: 240_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command on a pseudo-terminal: what it wrote to stdout and stderr, as a terminal received it. */
function kernelLensOnTerminal(...args: string[]) {
  const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;
  const command = [process.execPath, path.join(repo, "simulator/bin/kernel-lens.js"), ...args]
    .map(quote)
    .join(" ");
  const r = spawnSync("script", ["--quiet", "--flush", "--return", "--command", command, "/dev/null"], {
    encoding: "utf8",
    env: { ...process.env, XDG_CACHE_HOME: cache },
    timeout: 240_000,
  });
  // A pty ends lines with CRLF; the progress line's "return, erase line" is shown as <clear>.
  const terminal = r.stdout.replaceAll("\r\n", "\n").replaceAll("\r\x1b[K", "<clear>");
  return { status: r.status, terminal, error: r.stderr };
}

/** Checks the progress line (counts rising to total/total, 100 %, then cleared) and returns what follows. */
function afterProgress(terminal: string): string {
  const drawn = [...terminal.matchAll(/<clear>indexing (\d+)\/(\d+) files \((\d+) %\)/g)];
  expect(drawn.length, terminal.slice(0, 2000)).toBeGreaterThan(1);
  const done = drawn.map((m) => Number(m[1]));
  expect(done).toEqual([...done].sort((a, b) => a - b));
  const last = drawn.at(-1)!;
  expect(last.slice(1)).toEqual([last[2], last[2], "100"]);
  expect(Number(last[2])).toBeGreaterThan(5000);
  const end = last.index + last[0].length;
  expect(terminal.slice(end, end + "<clear>".length)).toBe("<clear>");
  const after = terminal.slice(end + "<clear>".length);
  expect(after).not.toContain("<clear>");
  return after;
}

afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe.skipIf(!existsSync(kernelRoot))("kernel-lens hover / index / demo --kernel", () => {
  test("hover on a terminal, cold: a progress line while it indexes, cleared before the hover", () => {
    const r = kernelLensOnTerminal("hover", kernelRoot, "net/ipv4/tcp_input.c:6277:6");
    expect(r.status, r.terminal + r.error).toBe(0);
    const after = afterProgress(r.terminal);
    expect(after).toMatch(/^```c\nint tcp_conn_request\(struct request_sock_ops \*rsk_ops/);
    expect(after).toContain("**In the run `handshake` (seed 1):** 1 call on server");
  }, 240_000);

  test("index --no-cache on a terminal: the same line, then the summary from column 0", () => {
    const r = kernelLensOnTerminal("index", kernelRoot, "--no-cache");
    expect(r.status, r.terminal + r.error).toBe(0);
    const after = afterProgress(r.terminal);
    expect(after).toMatch(
      /^\S+linux-4\.11 \(Linux 4\.11\)\n {2}files {10}\d+ \(\d+ parsed, 0 from the cache\)/,
    );
  }, 240_000);

  test("index prints files, functions, ops-table edges, errors and timing; piped, no progress line", () => {
    const r = kernelLens("index", kernelRoot, "--json");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const summary = JSON.parse(r.stdout) as Record<string, number | unknown[]>;
    expect(summary).toMatchObject({ kernelVersion: "4.11", errors: [] });
    expect(summary.files).toBeGreaterThan(5000);
    expect(summary.functions).toBeGreaterThan(40_000);
    expect(summary.opsEdges).toBeGreaterThan(10_000);
    expect(summary.typedefs).toBeGreaterThan(1_000);
    expect(summary.milliseconds).toEqual(expect.any(Number));
  }, 240_000);

  test("hover at the definition of tcp_conn_request, run with another scenario and parameters", () => {
    const r = kernelLens(
      "hover",
      kernelRoot,
      "net/ipv4/tcp_input.c:6277:6",
      "--scenario",
      "backlog-overflow",
      "--set",
      "backlog=2",
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("int tcp_conn_request(struct request_sock_ops *rsk_ops");
    expect(r.stdout).toMatch(/In the run `backlog-overflow` \(seed 1\):\*\* \d+ calls on server/);
    expect(r.stdout).toMatch(/accept queue of server:sk\d+ \(sk_ack_backlog, holds 3\) \| 3 \| 3 \|/);
    expect(r.stdout).toContain("+TcpExtListenOverflows");
    // The editor's command links become the commands that do the same in a terminal, and they do.
    expect(r.stdout).not.toContain("command:kernelLens");
    const runToHere = "kernel-lens run backlog-overflow --set backlog=2 --stop-at tcp_conn_request";
    expect(r.stdout).toContain(`Run to here: \`${runToHere}\``);
    expect(r.stdout).toContain(
      "tcp_conn_request's calls in the trace: `kernel-lens run backlog-overflow --set backlog=2 --fn tcp_conn_request`",
    );
    const stopped = kernelLens(...runToHere.split(" ").slice(1));
    expect(stopped.status, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain("stop condition met (the first call of tcp_conn_request())");
  }, 240_000);

  test("bad arguments: one clear line and status 2", () => {
    const outside = kernelLens("hover", kernelRoot, "net/ipv4/tcp_input.c:999999:1");
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(
      /^kernel-lens hover: net\/ipv4\/tcp_input.c has \d+ lines; line 999999 is outside it\n$/,
    );
    const noTree = kernelLens("index", os.tmpdir());
    expect(noTree.status).toBe(2);
    expect(noTree.stderr).toMatch(/is not a kernel tree/);
    const badScenario = kernelLens("hover", kernelRoot, "net/ipv4/tcp_input.c:6277:6", "--scenario", "nope");
    expect(badScenario.status).toBe(2);
    expect(badScenario.stderr).toMatch(/nope/);
    // The port range takes "LOW HIGH", checked as the simulator's CLI checks it, before any indexing.
    const badRange = kernelLens(
      "hover",
      kernelRoot,
      "net/ipv4/tcp_input.c:6277:6",
      "--set",
      "net.ipv4.ip_local_port_range=40009 40000",
    );
    expect(badRange.status).toBe(2);
    expect(badRange.stderr).toBe(
      'kernel-lens hover: --set net.ipv4.ip_local_port_range: expected two ports "LOW HIGH" with 1024 <= LOW <= HIGH <= 65535, as v4.11\'s ipv4_local_port_range takes them, got "40009 40000"\n',
    );
  }, 240_000);

  test("demo --kernel goes on from the trace to the hovers of the handshake's key functions", () => {
    const r = kernelLens("demo", "--kernel", kernelRoot);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("Kernel Lens demo: the TCP three-way handshake");
    for (const fn of [
      "tcp_conn_request",
      "tcp_check_req",
      "inet_csk_complete_hashdance",
      "inet_csk_accept",
    ]) {
      expect(r.stdout).toMatch(new RegExp(`== hover on ${fn} at net/ipv4/\\S+\\.c:\\d+:\\d+`));
    }
    expect(r.stdout).toMatch(
      /SYN queue of server:sk\d+ \(qlen \/ young, full at qlen ≥ 128\) \| 1 \/ 1 \| 0 \/ 0 \|/,
    );
  }, 240_000);
});

// The CLI's hover: the editor's command links rewritten as the `kernel-lens run` commands that do the same.
import { describe, expect, test } from "vitest";
import { terminalLinks } from "../src/cli/terminalLinks.js";
import { commandUri } from "../src/link/functionHover.js";
import { ClientCommands } from "../src/protocol.js";

const runToHere = (...args: string[]) => commandUri(ClientCommands.runToHere, args);
const showEvent = (id: number, fn: string) => commandUri(ClientCommands.showEvent, [id, fn]);

describe("terminalLinks", () => {
  const hoverEnd =
    `[Run to here](${runToHere("inet_csk_reqsk_queue_is_full")}) · ` +
    `[Run to first \`1\`](${runToHere("inet_csk_reqsk_queue_is_full", "1")}) · ` +
    `[Show in run view](${showEvent(42, "inet_csk_reqsk_queue_is_full")})`;

  test("a line of links becomes one command per line, with the run's scenario, sets and seed", () => {
    const shown = terminalLinks(`**Call 3 of 3**\n\n${hoverEnd}`, {
      scenario: "syn-flood",
      sets: { syns: 200, "server:net.ipv4.tcp_syncookies": 0 },
      seed: 7,
    });
    const run = "kernel-lens run syn-flood --set syns=200 --set server:net.ipv4.tcp_syncookies=0 --seed 7";
    expect(shown.split("\n")).toEqual([
      "**Call 3 of 3**",
      "",
      `Run to here: \`${run} --stop-at inet_csk_reqsk_queue_is_full\`  `,
      `Run to first \`1\`: \`${run} --stop-at inet_csk_reqsk_queue_is_full=1\`  `,
      `inet_csk_reqsk_queue_is_full's calls in the trace: \`${run} --fn inet_csk_reqsk_queue_is_full\``,
    ]);
  });

  test("a link inside a line stays in it; a scenario file with a space is quoted for the shell", () => {
    const line = `- \`tcp_conn_request\`: 3 calls · [Show in run view](${showEvent(5, "tcp_conn_request")})`;
    expect(terminalLinks(line, { scenario: "scenarios/my run's.kls.yaml", sets: {} })).toBe(
      "- `tcp_conn_request`: 3 calls · tcp_conn_request's calls in the trace: " +
        "`kernel-lens run 'scenarios/my run'\\''s.kls.yaml' --fn tcp_conn_request`",
    );
  });

  test("the port range's two words stay one shell word", () => {
    const line = `[Show in run view](${showEvent(5, "__inet_hash_connect")})`;
    expect(
      terminalLinks(line, {
        scenario: "port-exhaustion",
        sets: { "client:net.ipv4.ip_local_port_range": "40000 40009" },
      }),
    ).toBe(
      "__inet_hash_connect's calls in the trace: " +
        "`kernel-lens run port-exhaustion --set 'client:net.ipv4.ip_local_port_range=40000 40009' --fn __inet_hash_connect`",
    );
  });

  test("what the CLI cannot run is left as written", () => {
    const other = "[source](file:///x.c) and [Set](command:kernelLens.setSysctl?%5B%5D)";
    expect(terminalLinks(other, { scenario: "handshake", sets: {} })).toBe(other);
    const broken = "[Run to here](command:kernelLens.runToHere?%E0%A4%A)";
    expect(terminalLinks(broken, { scenario: "handshake", sets: {} })).toBe(broken);
    // A packetdrill script is run by `kernel-lens packetdrill`, which has no stop.
    expect(terminalLinks(hoverEnd, { scenario: "/t/accept.pkt", sets: {} })).toBe(hoverEnd);
  });
});

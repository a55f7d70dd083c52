// The default congestion control, read as the tree states it: net/ipv4/Kconfig (config DEFAULT_TCP_CONG),
// or a configured tree's .config; calls through icsk->icsk_ca_ops rank that algorithm's functions first.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import type { Hover, Location } from "vscode-languageserver-protocol";
import {
  configuredValue,
  kconfigDefault,
  readDefaultCongestionControl,
} from "../src/defaultCongestionControl.js";
import { kernelRoot, positionOf, startServer, type TestServer } from "./lspClient.js";

const temporary = mkdtempSync(path.join(os.tmpdir(), "kernel-lens-cong-"));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

/** A tree whose net/ and include/ are the corpus's, with a .config of its own (the corpus is never written). */
function configuredTree(name: string, config?: string): string {
  const root = path.join(temporary, name);
  mkdirSync(root);
  for (const entry of ["Makefile", "net", "include"])
    symlinkSync(path.join(kernelRoot, entry), path.join(root, entry));
  if (config !== undefined) writeFileSync(path.join(root, ".config"), config);
  return root;
}

describe("reading the default", () => {
  test("v4.11's net/ipv4/Kconfig: the unconditional default of DEFAULT_TCP_CONG is cubic", () => {
    const kconfig = readFileSync(path.join(kernelRoot, "net/ipv4/Kconfig"), "utf8");
    const found = kconfigDefault(kconfig);
    expect(found?.name).toBe("cubic");
    expect(kconfig.split("\n")[found!.line - 1]!.trim()).toBe('default "cubic"');
    expect(readDefaultCongestionControl(kernelRoot)).toEqual({
      structType: "tcp_congestion_ops",
      name: "cubic",
      source: `net/ipv4/Kconfig:${found!.line}`,
      setting: "CONFIG_DEFAULT_TCP_CONG",
    });
  });

  test("a .config's CONFIG_DEFAULT_TCP_CONG wins; without the setting, Kconfig decides", () => {
    expect(configuredValue('# comment\nCONFIG_TCP_CONG_BBR=y\nCONFIG_DEFAULT_TCP_CONG="bbr"\n')).toEqual({
      name: "bbr",
      line: 3,
    });
    expect(configuredValue("CONFIG_DEFAULT_TCP_CONG=\n")).toBeUndefined();
    const withBbr = configuredTree("bbr", 'CONFIG_DEFAULT_TCP_CONG="bbr"\n');
    expect(readDefaultCongestionControl(withBbr)).toMatchObject({ name: "bbr", source: ".config:1" });
    const without = configuredTree("unset", "CONFIG_NET=y\n");
    expect(readDefaultCongestionControl(without)?.name).toBe("cubic");
  });

  test("a tree without net/ipv4/Kconfig or the config entry has no default", () => {
    expect(readDefaultCongestionControl(path.join(temporary, "missing"))).toBeUndefined();
    expect(kconfigDefault("config TCP_CONG_CUBIC\n\ttristate\n\tdefault y\n")).toBeUndefined();
    // Conditional defaults alone do not say what an unconfigured tree builds.
    expect(
      kconfigDefault('config DEFAULT_TCP_CONG\n\tstring\n\tdefault "bic" if DEFAULT_BIC\n'),
    ).toBeUndefined();
  });
});

describe("over stdio: a call through icsk_ca_ops", () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });
  const file = "net/ipv4/tcp_input.c";
  const congAvoid = positionOf(file, "cong_avoid(sk, ack, acked)", { after: "static void tcp_cong_avoid(" });

  async function serverOn(root: string) {
    const server = await startServer({ include: ["net/ipv4/", "include/net/"] }, root);
    servers.push(server);
    await server.indexed;
    return server;
  }

  async function implementations(server: TestServer, root: string) {
    const params = { textDocument: { uri: pathToFileURL(path.join(root, file)).href }, position: congAvoid };
    const locations = await server.connection.sendRequest<Location[]>("textDocument/implementation", params);
    const hover = await server.connection.sendRequest<Hover>("textDocument/hover", params);
    const lineOf = (l: Location) => readFileSync(new URL(l.uri), "utf8").split("\n")[l.range.start.line]!;
    return { first: lineOf(locations[0]!), hover: (hover.contents as { value: string }).value };
  }

  test('a configured tree with CONFIG_DEFAULT_TCP_CONG="reno" reaches tcp_reno_cong_avoid first, and cubic once its .config changes', async () => {
    const root = configuredTree("reno", 'CONFIG_TCP_CONG_ADVANCED=y\nCONFIG_DEFAULT_TCP_CONG="reno"\n');
    const server = await serverOn(root);
    const { first, hover } = await implementations(server, root);
    expect(first).toMatch(/^void tcp_reno_cong_avoid\(/);
    expect(hover).toMatch(
      /^- `tcp_reno_cong_avoid` via tcp_reno\.cong_avoid — net\/ipv4\/tcp_cong\.c:\d+ — the default: CONFIG_DEFAULT_TCP_CONG "reno" \(\.config:2\)$/m,
    );
    expect(hover).not.toContain(
      "bictcp_cong_avoid` via cubictcp.cong_avoid — net/ipv4/tcp_cubic.c:336 — the default",
    );

    // The .config changes while the server runs (a new build configured): its watched-file event is
    // enough, no re-index.
    writeFileSync(
      path.join(root, ".config"),
      'CONFIG_TCP_CONG_ADVANCED=y\nCONFIG_DEFAULT_TCP_CONG="cubic"\n',
    );
    await server.connection.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: pathToFileURL(path.join(root, ".config")).href, type: 2 }],
    });
    const changed = await implementations(server, root);
    expect(changed.first).toMatch(/^static void bictcp_cong_avoid\(/);
    expect(changed.hover).toMatch(
      /^- `bictcp_cong_avoid` via cubictcp\.cong_avoid — net\/ipv4\/tcp_cubic\.c:336 — the default: CONFIG_DEFAULT_TCP_CONG "cubic" \(\.config:2\)$/m,
    );
    expect(changed.hover).not.toContain('— the default: CONFIG_DEFAULT_TCP_CONG "reno"');
  }, 120_000);
});

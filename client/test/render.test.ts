// The run view's pure rendering and the page around it, without a browser.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { listenersAt, loadBuiltin, runScenario, type RunResult } from "@kernel-lens/simulator";
import {
  clampSelection,
  escapeHtml,
  kernelDrops,
  renderEventList,
  renderGauges,
  renderRunView,
  renderSequenceDiagram,
  renderSocketTable,
  segmentName,
} from "../src/runView/render.js";
import { contentSecurityPolicy, makeNonce, runViewPage } from "../src/runView/page.js";

const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const backlog = runScenario(loadBuiltin("backlog-overflow"));
const last = backlog.events.length - 1;

describe("render", () => {
  it("gauges: accept queue against backlog + 1, SYN queue against backlog, at any event", () => {
    expect(renderGauges(backlog, last)).toContain('data-testid="acceptq-value">5/5<');
    expect(renderGauges(backlog, last)).toContain('data-testid="synq-value">0/4<');
    expect(renderGauges(backlog, last)).toMatch(/class="gauge full" data-gauge="acceptq"/);
    expect(renderGauges(backlog, 0)).toContain("No listening socket");
    // Each step agrees with the simulator's own replay of the queue effects.
    for (let i = 0; i <= last; i += 7) {
      const l = [...listenersAt(backlog, i + 1).values()][0];
      if (l) expect(renderGauges(backlog, i)).toContain(`>${l.ackBacklog}/${l.max + 1}<`);
    }
  });

  it("the SYN queue gauge shows the requests waiting for their final ACK", () => {
    const lost = runScenario(loadBuiltin("lost-final-ack"));
    const i = lost.events.findIndex((e) => e.effects.some((x) => x.kind === "synq" && x.qlen[1] === 1));
    expect(i).toBeGreaterThan(0);
    expect(renderGauges(lost, i)).toMatch(/data-testid="synq-value">1\/\d+</);
  });

  it("sequence diagram: every segment, retransmits and kernel drops marked, future segments dimmed", () => {
    const svg = renderSequenceDiagram(backlog, last);
    expect(svg.match(/<g class="pkt /g)?.length).toBe(backlog.packets.length);
    expect(svg.match(/class="pkt syn retransmit/g)?.length).toBe(12);
    // 4 clients × 4 SYNs met a full accept queue.
    expect(kernelDrops(backlog).size).toBe(16);
    expect(svg.match(/kernel-drop/g)?.length).toBe(16);
    expect(svg).toContain("dropped by the receiver: ");
    const start = renderSequenceDiagram(backlog, 0);
    expect(start.match(/ future"/g)?.length).toBe(backlog.packets.length);
  });

  it("sequence diagram marks syncookie SYN-ACKs and link drops", () => {
    const flood = runScenario(loadBuiltin("syn-flood"));
    const svg = renderSequenceDiagram(flood, flood.events.length - 1, { maxPackets: 5000 });
    expect(svg).toMatch(/class="pkt synack[^"]*cookie/);
    const lossy = runScenario(loadBuiltin("lost-final-ack"));
    const lost = lossy.packets.filter((p) => p.fate === "dropped");
    expect(lost.length).toBeGreaterThan(0);
    const s2 = renderSequenceDiagram(lossy, lossy.events.length - 1);
    expect(s2.match(/ lost/g)?.length).toBe(lost.length);
  });

  it("large runs draw a window of segments around the selected time", () => {
    const flood = runScenario(loadBuiltin("syn-flood"));
    expect(flood.packets.length).toBeGreaterThan(1000);
    const svg = renderSequenceDiagram(flood, 4000, { maxPackets: 200 });
    expect(svg.match(/<g class="pkt /g)?.length).toBe(200);
    expect(svg).toMatch(/Showing segments #\d+–#\d+ of \d+/);
  });

  it("socket table: kernel state names at the selected event, changed rows marked", () => {
    const end = renderSocketTable(backlog, last);
    expect(end).toContain("TCP_LISTEN");
    expect(end.match(/TCP_ESTABLISHED/g)?.length).toBe(10); // 5 children + 5 clients
    expect(end.match(/TCP_SYN_SENT/g)?.length).toBe(4);
    const listen = backlog.events.findIndex((e) =>
      e.effects.some((x) => x.kind === "state" && x.to === "TCP_LISTEN"),
    );
    expect(renderSocketTable(backlog, listen)).toMatch(/<tr class="changed" data-sock="server:sk1">/);
  });

  it("event list: one item per event, indented by depth, effects formatted like the text trace", () => {
    const html = renderEventList(backlog, 5, 0, backlog.events.length, { detail: "effects" });
    expect(html.match(/<li /g)?.length).toBe(backlog.events.length);
    expect(html).toContain('class="call d2"><span class="fn">inet_csk_listen_start</span>');
    expect(html).toContain("sk_max_ack_backlog 0→4");
    expect(html).toContain("server:sk1 CLOSE→LISTEN");
    expect(html).toMatch(/id="ev-5" class="ev selected"/);
    expect(html).toMatch(/id="ev-6" class="ev future"/);
    expect(renderEventList(backlog, 5, 0, 10, { detail: "calls" })).not.toContain("⇒");
  });

  it("escapes everything taken from the run", () => {
    const hostile: RunResult = {
      ...backlog,
      scenario: '<img src=x onerror="alert(1)">',
      events: backlog.events.map((e, i) => (i === 3 ? { ...e, args: "<script>x</script>" } : e)),
    };
    const parts = renderRunView(hostile, 3);
    const all = Object.values(parts).join("");
    expect(all).not.toContain("<img");
    expect(all).not.toContain("<script>");
    expect(all).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(escapeHtml(`a&b<'>"`)).toBe("a&amp;b&lt;&#39;&gt;&quot;");
  });

  it("selection: -1 and out-of-range mean the last event", () => {
    expect(clampSelection(backlog, -1)).toBe(last);
    expect(clampSelection(backlog, 10_000)).toBe(last);
    expect(clampSelection(backlog, 3)).toBe(3);
  });

  it("segment names follow tcpdump's flag order", () => {
    expect(segmentName(backlog.packets[1]!)).toBe("SYN-ACK");
  });
});

describe("page", () => {
  it("has a strict CSP with a nonce on its only style and script, and no remote content", () => {
    const html = runViewPage({
      cspSource: "https://x.vscode-cdn.net",
      nonce: "N0nce",
      scriptUri: "https://x.vscode-cdn.net/dist/webview.js",
    });
    expect(contentSecurityPolicy("https://x.vscode-cdn.net", "N0nce")).toBe(
      "default-src 'none'; style-src https://x.vscode-cdn.net 'nonce-N0nce'; script-src 'nonce-N0nce';",
    );
    expect(html).toContain(`content="default-src 'none'; style-src https://x.vscode-cdn.net 'nonce-N0nce';`);
    expect(html).not.toMatch(/unsafe-(inline|eval)/);
    expect(html.match(/<script /g)?.length).toBe(1);
    expect(html).toContain('<script nonce="N0nce" src="https://x.vscode-cdn.net/dist/webview.js">');
    expect(html).toContain('<style nonce="N0nce">');
    expect(html).not.toMatch(/style="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
    expect(html).not.toMatch(/https?:\/\/(?!x\.vscode-cdn\.net)/);
  });

  it("nonces are 32 alphanumerics", () => {
    const n = makeNonce((k) => new Uint8Array(k).map((_, i) => i * 37));
    expect(n).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it("rendered parts have no inline styles or handlers (the CSP would block them)", () => {
    const all = Object.values(renderRunView(backlog, 200)).join("");
    expect(all).not.toMatch(/\sstyle="/);
    expect(all).not.toMatch(/\son[a-z]+="/);
  });

  it("the webview bundle is self-contained: no eval, no Function constructor, no node modules", () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "kl-webview-"));
    try {
      execFileSync(process.execPath, [
        path.join(clientDir, "esbuild.mjs"),
        "--only=webview",
        `--outdir=${out}`,
      ]);
      const js = readFileSync(path.join(out, "webview.js"), "utf8");
      expect(js).not.toMatch(/\beval\(|new Function\(|require\(/);
      expect(js).not.toMatch(/ajv|yaml/i);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

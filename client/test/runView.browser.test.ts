// The run view as VS Code shows it: the page the extension produces (runViewPage, with its CSP and nonce)
// and the bundled webview script, in headless Chromium, fed a real simulator run through the same message
// the extension posts. Stepping is done with the keyboard.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenersAt, loadBuiltin, runScenario, type RunResult } from "@kernel-lens/simulator";
import type { FromWebview, ToWebview } from "../src/runView/messages.js";
import { runViewPage } from "../src/runView/page.js";
import { THEMES } from "./themes.js";

const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const artifacts = path.resolve(clientDir, "../artifacts");
const CHROMIUM = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"].find((p) => existsSync(p));
const ORIGIN = "https://run-view.kernel-lens.test";
const NONCE = "TestNonce0123456789abcdefghijklm";

/**
 * What VS Code injects before the page's script runs: acquireVsCodeApi (here recording what the page
 * posts), plus a recorder of CSP violations. Page-side code is written as strings: the test's own
 * TypeScript program has no DOM types.
 */
interface Recorder {
  __posted: FromWebview[];
}

const INIT_SCRIPT = `
  window.__posted = [];
  window.__violations = [];
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(m),
    getState: () => state,
    setState: (s) => { state = s; },
  });
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__violations.push(e.violatedDirective + " " + e.blockedURI));
`;

describe.skipIf(!CHROMIUM)(
  `run view in headless Chromium${CHROMIUM ? "" : " (skipped: no Chromium at /usr/lib/chromium/chromium or /usr/bin/chromium)"}`,
  () => {
    let browser: Browser;
    let page: Page;
    let run: RunResult;
    let tmp: string;
    const consoleErrors: string[] = [];

    beforeAll(async () => {
      tmp = mkdtempSync(path.join(os.tmpdir(), "kl-webview-"));
      execFileSync(process.execPath, [
        path.join(clientDir, "esbuild.mjs"),
        "--only=webview",
        `--outdir=${tmp}`,
      ]);
      const script = readFileSync(path.join(tmp, "webview.js"), "utf8");
      const html = runViewPage({ cspSource: ORIGIN, nonce: NONCE, scriptUri: `${ORIGIN}/dist/webview.js` });
      run = runScenario(loadBuiltin("backlog-overflow"));

      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--no-first-run",
          "--disable-sync",
        ],
      });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on("console", (m) => {
        if (m.type() === "error") consoleErrors.push(m.text());
      });
      page.on("pageerror", (e) => consoleErrors.push(e.message));
      // Nothing leaves the page: the test origin is served from memory, anything else would fail.
      await page.route("**/*", (route) => {
        const url = route.request().url();
        if (url === `${ORIGIN}/`) return route.fulfill({ contentType: "text/html", body: html });
        if (url === `${ORIGIN}/dist/webview.js`)
          return route.fulfill({ contentType: "text/javascript", body: script });
        return route.abort();
      });
      await page.addInitScript(INIT_SCRIPT);
      await page.goto(`${ORIGIN}/`);
      // Functions, not strings: a string would be eval'd in the page, which its CSP forbids.
      await page.waitForFunction(() =>
        (globalThis as unknown as Recorder).__posted.some((m) => m.type === "ready"),
      );
      const message: ToWebview = { type: "run", run, runId: 1, selected: 0, detail: "effects" };
      // As VS Code delivers webview.postMessage: a message event on the page's window.
      await page.evaluate(`window.postMessage(${JSON.stringify(message)}, "*")`);
      await page.waitForSelector("#ev-0.selected");
    });

    afterAll(async () => {
      await browser?.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    const posted = () => page.evaluate<FromWebview[]>("window.__posted");
    const violations = () => page.evaluate<string[]>("window.__violations");
    const acceptQueue = () => page.locator('[data-testid="acceptq-value"]').first();

    it("steps through the whole run with the arrow keys; the accept queue ends at 5/5 (backlog 4 + 1)", async () => {
      await page.locator("#events").focus();
      const seen: string[] = [];
      const last = run.events.length - 1;
      for (let i = 1; i <= last; i++) {
        await page.keyboard.press(i % 2 ? "ArrowDown" : "ArrowRight");
        // The gauge follows the run's own effects: the listener state after events 0..i.
        const expected = [...listenersAt(run, i + 1).values()][0];
        if (expected && (i % 25 === 0 || i === last)) {
          expect(await acceptQueue().textContent()).toBe(`${expected.ackBacklog}/${expected.max + 1}`);
        }
        if (i % 10 === 0 || i === last) {
          const text = (await page.locator('[data-testid="acceptq-value"]').count())
            ? await acceptQueue().textContent()
            : "-";
          seen.push(text ?? "-");
        }
      }
      expect(await page.locator("#ev-" + last).getAttribute("class")).toContain("selected");
      expect(await page.getByTestId("event-index").textContent()).toBe(String(run.events.length));
      expect(await acceptQueue().textContent()).toBe("5/5");
      expect(await page.locator('[data-gauge="acceptq"]').getAttribute("class")).toContain("full");
      expect(await page.locator('[data-testid="synq-value"]').first().textContent()).toBe("0/4");
      // The queue filled up on the way, one completed handshake at a time.
      const lengths = seen.filter((s) => s !== "-").map((s) => Number(s.split("/")[0]));
      expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
      expect(new Set(lengths)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
      // The extension was told where the user is (debounced, so the last one is the end).
      await page.waitForFunction(
        (n) =>
          (globalThis as unknown as Recorder).__posted.filter((m) => m.type === "select").at(-1)?.event === n,
        last,
      );
    });

    it("draws every segment, with the SYN retransmits of the clients that found the accept queue full", async () => {
      expect(await page.locator("svg.seq .pkt").count()).toBe(run.packets.length);
      const retransmits = run.packets.filter((p) => p.retransmit && p.flags.join() === "SYN");
      expect(retransmits.length).toBe(12); // 4 refused clients × retransmits at 1, 3 and 7 s
      expect(await page.locator("svg.seq .pkt.syn.retransmit").count()).toBe(retransmits.length);
      expect(await page.locator("svg.seq .pkt.synack").count()).toBe(5);
      const labels = await page.locator("svg.seq .pkt.syn.retransmit .seg-label").allTextContents();
      expect(labels.every((l) => l === "SYN ↻")).toBe(true);
      // At the end nothing is in the future.
      expect(await page.locator("svg.seq .pkt.future").count()).toBe(0);
    });

    it("Home and End jump to the ends; Enter and clicks ask the extension to open the source", async () => {
      await page.keyboard.press("Home");
      expect(await page.getByTestId("event-index").textContent()).toBe("1");
      expect(await page.locator('[data-testid="acceptq-value"]').count()).toBe(0);
      expect(await page.locator("svg.seq .pkt.future").count()).toBe(run.packets.length);
      await page.keyboard.press("End");
      expect(await acceptQueue().textContent()).toBe("5/5");
      await page.keyboard.press("Enter");
      const target = run.events.findIndex((e) => e.fn === "tcp_conn_request");
      await page.locator(`#ev-${target}`).click();
      expect(await posted()).toContainEqual({ type: "open", runId: 1, event: run.events.length - 1 });
      expect(await posted()).toContainEqual({ type: "open", runId: 1, event: target });
      expect(await page.locator(`#ev-${target}`).getAttribute("class")).toContain("selected");
    });

    it("runs under the strict CSP without violations or errors", async () => {
      expect(await violations()).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });

    it("saves a screenshot per theme kind (light, dark, high contrast)", async () => {
      mkdirSync(artifacts, { recursive: true });
      // A telling point: the first retransmitted SYN dropped because the accept queue is still full.
      const firstRetransmit = run.packets.find((p) => p.retransmit)!;
      const at = run.events.findIndex(
        (e) => e.t >= firstRetransmit.arrived! && e.effects.some((x) => x.kind === "drop"),
      );
      expect(at).toBeGreaterThan(0);
      await page.keyboard.press("Home");
      for (let i = 0; i < at; i++) await page.keyboard.press("ArrowDown");
      expect(await acceptQueue().textContent()).toBe("5/5");
      for (const [name, theme] of Object.entries(THEMES)) {
        // As VS Code sets a theme: CSS variables on <html> (through the CSSOM) and a class on <body>.
        await page.evaluate(`{
          const root = document.documentElement;
          root.removeAttribute("style");
          for (const [k, v] of Object.entries(${JSON.stringify(theme.vars)})) root.style.setProperty(k, v);
          document.body.className = ${JSON.stringify(theme.bodyClass)};
        }`);
        const file = path.join(artifacts, `run-view-${name}.png`);
        await page.screenshot({ path: file });
        expect(existsSync(file)).toBe(true);
      }
      expect(await violations()).toEqual([]);
    });
  },
);

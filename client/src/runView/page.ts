// The run view's HTML page: a strict Content-Security-Policy (only the nonce'd style and script run), the
// style sheet (VS Code theme colours through its CSS variables), and empty containers the webview script
// (dist/webview.js) fills. Pure, so tests load exactly the page the extension produces.
import { MAX_INDENT_DEPTH } from "./render.js";

export interface RunViewPageOptions {
  /** webview.cspSource: the origin VS Code serves local resources from. */
  cspSource: string;
  /** A fresh random nonce per page. */
  nonce: string;
  /** webview.asWebviewUri(dist/webview.js). */
  scriptUri: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
}

/** 32 random alphanumerics (CSP nonces must not be guessable). */
export function makeNonce(random: (n: number) => Uint8Array): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(random(32), (b) => alphabet[b % alphabet.length]).join("");
}

function attr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

export function runViewPage(options: RunViewPageOptions): string {
  const nonce = attr(options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(options.cspSource, options.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Kernel Lens: run</title>
<style nonce="${nonce}">${RUN_VIEW_CSS}</style>
</head>
<body>
<div class="top">
  <header id="header"><p class="empty">Waiting for a run… (Kernel Lens: Run Scenario…)</p></header>
  <div id="status" role="status" hidden></div>
</div>
<main>
  <section class="pane diagram-pane" aria-labelledby="h-diagram">
    <h2 id="h-diagram">Segments <span class="hint">dashed: retransmit · dotted: lost on the link · ✕: dropped · thick: syncookie · dim: after the selected time</span></h2>
    <div id="diagram" class="scroll"></div>
  </section>
  <section class="pane state-pane" aria-labelledby="h-queues">
    <h2 id="h-queues">Listener queues</h2>
    <div id="gauges"></div>
    <h2>Sockets</h2>
    <div id="sockets"></div>
  </section>
</main>
<section class="pane events-pane" aria-labelledby="h-events">
  <h2 id="h-events">Trace <span class="hint">↑/↓ or ←/→ step · Home/End · PgUp/PgDn · Enter opens the kernel source</span></h2>
  <ol id="events" class="scroll" role="listbox" tabindex="0" aria-labelledby="h-events"></ol>
</section>
<script nonce="${nonce}" src="${attr(options.scriptUri)}"></script>
</body>
</html>
`;
}

const depthRules = Array.from(
  { length: MAX_INDENT_DEPTH + 1 },
  (_, d) => `.call.d${d}{padding-left:${(d * 1.2).toFixed(1)}em}`,
).join("");

export const RUN_VIEW_CSS = `
:root {
  --fg: var(--vscode-editor-foreground, #1f1f1f);
  --bg: var(--vscode-editor-background, #ffffff);
  --muted: var(--vscode-descriptionForeground, #717171);
  --border: var(--vscode-panel-border, rgba(128,128,128,.35));
  --c-syn: var(--vscode-charts-blue, #1a85ff);
  --c-synack: var(--vscode-charts-green, #388a34);
  --c-ack: var(--vscode-charts-purple, #652d90);
  --c-rst: var(--vscode-charts-red, #e51400);
  --c-data: var(--vscode-charts-orange, #d18616);
  --c-cookie: var(--vscode-charts-yellow, #bf8803);
  --c-drop: var(--vscode-errorForeground, #e51400);
  --c-now: var(--vscode-focusBorder, #0090f1);
  --c-fill: var(--vscode-charts-blue, #1a85ff);
  --c-full: var(--vscode-charts-red, #e51400);
  --c-young: var(--vscode-charts-yellow, #bf8803);
  --track: var(--vscode-editorWidget-background, rgba(128,128,128,.15));
  --hc-border: var(--vscode-contrastBorder, transparent);
  --mono: var(--vscode-editor-font-family, ui-monospace, "SF Mono", Menlo, Consolas, monospace);
}
* { box-sizing: border-box; }
html, body { height: 100%; }
body {
  margin: 0; padding: 8px 16px; color: var(--fg); background: var(--bg);
  font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px);
  display: grid; grid-template-columns: minmax(0, 1fr); grid-template-rows: auto minmax(220px, 1fr) minmax(150px, 36vh);
  gap: 8px;
}
h1 { font-size: 1.25em; margin: 0; font-weight: 600; }
h1 .params { font-weight: normal; color: var(--muted); font-family: var(--mono); font-size: .85em; }
h2 { font-size: .8em; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 6px; font-weight: 600; }
h2 .hint { text-transform: none; letter-spacing: 0; font-weight: normal; margin-left: 1em; }
h3 { font-size: 1em; margin: 0 0 6px; font-weight: 600; }
p { margin: 2px 0; }
.meta, .empty, .more, .note, .sockid, .backlog { color: var(--muted); }
.where b { font-variant-numeric: tabular-nums; }
.where .fn, .fn { font-family: var(--mono); }
#status { margin-top: 4px; padding: 4px 8px; border-left: 3px solid var(--c-now); background: var(--track); }
#status.error { border-left-color: var(--c-drop); color: var(--vscode-errorForeground, var(--fg)); }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(300px, 2fr); gap: 12px; min-height: 0; }
.pane { min-height: 0; min-width: 0; display: flex; flex-direction: column; border-top: 1px solid var(--border); padding-top: 6px; }
.state-pane { overflow: auto; }
.scroll { overflow: auto; min-height: 0; flex: 1; }
:focus-visible { outline: 1px solid var(--c-now); outline-offset: -1px; }

/* Sequence diagram */
svg.seq { font-family: var(--mono); font-size: 11px; display: block; min-width: 520px; }
svg.seq text { fill: var(--fg); }
svg.seq .host-name { font-weight: 600; font-size: 12px; font-family: var(--vscode-font-family, sans-serif); }
svg.seq .host-addr, svg.seq .tick-label { fill: var(--muted); }
svg.seq .tick-label.gap { fill: var(--fg); }
svg.seq .lifeline { stroke: var(--border); stroke-width: 2; }
svg.seq .gap-line { stroke: var(--border); stroke-dasharray: 2 4; }
svg.seq .now line { stroke: var(--c-now); stroke-width: 1.5; }
svg.seq .now text { fill: var(--c-now); }
.pkt { --c: var(--c-ack); cursor: pointer; }
.pkt.syn { --c: var(--c-syn); }
.pkt.synack { --c: var(--c-synack); }
.pkt.rst { --c: var(--c-rst); }
.pkt.data, .pkt.fin { --c: var(--c-data); }
.pkt .seg { stroke: var(--c); stroke-width: 1.6; }
marker.syn path { fill: var(--c-syn); }
marker.synack path { fill: var(--c-synack); }
marker.ack path { fill: var(--c-ack); }
marker.rst path { fill: var(--c-rst); }
marker.data path, marker.fin path { fill: var(--c-data); }
svg.seq .pkt .seg-label { fill: var(--c); }
.pkt.retransmit .seg { stroke-dasharray: 6 3; }
.pkt.cookie .seg { stroke-width: 2.6; }
svg.seq .pkt.cookie .seg-label { fill: var(--c-cookie); font-weight: 600; }
.pkt.lost .seg { stroke-dasharray: 2 3; }
svg.seq .pkt .cross { fill: var(--c-drop); font-size: 14px; font-weight: 700; }
.pkt.future { opacity: .3; }
.pkt.current .seg { stroke-width: 3.2; }
svg.seq .pkt.current .seg-label { font-weight: 700; }

/* Gauges */
.listener { margin-bottom: 10px; }
.gauge { display: grid; grid-template-columns: 7.5em minmax(60px, 220px) 4em; justify-content: start; grid-template-rows: auto auto; align-items: center; column-gap: 8px; margin: 4px 0; }
.gauge .label { grid-row: 1 / span 2; }
.gauge .value { font-family: var(--mono); font-variant-numeric: tabular-nums; font-weight: 600; }
.gauge .note { grid-column: 2 / span 2; font-size: .85em; }
.gauge.full .value { color: var(--c-full); }
/* The bar shrinks in a narrow view so the value beside it stays visible. */
.gauge .bar { width: 100%; height: 14px; }
.bar .tick, .bar .frame { vector-effect: non-scaling-stroke; }
.bar .track { fill: var(--track); }
.bar .fill { fill: var(--c-fill); }
.bar .young { fill: var(--c-young); }
.full .bar .fill { fill: var(--c-full); }
.bar .tick { stroke: var(--bg); stroke-width: 1; }
.bar .frame { fill: none; stroke: var(--border); }

/* Tables */
table { border-collapse: collapse; margin: 4px 0 10px; font-size: .92em; }
caption { text-align: left; color: var(--muted); font-size: .85em; padding-bottom: 2px; }
th, td { text-align: left; padding: 1px 8px 1px 0; white-space: nowrap; }
th { color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--border); }
td { font-family: var(--mono); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.changed td { background: var(--vscode-editor-findMatchHighlightBackground, rgba(234,92,0,.25)); }
.state-listen, .state-established { color: var(--c-synack); }
.state-syn-sent, .state-syn-recv, .state-new-syn-recv { color: var(--c-syn); }
.state-close { color: var(--muted); }

/* Event list */
#events { list-style: none; margin: 0; padding: 0; font-family: var(--mono); font-size: var(--vscode-editor-font-size, 12px); }
.ev { display: flex; gap: 8px; white-space: nowrap; padding: 0 4px; cursor: pointer; line-height: 1.55; border: 1px solid transparent; }
.ev:hover { background: var(--vscode-list-hoverBackground, rgba(128,128,128,.12)); }
.ev .t { color: var(--muted); min-width: 6.5em; text-align: right; font-variant-numeric: tabular-nums; }
.ev .h { color: var(--muted); min-width: 4.5em; }
.ev .fn { color: var(--vscode-symbolIcon-functionForeground, var(--fg)); font-weight: 600; }
.ev .args, .ev .ret { color: var(--fg); }
.ev .effects { color: var(--c-data); }
.ev.future { opacity: .55; }
.ev.selected {
  background: var(--vscode-list-activeSelectionBackground, #0060c0); color: var(--vscode-list-activeSelectionForeground, #fff);
  border-color: var(--vscode-contrastActiveBorder, transparent); opacity: 1;
}
.ev.selected .t, .ev.selected .h, .ev.selected .fn, .ev.selected .args, .ev.selected .ret, .ev.selected .effects { color: inherit; }
${depthRules}

/* High contrast: borders everywhere, no reliance on opacity alone */
body.vscode-high-contrast .pane { border-top-color: var(--hc-border); }
body.vscode-high-contrast .bar .frame { stroke: var(--hc-border); stroke-width: 1.5; }
body.vscode-high-contrast .pkt .seg { stroke-width: 2.2; }
body.vscode-high-contrast .pkt.future { opacity: .55; }
body.vscode-high-contrast tr.changed td { outline: 1px dotted var(--vscode-contrastActiveBorder, #f38518); }
body.vscode-high-contrast .ev.selected { outline: 1px dashed var(--vscode-contrastActiveBorder, #f38518); }
`;

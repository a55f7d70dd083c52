// The run view's own script (bundled to dist/webview.js, runs in the webview). It keeps the run it was sent
// and the selected event, redraws through the pure render module, and tells the extension what the user
// selected or wants to open. Keyboard: arrows step, Home/End, PageUp/PageDown step by ten, Enter opens
// the kernel source of the selected call.
import type { RunResult } from "../../../../simulator/src/runResult.js";
import type { FromWebview, ToWebview, TraceDetail } from "../messages.js";
import {
  clampSelection,
  eventClass,
  renderEventList,
  renderGauges,
  renderHeader,
  renderSequenceDiagram,
  renderSocketTable,
} from "../render.js";

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Larger runs list a window of events around the selection (re-rendered as the selection moves). */
const LIST_WINDOW = 2000;
const LIST_MARGIN = 200;
/** Selections are sent to the server at most this often while a key is held down. */
const SELECT_DEBOUNCE_MS = 60;

const vscode = acquireVsCodeApi();
const $ = (id: string) => document.getElementById(id)!;
const header = $("header");
const status = $("status");
const diagram = $("diagram");
const gauges = $("gauges");
const sockets = $("sockets");
const events = $("events");

let run: RunResult | undefined;
let runId = -1;
let selected = -1;
let detail: TraceDetail = "effects";
let listFrom = 0;
let listTo = 0;
let selectTimer: ReturnType<typeof setTimeout> | undefined;

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

function showStatus(message: string, error = false): void {
  status.textContent = message;
  status.className = error ? "error" : "";
  status.hidden = message === "";
}

function renderList(): void {
  if (!run) return;
  const n = run.events.length;
  if (n <= LIST_WINDOW) {
    listFrom = 0;
    listTo = n;
  } else {
    listFrom = Math.max(0, Math.min(n - LIST_WINDOW, selected - LIST_WINDOW / 2));
    listTo = listFrom + LIST_WINDOW;
  }
  events.innerHTML = renderEventList(run, selected, listFrom, listTo, { detail });
}

function renderState(): void {
  if (!run) return;
  header.innerHTML = renderHeader(run, selected);
  diagram.innerHTML = renderSequenceDiagram(run, selected);
  gauges.innerHTML = renderGauges(run, selected);
  sockets.innerHTML = renderSocketTable(run, selected);
  events.setAttribute("aria-activedescendant", `ev-${selected}`);
  // Keep the selected time ("now" line) in the middle of the diagram's scroll area.
  const now = Number(diagram.querySelector(".now line")?.getAttribute("y1") ?? NaN);
  if (!Number.isNaN(now)) diagram.scrollTop = Math.max(0, now - diagram.clientHeight / 2);
}

/** Moves the selection (-1: the last event); `notify` tells the extension (not when it told us). */
function select(index: number, notify: boolean): void {
  if (!run || run.events.length === 0) return;
  const next = clampSelection(run, index);
  if (next === selected) return;
  const prev = selected;
  selected = next;
  const n = run.events.length;
  if (n > LIST_WINDOW && (next < listFrom + LIST_MARGIN || next >= listTo - LIST_MARGIN)) renderList();
  else {
    // Only the events between the old and the new selection change class.
    const lo = Math.max(listFrom, Math.min(prev, next));
    const hi = Math.min(listTo - 1, Math.max(prev, next));
    for (let i = lo; i <= hi; i++) {
      const li = document.getElementById(`ev-${i}`);
      if (!li) continue;
      li.className = eventClass(i, next);
      li.setAttribute("aria-selected", String(i === next));
    }
  }
  renderState();
  document.getElementById(`ev-${next}`)?.scrollIntoView({ block: "nearest" });
  vscode.setState({ runId, selected });
  if (notify) {
    clearTimeout(selectTimer);
    selectTimer = setTimeout(() => post({ type: "select", runId, event: selected }), SELECT_DEBOUNCE_MS);
  }
}

function showRun(next: RunResult, id: number, sel: number, nextDetail: TraceDetail): void {
  run = next;
  runId = id;
  detail = nextDetail;
  selected = clampSelection(run, sel);
  showStatus("");
  renderList();
  renderState();
  document.getElementById(`ev-${selected}`)?.scrollIntoView({ block: "center" });
  vscode.setState({ runId, selected });
}

window.addEventListener("message", (event: MessageEvent<ToWebview>) => {
  const msg = event.data;
  switch (msg.type) {
    case "run":
      showRun(msg.run, msg.runId, msg.selected, msg.detail);
      break;
    case "select":
      if (msg.runId === runId) select(msg.selected, false);
      break;
    case "status":
      showStatus(msg.message, msg.error);
      break;
  }
});

document.addEventListener("keydown", (e) => {
  if (!run || e.altKey || e.ctrlKey || e.metaKey) return;
  const last = run.events.length - 1;
  let target: number | undefined;
  switch (e.key) {
    case "ArrowRight":
    case "ArrowDown":
      target = selected + 1;
      break;
    case "ArrowLeft":
    case "ArrowUp":
      target = selected - 1;
      break;
    case "PageDown":
      target = selected + 10;
      break;
    case "PageUp":
      target = selected - 10;
      break;
    case "Home":
      target = 0;
      break;
    case "End":
      target = last;
      break;
    case "Enter":
      post({ type: "open", runId, event: selected });
      e.preventDefault();
      return;
    default:
      return;
  }
  e.preventDefault();
  select(Math.min(last, Math.max(0, target)), true);
});

events.addEventListener("click", (e) => {
  const li = (e.target as Element).closest<HTMLElement>("[data-event]");
  if (!li) return;
  const id = Number(li.dataset.event);
  select(id, true);
  post({ type: "open", runId, event: id });
});

// Clicking a segment selects the call that sent it.
diagram.addEventListener("click", (e) => {
  const g = (e.target as Element).closest<SVGGElement>("[data-packet]");
  if (!g || !run) return;
  const packet = Number(g.dataset.packet);
  const sender = run.events.find((ev) => ev.effects.some((x) => x.kind === "send" && x.packet === packet));
  if (sender) select(sender.id, true);
});

post({ type: "ready" });

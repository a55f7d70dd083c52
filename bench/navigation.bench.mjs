// Language-server navigation benchmark (not a test): how precisely definition and implementation answer,
// against what the same index gives by name alone, in the same run.
//   - definition on 3,000 member accesses sampled from net/ipv4 + net/core (`skb->len`, `.conn_request`):
//     how often it lands on exactly one field, against how many fields share the name;
//   - implementation at every call through a pointer in net/ipv4 + net/core (`icsk->icsk_af_ops->
//     conn_request(…)`): how many calls it answers and with how many functions, against every function a
//     table stores in a field of that name.
// Build first (npm run build); results go to bench/RESULTS.md (between its navigation markers).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { extractFileSymbols } from "../server/dist/extract.js";
import { createCParser } from "../server/dist/parser.js";
import { rangeStart } from "../server/dist/textPositions.js";
import { startServer, stopServer } from "./benchServer.mjs";
import { recordResults } from "./resultsSection.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const serverBin = path.join(repoRoot, "server/bin/kernel-lens-server.js");
const kernelRoot = path.resolve(repoRoot, "../shared/linux-4.11");
const sampled = ["net/ipv4", "net/core"];
const MEMBER_SAMPLE = 3000;

function sourceFiles(folders, extension = /\.c$/) {
  return folders.flatMap((dir) =>
    readdirSync(path.join(kernelRoot, dir), { recursive: true })
      .filter((file) => extension.test(file))
      .map((file) => `${dir}/${file}`)
      .sort(),
  );
}

/** By name alone: how many fields each name has, and which functions tables store in each field name. */
async function byName() {
  const parser = await createCParser();
  const fields = new Map();
  const stored = new Map();
  for (const relative of sourceFiles(["net", "include"], /\.[ch]$/)) {
    const symbols = extractFileSymbols(
      parser,
      relative,
      readFileSync(path.join(kernelRoot, relative), "utf8"),
    );
    for (const struct of symbols.structs) {
      for (const field of struct.fields) fields.set(field.name, (fields.get(field.name) ?? 0) + 1);
    }
    for (const entry of symbols.opsEntries) {
      if (entry.assigned) continue;
      if (!stored.has(entry.field)) stored.set(entry.field, new Set());
      stored.get(entry.field).add(entry.target);
    }
  }
  return { fields, stored, parser };
}

function memberSample() {
  const sites = [];
  for (const relative of sourceFiles(sampled)) {
    readFileSync(path.join(kernelRoot, relative), "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (/^\s*(\*|\/\*|#)/.test(line)) return;
        for (const m of line.matchAll(/(->|\.)\s*([A-Za-z_]\w*)/g)) {
          sites.push({ relative, line: i, character: m.index + m[0].length - m[2].length, name: m[2] });
        }
      });
  }
  let seed = 20170430;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  return {
    total: sites.length,
    sample: Array.from({ length: MEMBER_SAMPLE }, () => sites[Math.floor(random() * sites.length)]),
  };
}

function fieldCalls(parser) {
  const calls = [];
  for (const relative of sourceFiles(sampled)) {
    const symbols = extractFileSymbols(
      parser,
      relative,
      readFileSync(path.join(kernelRoot, relative), "utf8"),
    );
    for (const call of symbols.calls) {
      if (call.kind === "field") calls.push({ relative, ...rangeStart(call.range), name: call.callee });
    }
  }
  return calls;
}

/** A server on net/ + include/ whose indexing has ended. */
async function indexedServer(cacheDir) {
  const server = await startServer(serverBin, kernelRoot, { cacheDir, include: ["net/", "include/"] });
  await server.indexed;
  return server;
}

async function requestAll(connection, method, sites) {
  const counts = [];
  const times = [];
  for (const site of sites) {
    const params = {
      textDocument: { uri: pathToFileURL(path.join(kernelRoot, site.relative)).href },
      position: { line: site.line, character: site.character + 1 },
    };
    const started = performance.now();
    const result = await connection.sendRequest(method, params);
    times.push(performance.now() - started);
    counts.push(Array.isArray(result) ? result.length : result ? 1 : 0);
  }
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return { counts, p50: at(50), p99: at(99) };
}

function histogram(counts) {
  const h = { none: 0, one: 0, twoToThree: 0, more: 0 };
  for (const n of counts) h[n === 0 ? "none" : n === 1 ? "one" : n <= 3 ? "twoToThree" : "more"]++;
  return h;
}

const names = await byName();
const members = memberSample();
const calls = fieldCalls(names.parser);
const cacheDir = mkdtempSync(path.join(os.tmpdir(), "kernel-lens-navigation-"));
let server;
try {
  await stopServer(await indexedServer(cacheDir)); // cold: fills the cache
  server = await indexedServer(cacheDir);
  const definition = await requestAll(server.connection, "textDocument/definition", members.sample);
  const implementation = await requestAll(server.connection, "textDocument/implementation", calls);
  const ours = histogram(definition.counts);
  const baseline = histogram(members.sample.map((site) => names.fields.get(site.name) ?? 0));
  const answered = implementation.counts.filter((n) => n > 0).length;
  const storedFor = calls.map((call) => names.stored.get(call.name)?.size ?? 0);
  const baselineAnswered = storedFor.filter((n) => n > 0).length;
  const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const answeredCounts = implementation.counts.filter((n) => n > 0);
  // An unanswered call whose field no table of the tree sets by name goes to code outside it (drivers'
  // net_device_ops, ethtool_ops, devlink_ops …).
  const unanswered = calls.filter((_, i) => implementation.counts[i] === 0);
  const outsideTree = unanswered.filter((call) => !names.stored.has(call.name)).length;
  const results = `
Measured ${new Date().toISOString().slice(0, 10)} after a warm start over stdio, linux v4.11 subset at ../shared/linux-4.11
(net/ + include/ indexed). "By name alone" is the same index read without types: every field of that name,
every function a designated initializer stores in a field of that name.

| measure | ours | by name alone |
|---|---|---|
| definition on ${MEMBER_SAMPLE.toLocaleString("en")} member accesses sampled from ${members.total.toLocaleString("en")} in net/ipv4 + net/core: exactly one field | ${ours.one} | ${baseline.one} |
| … 2–3 places; more than 3; none | ${ours.twoToThree}; ${ours.more}; ${ours.none} | ${baseline.twoToThree}; ${baseline.more}; ${baseline.none} |
| definition latency over the sample | p50 ${definition.p50.toFixed(2)} ms, p99 ${definition.p99.toFixed(2)} ms | – |
| implementation at the ${calls.length} calls through a pointer in net/ipv4 + net/core: calls answered | ${answered} | ${baselineAnswered} |
| … of the ${unanswered.length} unanswered, calls of a field no designated initializer in net/ + include/ sets (its functions are elsewhere, mostly drivers) | ${outsideTree} | – |
| functions per answered call (mean) | ${mean(answeredCounts).toFixed(1)} | ${mean(storedFor.filter((n) => n > 0)).toFixed(1)} |
| implementation latency | p50 ${implementation.p50.toFixed(2)} ms, p99 ${implementation.p99.toFixed(2)} ms | – |
`;
  recordResults("navigation.bench", results);
  console.log(results);
} finally {
  if (server) await stopServer(server);
  rmSync(cacheDir, { recursive: true, force: true });
}

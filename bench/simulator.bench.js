// Simulator benchmarks (not tests): a 100,000-SYN flood with syncookies on and off, and 10,000 complete
// handshakes, each with tracing on and off (the baseline measured in the same run). Prints events/s,
// wall time and peak heap growth; results are recorded in bench/RESULTS.md.
import { runScenario } from "../simulator/dist/run.js";

const hosts = (sysctls) => [
  { name: "server", addr: "10.0.0.1", sysctls },
  { name: "client", addr: "10.0.0.2", sysctls: {} },
];

function flood(syncookies) {
  return {
    name: `flood-100k-cookies${syncookies}`,
    description: "",
    params: [],
    hosts: hosts({ "net.ipv4.tcp_syncookies": syncookies }),
    link: { delay: 1, rules: [] },
    steps: [
      { kind: "listen", at: 0, host: "server", port: 80, backlog: 128 },
      { kind: "flood", at: 0, to: "server", port: 80, syns: 100_000, interval: 0.01 },
    ],
    until: 2_000,
  };
}

function handshakes(n) {
  return {
    name: `handshakes-${n}`,
    description: "",
    params: [],
    hosts: hosts({ "net.core.somaxconn": 65535 }),
    link: { delay: 1, rules: [] },
    steps: [
      { kind: "listen", at: 0, host: "server", port: 80, backlog: 65535 },
      {
        kind: "accept",
        at: 1,
        host: "server",
        port: 80,
        tasks: 1,
        count: n,
        nonblocking: false,
        rcvtimeo: 0,
      },
      {
        kind: "connect",
        at: 2,
        from: "client",
        to: "server",
        port: 80,
        count: n,
        interval: 0.05,
        nonblocking: true,
        sndtimeo: 0,
        keepalive: false,
      },
    ],
    until: 5_000,
  };
}

function measure(scenario, trace) {
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const t0 = process.hrtime.bigint();
  const r = runScenario(scenario, { trace, seed: 1 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, processed: r.processed, traced: r.events.length, heapMB: (peak - heap0) / 1048576, r };
}

const one = (scenario) => {
  // Warm up the JIT once, then measure.
  runScenario({ ...scenario, until: Math.min(scenario.until, 50) }, { trace: false });
  const off = measure(scenario, false);
  const on = measure(scenario, true);
  const row = (label, m) =>
    `| ${scenario.name} | ${label} | ${m.ms.toFixed(1)} ms | ${Math.round((m.processed / m.ms) * 1000).toLocaleString("en")} ev/s | ${m.traced.toLocaleString("en")} calls | ${m.heapMB.toFixed(1)} MB |`;
  console.log(row("trace off", off));
  console.log(row("trace on", on));
  console.log(`|  | on/off time ratio | ${(on.ms / off.ms).toFixed(2)}× |  |  |  |`);
  return { off, on };
};

console.log(`node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log("| run | tracing | wall | discrete events/s | traced calls | peak heap growth |");
console.log("|---|---|---|---|---|---|");
const c1 = one(flood(1));
one(flood(0));
one(handshakes(10_000));

// A single handshake: the unit the editor re-runs on every "Run to here".
const hs = handshakes(1);
runScenario(hs);
const N = 2000;
const t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) runScenario(hs);
console.log(
  `\none handshake run (traced): ${(Number(process.hrtime.bigint() - t0) / 1e6 / N).toFixed(3)} ms`,
);
console.log(`cookie flood, server counters: ${JSON.stringify(c1.off.r.final.counters.server)}`);

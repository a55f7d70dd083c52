// `kernel-lens demo`: the handshake built-in with a short guide to reading the trace (with --kernel, main.ts
// goes on to the language server's hovers).

import { runScenario } from "../run.js";
import { loadBuiltin } from "../scenario/builtins.js";
import { formatRunText } from "./output.js";

export const DEMO_HEADER = `Kernel Lens demo: the TCP three-way handshake in a model of Linux v4.11.

A server listens on port 80 and blocks in accept(); a client connect()s. Below, each trace line is
one call to a v4.11 kernel function, as the ftrace function_graph tracer would show it:
  time(ms)   virtual time in milliseconds (HZ=1000: 1 jiffy = 1 ms; the link delay is 1 ms)
  host       the machine that ran it: server 10.0.0.1 or client 10.0.0.2
  function   the kernel function, indented by call depth, with its arguments;
             "= X" is what it returned, and after "⇒" is what it changed: socket states,
             SYN queue (qlen/young) and accept queue lengths, counters, timers, packets, wakeups.
Then the system calls, the final sockets (ss -tan) and counters (nstat) of each host.
Next: kernel-lens scenarios · kernel-lens run backlog-overflow · kernel-lens run syn-flood --set net.ipv4.tcp_syncookies=0
With a kernel tree, the editor's hovers follow the trace: npm run demo -- --kernel ../shared/linux-4.11
`;

export async function runDemo(stdout: NodeJS.WritableStream): Promise<number> {
  const scenario = loadBuiltin("handshake");
  const result = runScenario(scenario, { trace: true });
  stdout.write(DEMO_HEADER + "\n" + formatRunText(result, scenario, { packets: true }));
  return 0;
}

// Writes of net/ipv4/sysctl_net_ipv4.c that do more than store an integer (the model's others are plain
// values in host.sysctls, kernel/sysctls.ts).
import type { Host } from "./host.js";
import { printk, type Sim } from "./sim.js";

/**
 * net/ipv4/sysctl_net_ipv4.c: set_local_port_range — the netns's range for connect()'s port search (:57–58),
 * with v4.11's one warning per netns when both ends have the same parity (ip_local_ports.warned, :53–56).
 */
export function setLocalPortRange(sim: Sim, host: Host, range: readonly [number, number]): void {
  const [low, high] = range;
  if (((low ^ high) & 1) === 0 && !host.localPortRangeWarned) {
    host.localPortRangeWarned = true;
    printk(sim, host, "ip_local_port_range: prefer different parity for start/end values.");
  }
  host.localPortRange = range;
}

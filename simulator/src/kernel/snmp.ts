// SNMP counters under the names nstat prints (include/uapi/linux/snmp.h, net/ipv4/proc.c).

export const COUNTERS = [
  "TcpActiveOpens",
  "TcpPassiveOpens",
  "TcpAttemptFails",
  "TcpEstabResets",
  "TcpCurrEstab",
  "TcpInSegs",
  "TcpOutSegs",
  "TcpRetransSegs",
  "TcpInErrs",
  "TcpOutRsts",
  "TcpExtSyncookiesSent",
  "TcpExtSyncookiesRecv",
  "TcpExtSyncookiesFailed",
  "TcpExtEmbryonicRsts",
  "TcpExtListenOverflows",
  "TcpExtListenDrops",
  "TcpExtTCPReqQFullDoCookies",
  "TcpExtTCPReqQFullDrop",
  "TcpExtTCPTimeouts",
  "TcpExtTCPAbortOnTimeout",
  "TcpExtTCPAbortOnClose",
  "TcpExtTCPDeferAcceptDrop",
  "TcpExtTCPSYNChallenge",
  "TcpExtTCPChallengeACK",
  "TcpExtTCPACKSkippedSynRecv",
  "TcpExtTCPACKSkippedChallenge",
  "TcpExtTCPACKSkippedSeq",
] as const;

export type CounterName = (typeof COUNTERS)[number];

export type Counters = Record<CounterName, number>;

export function newCounters(): Counters {
  const c = {} as Counters;
  for (const name of COUNTERS) c[name] = 0;
  return c;
}

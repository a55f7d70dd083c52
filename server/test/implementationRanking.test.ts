import { expect, test } from "vitest";
import type { FileSymbols, FunctionSymbol } from "../src/fileSymbols.js";
import { rankImplementations } from "../src/implementationRanking.js";
import type { FunctionRef } from "../src/workspaceIndex.js";

function ref(name: string, path: string): FunctionRef {
  const symbol: FunctionSymbol = {
    name,
    isDefinition: true,
    range: [0, 0, 1, 1],
    selectionRange: [0, 0, 0, name.length],
    signature: `int ${name}(void)`,
  };
  const file = { path } as FileSymbols;
  return { file, symbol, index: 0 };
}

const candidates = [
  ref("dccp_v6_conn_request", "net/dccp/ipv6.c"),
  ref("tcp_v6_conn_request", "net/ipv6/tcp_ipv6.c"),
  ref("dccp_v4_conn_request", "net/dccp/ipv4.c"),
  ref("tcp_v4_conn_request", "net/ipv4/tcp_ipv4.c"),
];
const names = (refs: FunctionRef[]) => refs.map((r) => r.symbol.name);

test("default: IPv4 files first, then the caller's prefix, then TCP", () => {
  expect(names(rankImplementations(candidates, undefined, { callerName: "tcp_rcv_state_process" }))).toEqual([
    "tcp_v4_conn_request",
    "tcp_v6_conn_request",
    "dccp_v4_conn_request",
    "dccp_v6_conn_request",
  ]);
  expect(names(rankImplementations(candidates, undefined, { callerName: "dccp_rcv_state_process" }))[1]).toBe(
    "dccp_v4_conn_request",
  );
});

test("a preferred set (the simulated path) outranks everything", () => {
  const ranked = rankImplementations(candidates, new Set(["dccp_v6_conn_request"]));
  expect(names(ranked)[0]).toBe("dccp_v6_conn_request");
  expect(candidates[0]?.symbol.name).toBe("dccp_v6_conn_request");
});

test("a function of the table the configuration selects outranks the IPv4 and caller rules", () => {
  const cubic = ref("bictcp_cong_avoid", "net/ipv4/tcp_cubic.c");
  const others = [
    ref("tcp_cdg_cong_avoid", "net/ipv4/tcp_cdg.c"),
    ref("tcp_reno_cong_avoid", "net/ipv4/tcp_cong.c"),
  ];
  const ranked = rankImplementations([...others, cubic], undefined, {
    callerName: "tcp_cong_avoid",
    configured: new Set([cubic]),
  });
  expect(names(ranked)).toEqual(["bictcp_cong_avoid", "tcp_cdg_cong_avoid", "tcp_reno_cong_avoid"]);
  expect(names(rankImplementations([...others, cubic], undefined, { callerName: "tcp_cong_avoid" }))[0]).toBe(
    "tcp_cdg_cong_avoid",
  );
});

// inet_reqsk_alloc: the request sock a SYN creates on a listener (state TCP_NEW_SYN_RECV).
import type { Segment } from "./segment.js";
import { effect, objectId, type Sim } from "./sim.js";
import type { RequestSock, Sock } from "./sock.js";

export function newRequestSock(sim: Sim, sk: Sock, seg: Segment): RequestSock {
  const req: RequestSock = {
    kind: "req",
    id: objectId(sk.host, "req"),
    host: sk.host,
    listener: sk,
    state: "TCP_NEW_SYN_RECV",
    laddr: seg.daddr,
    lport: seg.dport,
    raddr: seg.saddr,
    rport: seg.sport,
    rcvIsn: seg.seq,
    sntIsn: 0,
    numTimeout: 0,
    numRetrans: 0,
    acked: false,
    timer: undefined,
    hashed: false,
    child: undefined,
    lastOowAckTime: Number.NEGATIVE_INFINITY,
  };
  effect(sim, { kind: "state", sock: req.id, from: "none", to: "TCP_NEW_SYN_RECV" });
  return req;
}

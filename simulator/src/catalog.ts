// Every kernel function the simulator models: its v4.11 name and file, what it does, and the state it may
// change. The trace only names functions listed here (the type FnName enforces it), and the language server
// links these names to their definitions in the kernel tree.

export interface CatalogEntry {
  /** Kernel function name. Syscalls use the name SYSCALL_DEFINEn gives them (sys_listen). */
  name: string;
  /** v4.11 source file that defines it. */
  file: string;
  /** Name as written at the definition when it differs (SYSCALL_DEFINE2(listen, …) defines "listen"). */
  sourceName?: string;
  summary: string;
  /** State the model lets it change, in kernel terms. */
  changes: readonly string[];
}

const entries = [
  // --- system calls (net/socket.c) ---
  {
    name: "sys_socket",
    file: "net/socket.c",
    sourceName: "socket",
    summary:
      "socket(AF_INET, SOCK_STREAM, 0): allocate struct socket + tcp_sock (inet_create, tcp_v4_init_sock) and install an fd.",
    changes: ["fd table", "sk_state=TCP_CLOSE"],
  },
  {
    name: "sys_bind",
    file: "net/socket.c",
    sourceName: "bind",
    summary: "bind(): sock->ops->bind = inet_bind, which reserves the local port.",
    changes: [],
  },
  {
    name: "sys_listen",
    file: "net/socket.c",
    sourceName: "listen",
    summary:
      "listen(fd, backlog): clamp backlog to net.core.somaxconn when (unsigned)backlog > somaxconn, then sock->ops->listen.",
    changes: ["backlog argument"],
  },
  {
    name: "sys_connect",
    file: "net/socket.c",
    sourceName: "connect",
    summary: "connect(): sock->ops->connect = inet_stream_connect.",
    changes: [],
  },
  {
    name: "sys_accept4",
    file: "net/socket.c",
    sourceName: "accept4",
    summary: "accept()/accept4(): sock->ops->accept = inet_accept, then fd_install of the new socket.",
    changes: ["fd table"],
  },
  {
    name: "sys_setsockopt",
    file: "net/socket.c",
    sourceName: "setsockopt",
    summary: "setsockopt(): SOL_SOCKET options in sock_setsockopt, IPPROTO_TCP ones in tcp_setsockopt.",
    changes: ["socket options"],
  },
  {
    name: "sys_getsockopt",
    file: "net/socket.c",
    sourceName: "getsockopt",
    summary:
      "getsockopt(): SOL_SOCKET options in sock_getsockopt; SO_ERROR returns -sock_error(sk) and clears sk_err.",
    changes: ["sk_err (SO_ERROR)"],
  },
  {
    name: "sys_fcntl",
    file: "fs/fcntl.c",
    sourceName: "fcntl",
    summary:
      "fcntl(): F_GETFL reads the file flags (a socket is O_RDWR), F_SETFL replaces the SETFL_MASK bits (O_NONBLOCK).",
    changes: ["f_flags O_NONBLOCK"],
  },
  {
    name: "sys_poll",
    file: "fs/select.c",
    sourceName: "poll",
    summary:
      "poll(): do_sys_poll → do_poll calls each file's ->poll (tcp_poll); with nothing ready it sleeps on the wait queues until woken or the timeout.",
    changes: ["wait queues"],
  },
  {
    name: "sys_sendto",
    file: "net/socket.c",
    sourceName: "sendto",
    summary: "send()/sendto(): sock_sendmsg → tcp_sendmsg.",
    changes: [],
  },
  {
    name: "sock_close",
    file: "net/socket.c",
    summary: "Last close() of a socket fd: sock_release → inet_release → sk->sk_prot->close = tcp_close.",
    changes: ["fd table"],
  },
  // --- af_inet.c ---
  {
    name: "inet_bind",
    file: "net/ipv4/af_inet.c",
    summary:
      "-EINVAL for a socket not CLOSE or already bound; else inet_csk_get_port takes the port (-EADDRINUSE when it cannot), and a port the caller named stays the socket's until it is destroyed (SOCK_BINDPORT_LOCK).",
    changes: ["inet_num (local port)", "sk_userlocks"],
  },
  {
    name: "inet_listen",
    file: "net/ipv4/af_inet.c",
    summary:
      "Move a CLOSE socket to LISTEN (inet_csk_listen_start) or, if already listening, only update sk_max_ack_backlog.",
    changes: ["sk_max_ack_backlog", "sk_state"],
  },
  {
    name: "inet_stream_connect",
    file: "net/ipv4/af_inet.c",
    summary: "Locked wrapper around __inet_stream_connect.",
    changes: [],
  },
  {
    name: "__inet_stream_connect",
    file: "net/ipv4/af_inet.c",
    summary:
      "Start the active open (sk_prot->connect) and, unless O_NONBLOCK, wait in inet_wait_for_connect; -EINPROGRESS for non-blocking.",
    changes: ["sock->state (SS_CONNECTING/SS_CONNECTED)"],
  },
  {
    name: "inet_wait_for_connect",
    file: "net/ipv4/af_inet.c",
    summary:
      "Sleep until the socket leaves SYN_SENT/SYN_RECV, the SO_SNDTIMEO timeout runs out, or a signal arrives.",
    changes: ["wait queue"],
  },
  {
    name: "inet_accept",
    file: "net/ipv4/af_inet.c",
    summary: "sk1->sk_prot->accept = inet_csk_accept, then sock_graft the child onto the new struct socket.",
    changes: ["newsock->state = SS_CONNECTED"],
  },
  {
    name: "inet_release",
    file: "net/ipv4/af_inet.c",
    summary: "close() of an inet socket: sk->sk_prot->close = tcp_close.",
    changes: [],
  },
  // --- tcp_ipv4.c ---
  {
    name: "tcp_v4_connect",
    file: "net/ipv4/tcp_ipv4.c",
    summary:
      "Route, set TCP_SYN_SENT, pick the local port (inet_hash_connect), choose the ISN, then tcp_connect sends the SYN.",
    changes: ["sk_state CLOSE→SYN_SENT (CLOSE again on -EADDRNOTAVAIL)", "write_seq (ISN)"],
  },
  {
    name: "inet_hash_connect",
    file: "net/ipv4/inet_hashtables.c",
    summary:
      "The connecting socket's local port: a port bind() gave is kept (port_offset 0); an unbound socket searches from its destination's hashed offset (inet_sk_port_offset) in __inet_hash_connect.",
    changes: [],
  },
  {
    name: "__inet_hash_connect",
    file: "net/ipv4/inet_hashtables.c",
    summary:
      "Find the local port: the ports of ip_local_port_range's low parity from (hint + port_offset), then the others; a port bind() holds is skipped, one connect() took is shared when the 4-tuple is free; then hash the socket into the established table. -EADDRNOTAVAIL when no port is free.",
    changes: ["inet_sport (local port)", "established hash", "hint"],
  },
  {
    name: "tcp_v4_rcv",
    file: "net/ipv4/tcp_ipv4.c",
    summary:
      "Receive a TCP segment: look the socket up (established hash, then listeners); NEW_SYN_RECV goes to tcp_check_req, no socket gets a RST.",
    changes: ["TcpInSegs"],
  },
  {
    name: "tcp_v4_do_rcv",
    file: "net/ipv4/tcp_ipv4.c",
    summary:
      "Per-socket receive: ESTABLISHED fast path, LISTEN cookie check, else tcp_rcv_state_process; sends a RST when that asks for one.",
    changes: [],
  },
  {
    name: "tcp_v4_conn_request",
    file: "net/ipv4/tcp_ipv4.c",
    summary:
      "ipv4_specific.conn_request: drop SYNs to broadcast/multicast, else tcp_conn_request with the IPv4 request-sock ops.",
    changes: [],
  },
  {
    name: "tcp_v4_syn_recv_sock",
    file: "net/ipv4/tcp_ipv4.c",
    summary:
      "ipv4_specific.syn_recv_sock: if the accept queue is full count ListenOverflows/ListenDrops and fail, else create the child socket and put it in the established hash in place of the request.",
    changes: ["TcpExtListenOverflows", "TcpExtListenDrops", "child socket"],
  },
  {
    name: "tcp_v4_send_synack",
    file: "net/ipv4/tcp_ipv4.c",
    summary: "Build and send a SYN-ACK for a request sock (tcp_make_synack, ip_build_and_send_pkt).",
    changes: ["packet sent"],
  },
  {
    name: "tcp_v4_send_reset",
    file: "net/ipv4/tcp_ipv4.c",
    summary:
      "Send a RST in reply to a segment: seq = its ack_seq if it had ACK, else ack = its seq + length.",
    changes: ["TcpOutRsts", "packet sent"],
  },
  {
    name: "tcp_v4_reqsk_send_ack",
    file: "net/ipv4/tcp_ipv4.c",
    summary: "req->rsk_ops->send_ack: ACK an out-of-window segment that hit a request sock.",
    changes: ["packet sent"],
  },
  {
    name: "tcp_v4_cookie_check",
    file: "net/ipv4/tcp_ipv4.c",
    summary:
      "On a listener, a non-SYN segment may be the final ACK of a syncookie handshake: cookie_v4_check.",
    changes: [],
  },
  // --- tcp_input.c ---
  {
    name: "tcp_rcv_state_process",
    file: "net/ipv4/tcp_input.c",
    summary:
      "State machine for every state but ESTABLISHED/TIME_WAIT: LISTEN (ACK → RST, SYN → conn_request), SYN_SENT, SYN_RECV → ESTABLISHED.",
    changes: ["sk_state"],
  },
  {
    name: "tcp_rcv_synsent_state_process",
    file: "net/ipv4/tcp_input.c",
    summary:
      "Client in SYN_SENT: bad ack → RST, RST → tcp_reset (ECONNREFUSED), SYN-ACK → tcp_finish_connect and send the ACK (held back for TCP_DELACK_MAX when the client set TCP_DEFER_ACCEPT), a SYN without ACK → simultaneous open: SYN_RECV and tcp_send_synack.",
    changes: ["sk_state", "rcv_nxt", "snd_una", "delack timer"],
  },
  {
    name: "tcp_send_synack",
    file: "net/ipv4/tcp_output.c",
    summary:
      "Simultaneous open: the connecting socket's SYN goes out again with the ACK of the crossed SYN; neither a retransmission nor counted in TcpOutSegs.",
    changes: ["packets sent"],
  },
  {
    name: "tcp_conn_request",
    file: "net/ipv4/tcp_input.c",
    summary:
      "Handle a SYN on a listener: SYN queue full or syncookies=2 → tcp_syn_flood_action; accept queue full → drop (ListenOverflows); else allocate a request sock, queue it (qlen++, young++, rsk_timer) and send the SYN-ACK — or with a cookie send it and keep nothing.",
    changes: [
      "SYN queue qlen/young",
      "rsk_timer",
      "TcpExtListenOverflows",
      "TcpExtListenDrops",
      "TcpExtSyncookiesSent",
      "packet sent",
    ],
  },
  {
    name: "tcp_syn_flood_action",
    file: "net/ipv4/tcp_input.c",
    summary:
      "SYN queue full (or syncookies=2): with syncookies on, answer with a cookie (TCPReqQFullDoCookies); else drop (TCPReqQFullDrop). Logs 'Possible SYN flooding' once per listener.",
    changes: ["TcpExtTCPReqQFullDoCookies", "TcpExtTCPReqQFullDrop", "synflood_warned"],
  },
  {
    name: "tcp_finish_connect",
    file: "net/ipv4/tcp_input.c",
    summary:
      "Client handshake done: TCP_ESTABLISHED, keepalive timer if SO_KEEPALIVE, sk_state_change wakes the connect() waiter.",
    changes: ["sk_state SYN_SENT→ESTABLISHED", "keepalive timer", "waiters woken"],
  },
  {
    name: "tcp_reset",
    file: "net/ipv4/tcp_input.c",
    summary:
      "A valid RST arrived: sk_err = ECONNREFUSED in SYN_SENT, EPIPE in CLOSE_WAIT, else ECONNRESET; then tcp_done.",
    changes: ["sk_err", "sk_state → CLOSE"],
  },
  {
    name: "tcp_rcv_established",
    file: "net/ipv4/tcp_input.c",
    summary: "Receive on an ESTABLISHED socket; segments off the fast path go through tcp_validate_incoming.",
    changes: ["rcv_nxt"],
  },
  {
    name: "tcp_validate_incoming",
    file: "net/ipv4/tcp_input.c",
    summary: "Sequence, RST and SYN checks (RFC 5961): an in-window SYN gets a challenge ACK.",
    changes: ["TcpExtTCPSYNChallenge", "TcpInErrs"],
  },
  {
    name: "tcp_send_challenge_ack",
    file: "net/ipv4/tcp_input.c",
    summary: "Send a challenge ACK, rate-limited per socket (tcp_invalid_ratelimit, 500 ms).",
    changes: ["TcpExtTCPChallengeACK", "packet sent"],
  },
  // --- tcp_minisocks.c ---
  {
    name: "tcp_check_req",
    file: "net/ipv4/tcp_minisocks.c",
    summary:
      "A segment for a request sock: retransmitted SYN → resend SYN-ACK; bad ack_seq → listener (RST); RST/SYN → embryonic reset; TCP_DEFER_ACCEPT bare ACK → acked=1; else create the child (syn_recv_sock); accept queue full → acked=1 and drop, or RST with tcp_abort_on_overflow.",
    changes: ["acked", "TcpExtEmbryonicRsts", "TcpExtTCPDeferAcceptDrop", "request sock dropped"],
  },
  {
    name: "tcp_create_openreq_child",
    file: "net/ipv4/tcp_minisocks.c",
    summary:
      "Clone the listener into the child socket (inet_csk_clone_lock, state SYN_RECV) and initialise its TCP state from the request.",
    changes: ["TcpPassiveOpens", "child sk_state=SYN_RECV"],
  },
  {
    name: "tcp_child_process",
    file: "net/ipv4/tcp_minisocks.c",
    summary:
      "Run the final ACK through the child (tcp_rcv_state_process: SYN_RECV → ESTABLISHED) and wake the listener (sk_data_ready).",
    changes: ["child sk_state", "listener waiters woken"],
  },
  // --- inet_connection_sock.c ---
  {
    name: "inet_csk_get_port",
    file: "net/ipv4/inet_connection_sock.c",
    summary:
      "Reserve a local port for bind()/listen(), or find one for port 0; returns 1 (inet_bind's -EADDRINUSE) when the port's bind bucket has an owner it conflicts with.",
    changes: ["bind hash", "inet_num", "tb->fastreuse"],
  },
  {
    name: "inet_hash",
    file: "net/ipv4/inet_hashtables.c",
    summary:
      "Hash a listener into its port's listening chain, at the head; an SO_REUSEPORT one joins the group of a listener already on the port, or starts one.",
    changes: ["listening hash", "sk_reuseport_cb"],
  },
  {
    name: "reuseport_select_sock",
    file: "net/core/sock_reuseport.c",
    summary:
      "Which listener of an SO_REUSEPORT group gets a SYN: socks[reciprocal_scale(hash, num_socks)], by the hash of the 4-tuple alone, whatever each listener's queues hold.",
    changes: [],
  },
  {
    name: "inet_csk_bind_conflict",
    file: "net/ipv4/inet_connection_sock.c",
    summary:
      "Whether a socket may share a bound port: it may not when either side lacks SO_REUSEADDR or the owner is listening; returns the first owner in the way.",
    changes: [],
  },
  {
    name: "inet_csk_listen_start",
    file: "net/ipv4/inet_connection_sock.c",
    summary:
      "Set sk_max_ack_backlog = backlog, sk_ack_backlog = 0, state LISTEN, and hash the socket into the listening table.",
    changes: ["sk_state → LISTEN", "sk_max_ack_backlog", "sk_ack_backlog"],
  },
  {
    name: "inet_csk_accept",
    file: "net/ipv4/inet_connection_sock.c",
    summary:
      "tcp_prot.accept: -EINVAL unless LISTEN; empty accept queue → -EAGAIN (O_NONBLOCK) or inet_csk_wait_for_connect; then reqsk_queue_remove.",
    changes: ["accept queue", "sk_ack_backlog"],
  },
  {
    name: "inet_csk_wait_for_connect",
    file: "net/ipv4/inet_connection_sock.c",
    summary:
      "Exclusive sleep on the listener until the accept queue is non-empty, SO_RCVTIMEO runs out (-EAGAIN), the socket stops listening (-EINVAL) or a signal.",
    changes: ["wait queue"],
  },
  {
    name: "inet_csk_reqsk_queue_hash_add",
    file: "net/ipv4/inet_connection_sock.c",
    summary:
      "Arm rsk_timer (TCP_TIMEOUT_INIT), insert the request sock in the established hash, qlen++ and young++.",
    changes: ["SYN queue qlen/young", "rsk_timer"],
  },
  {
    name: "reqsk_timer_handler",
    file: "net/ipv4/inet_connection_sock.c",
    summary:
      "SYN-ACK timer: prune old requests when 2*qlen > max(8, backlog), decide expire/resend (syn_ack_recalc), resend, num_timeout++ (young-- the first time), re-arm with backoff — or drop the request.",
    changes: ["num_timeout", "SYN queue young/qlen", "rsk_timer", "packet sent"],
  },
  {
    name: "syn_ack_recalc",
    file: "net/ipv4/inet_connection_sock.c",
    summary:
      "For a request sock whose timer fired: expire once num_timeout >= thresh (tcp_synack_retries, pruned towards 2 when the SYN queue is over half full of old requests; with TCP_DEFER_ACCEPT an acked request lives to max_retries), and whether to resend the SYN-ACK.",
    changes: [],
  },
  {
    name: "inet_rtx_syn_ack",
    file: "net/ipv4/inet_connection_sock.c",
    summary: "Retransmit a SYN-ACK (rsk_ops->rtx_syn_ack = tcp_rtx_synack) and count num_retrans.",
    changes: ["num_retrans", "TcpRetransSegs"],
  },
  {
    name: "inet_csk_reqsk_queue_drop",
    file: "net/ipv4/inet_connection_sock.c",
    summary:
      "Unlink a request sock from the established hash, stop its timer and, if it was hashed, qlen-- (young-- if it never timed out).",
    changes: ["SYN queue qlen/young", "rsk_timer"],
  },
  {
    name: "inet_csk_complete_hashdance",
    file: "net/ipv4/inet_connection_sock.c",
    summary:
      "The child owns the request now: stop the request's timer, qlen-- (young-- if it never timed out), and append to the accept queue.",
    changes: ["SYN queue qlen/young", "rsk_timer"],
  },
  {
    name: "inet_csk_reqsk_queue_add",
    file: "net/ipv4/inet_connection_sock.c",
    summary:
      "Append request+child to the accept queue and sk_ack_backlog++ — or, if the listener is no longer LISTEN, forget the child.",
    changes: ["accept queue", "sk_ack_backlog"],
  },
  {
    name: "inet_csk_listen_stop",
    file: "net/ipv4/inet_connection_sock.c",
    summary: "Closing a listener: every child still in the accept queue is disconnected (RST) and destroyed.",
    changes: ["accept queue", "sk_ack_backlog", "children closed"],
  },
  {
    name: "inet_csk_reqsk_queue_is_full",
    file: "include/net/inet_connection_sock.h",
    summary:
      "Is the SYN queue full? qlen (request socks not yet completed) >= sk_max_ack_backlog: tcp_conn_request then calls tcp_syn_flood_action (a cookie or a drop).",
    changes: [],
  },
  {
    name: "sk_acceptq_is_full",
    file: "include/net/sock.h",
    summary:
      "Is the accept queue full? sk_ack_backlog > sk_max_ack_backlog (so backlog + 1 children fit): tcp_conn_request drops the SYN, tcp_v4_syn_recv_sock the final ACK (ListenOverflows).",
    changes: [],
  },
  {
    name: "reqsk_queue_remove",
    file: "include/net/request_sock.h",
    summary: "Take the head of the accept queue and sk_acceptq_removed (sk_ack_backlog--).",
    changes: ["accept queue", "sk_ack_backlog"],
  },
  // --- syncookies.c ---
  {
    name: "cookie_v4_init_sequence",
    file: "net/ipv4/syncookies.c",
    summary:
      "Encode MSS index and a 60 s time counter into the SYN-ACK's ISN (via cookie_init_sequence, which counts SyncookiesSent and stamps the listener's last overflow).",
    changes: ["TcpExtSyncookiesSent", "last overflow stamp"],
  },
  {
    name: "tcp_synq_no_recent_overflow",
    file: "include/net/tcp.h",
    summary:
      "No cookie sent by this listener in the last TCP_SYNCOOKIE_VALID (2 minutes)? Then cookie_v4_check takes the ACK for no cookie and the listener answers with a RST.",
    changes: [],
  },
  {
    name: "cookie_v4_check",
    file: "net/ipv4/syncookies.c",
    summary:
      "Final ACK with no request sock: if a cookie was sent in the last 2 minutes, validate ack_seq-1; a good cookie rebuilds the request and creates the child (SyncookiesRecv), a bad one counts SyncookiesFailed.",
    changes: ["TcpExtSyncookiesRecv", "TcpExtSyncookiesFailed", "child socket"],
  },
  {
    name: "tcp_get_cookie_sock",
    file: "net/ipv4/syncookies.c",
    summary: "Create the child for a validated cookie (syn_recv_sock) and queue it on the accept queue.",
    changes: ["accept queue"],
  },
  // --- tcp_output.c ---
  {
    name: "tcp_connect",
    file: "net/ipv4/tcp_output.c",
    summary: "Send the SYN, count TcpActiveOpens and arm the retransmit timer at TCP_TIMEOUT_INIT.",
    changes: ["TcpActiveOpens", "retransmit timer", "packet sent"],
  },
  {
    name: "tcp_send_ack",
    file: "net/ipv4/tcp_output.c",
    summary: "Send a pure ACK for rcv_nxt.",
    changes: ["packet sent"],
  },
  {
    name: "tcp_send_active_reset",
    file: "net/ipv4/tcp_output.c",
    summary: "Send a RST from a socket being aborted (tcp_disconnect, tcp_close).",
    changes: ["TcpOutRsts", "packet sent"],
  },
  {
    name: "tcp_rtx_synack",
    file: "net/ipv4/tcp_output.c",
    summary:
      "tcp_request_sock_ops.rtx_syn_ack: resend the request's SYN-ACK (send_synack) and count TcpRetransSegs.",
    changes: ["TcpRetransSegs", "packet sent"],
  },
  {
    name: "tcp_sendmsg",
    file: "net/ipv4/tcp.c",
    summary:
      "Queue and push user data; a socket not yet established or with a pending error fails (sk_stream_wait_connect returns sock_error: ECONNRESET after a RST).",
    changes: ["snd_nxt", "sk_err cleared"],
  },
  // --- tcp_timer.c ---
  {
    name: "tcp_delack_timer",
    file: "net/ipv4/tcp_timer.c",
    summary:
      "Delayed-ACK timeout (ICSK_TIME_DACK): send the ACK that was held back, unless the socket is CLOSE or LISTEN by then. TcpExtDelayedACKs is not counted by the model.",
    changes: ["delack timer"],
  },
  {
    name: "tcp_retransmit_timer",
    file: "net/ipv4/tcp_timer.c",
    summary:
      "Retransmit timeout: tcp_write_timeout may give up; else retransmit the head (the SYN, or the SYN-ACK of a simultaneous open), back off icsk_rto (doubling up to TCP_RTO_MAX) and re-arm.",
    changes: ["icsk_retransmits", "icsk_rto", "retransmit timer", "TcpRetransSegs", "TcpExtTCPTimeouts"],
  },
  {
    name: "tcp_syn_ack_timeout",
    file: "net/ipv4/tcp_timer.c",
    summary:
      "tcp_request_sock_ops.syn_ack_timeout, called by reqsk_timer_handler on every request-sock timer expiry: count TcpExtTCPTimeouts.",
    changes: ["TcpExtTCPTimeouts"],
  },
  {
    name: "retransmits_timed_out",
    file: "net/ipv4/tcp_timer.c",
    summary:
      "Has the connection been retransmitting for as long as `boundary` exponential backoffs take (a SYN's rto_base is 1 s: tcp_syn_retries=6 → 127 s)? tcp_write_timeout then ends it with ETIMEDOUT.",
    changes: [],
  },
  {
    name: "tcp_write_timeout",
    file: "net/ipv4/tcp_timer.c",
    summary:
      "In SYN_SENT give up after tcp_syn_retries (retransmits_timed_out: (2^(retries+1) - 1) s since the first SYN): tcp_write_err → ETIMEDOUT.",
    changes: ["sk_err = ETIMEDOUT", "TcpExtTCPAbortOnTimeout"],
  },
  // --- tcp.c ---
  {
    name: "tcp_setsockopt",
    file: "net/ipv4/tcp.c",
    summary:
      "IPPROTO_TCP options; TCP_DEFER_ACCEPT is stored as a number of SYN-ACK retransmits (secs_to_retrans).",
    changes: ["rskq_defer_accept"],
  },
  {
    name: "tcp_close",
    file: "net/ipv4/tcp.c",
    summary:
      "close(): a listener goes to CLOSE and inet_csk_listen_stop; a SYN_SENT socket is simply closed (tcp_set_state CLOSE); others reset or FIN.",
    changes: ["sk_state → CLOSE"],
  },
  {
    name: "tcp_disconnect",
    file: "net/ipv4/tcp.c",
    summary:
      "Abort a connection: states that need it get a RST (tcp_send_active_reset) and sk_err = ECONNRESET.",
    changes: ["sk_state → CLOSE", "sk_err"],
  },
  {
    name: "tcp_done",
    file: "net/ipv4/tcp.c",
    summary:
      "Final close: TcpAttemptFails if it was SYN_SENT/SYN_RECV, state CLOSE, timers cleared, sk_state_change wakes waiters.",
    changes: ["sk_state → CLOSE", "TcpAttemptFails", "timers"],
  },
  {
    name: "tcp_poll",
    file: "net/ipv4/tcp.c",
    summary:
      "Poll mask: a listener is readable (POLLIN) when its accept queue is not empty (inet_csk_listen_poll).",
    changes: [],
  },
  // --- core/sock.c, kernel/sched/wait.c, fs/eventpoll.c ---
  {
    name: "sock_def_readable",
    file: "net/core/sock.c",
    summary:
      "sk_data_ready: wake the socket's wait queue with POLLIN (every non-exclusive waiter, e.g. epoll, and one exclusive waiter, e.g. a blocked accept()).",
    changes: ["waiters woken"],
  },
  {
    name: "sock_def_wakeup",
    file: "net/core/sock.c",
    summary: "sk_state_change: wake every waiter of the socket (a blocked connect()).",
    changes: ["waiters woken"],
  },
  {
    name: "__wake_up_common",
    file: "kernel/sched/wait.c",
    summary:
      "Walk a wait queue: call every entry's wake function; stop after nr_exclusive exclusive entries were woken.",
    changes: ["tasks made runnable"],
  },
  {
    name: "ep_poll_callback",
    file: "fs/eventpoll.c",
    summary:
      "Wait-queue callback of an epoll item: put it on the ready list (rdllist) and wake one epoll_wait() caller. For an EPOLLEXCLUSIVE item it returns 1, ending the wakeup, only when a task was blocked in this instance's epoll_wait().",
    changes: ["rdllist", "waiters woken"],
  },
  {
    name: "sys_epoll_create1",
    file: "fs/eventpoll.c",
    sourceName: "epoll_create1",
    summary: "Create an eventpoll instance and its fd.",
    changes: ["fd table"],
  },
  {
    name: "sys_epoll_ctl",
    file: "fs/eventpoll.c",
    sourceName: "epoll_ctl",
    summary:
      "EPOLL_CTL_ADD: ep_insert polls the file once (registering ep_poll_callback on its wait queue) and queues it if already ready.",
    changes: ["epoll items", "listener wait queue"],
  },
  {
    name: "sys_epoll_wait",
    file: "fs/eventpoll.c",
    sourceName: "epoll_wait",
    summary:
      "ep_poll: sleep (exclusively) until the ready list is non-empty or the timeout runs out, then ep_send_events re-polls each item; level-triggered items go back on the ready list.",
    changes: ["rdllist"],
  },
] as const satisfies readonly CatalogEntry[];

export type FnName = (typeof entries)[number]["name"];

export const CATALOG: ReadonlyMap<string, CatalogEntry> = new Map(entries.map((e) => [e.name, e]));

/** A kernel function the model performs inside catalog functions without a trace entry of its own
 * (bookkeeping such as reqsk_queue_added): its work shows in the calls of those functions. */
export interface InlinedFunction {
  name: string;
  /** v4.11 source file that defines it. */
  file: string;
  /** The catalog functions whose traced calls hold its work, each of which calls it in v4.11 within three
   * calls (server/test/link.test.ts checks it); cookie_init_sequence and tcp_synq_overflow, which v4.11 runs in
   * tcp_conn_request around cookie_v4_init_sequence, the model records in that call. */
  within: readonly [FnName, ...FnName[]];
  summary: string;
}

const inlined = [
  // --- the SYN queue and the accept queue (include/net/request_sock.h, include/net/sock.h) ---
  {
    name: "inet_csk_reqsk_queue_added",
    file: "include/net/inet_connection_sock.h",
    within: ["inet_csk_reqsk_queue_hash_add"],
    summary: "reqsk_queue_added on the listener's icsk_accept_queue: qlen++, young++.",
  },
  {
    name: "reqsk_queue_hash_req",
    file: "net/ipv4/inet_connection_sock.c",
    within: ["inet_csk_reqsk_queue_hash_add"],
    summary:
      "Arm the request sock's rsk_timer (reqsk_timer_handler after the timeout) and insert it into the established hash, where the final ACK finds it.",
  },
  {
    name: "reqsk_free",
    file: "include/net/request_sock.h",
    within: ["tcp_conn_request", "tcp_get_cookie_sock"],
    summary:
      "Free a request sock no queue holds: the one a cookie SYN-ACK was sent for, one dropped before it was queued, or one a cookie ACK could not turn into a child.",
  },
  {
    name: "reqsk_put",
    file: "include/net/request_sock.h",
    within: ["inet_csk_reqsk_queue_drop", "inet_csk_accept"],
    summary:
      "Drop a reference to a request sock; the last one frees it (reqsk_free): after it left the SYN queue, or once accept() took its child.",
  },
  {
    name: "reqsk_queue_added",
    file: "include/net/request_sock.h",
    within: ["inet_csk_reqsk_queue_hash_add"],
    summary: "A new request sock in the SYN queue: qlen++, young++.",
  },
  {
    name: "reqsk_queue_removed",
    file: "include/net/request_sock.h",
    within: ["inet_csk_reqsk_queue_drop", "inet_csk_complete_hashdance"],
    summary: "A request sock leaves the SYN queue: young-- if it never timed out, qlen--.",
  },
  {
    name: "reqsk_queue_unlink",
    file: "net/ipv4/inet_connection_sock.c",
    within: ["inet_csk_reqsk_queue_drop"],
    summary: "Take the request sock out of the established hash; true when it was still there.",
  },
  {
    name: "reqsk_queue_len",
    file: "include/net/request_sock.h",
    within: ["inet_csk_reqsk_queue_is_full", "reqsk_timer_handler"],
    summary: "The SYN queue's qlen: request socks not yet completed or dropped.",
  },
  {
    name: "inet_csk_reqsk_queue_len",
    file: "include/net/inet_connection_sock.h",
    within: ["inet_csk_reqsk_queue_is_full"],
    summary: "reqsk_queue_len of the listener's icsk_accept_queue.",
  },
  {
    name: "reqsk_queue_len_young",
    file: "include/net/request_sock.h",
    within: ["reqsk_timer_handler"],
    summary:
      "Request socks whose SYN-ACK has not timed out yet: the pruning keeps thresh while enough are young.",
  },
  {
    name: "sk_acceptq_added",
    file: "include/net/sock.h",
    within: ["inet_csk_reqsk_queue_add"],
    summary: "A child joins the accept queue: sk_ack_backlog++.",
  },
  {
    name: "sk_acceptq_removed",
    file: "include/net/sock.h",
    within: ["reqsk_queue_remove"],
    summary: "accept() took a child: sk_ack_backlog--.",
  },
  {
    name: "inet_child_forget",
    file: "net/ipv4/inet_connection_sock.c",
    within: ["inet_csk_reqsk_queue_add", "inet_csk_listen_stop"],
    summary: "Release a child no one will accept: tcp_disconnect (a RST to the peer), then the socket dies.",
  },
  {
    name: "inet_csk_reqsk_queue_drop_and_put",
    file: "net/ipv4/inet_connection_sock.c",
    within: ["reqsk_timer_handler", "tcp_v4_rcv"],
    summary:
      "inet_csk_reqsk_queue_drop and the reference put: a request sock expires, or its listener stopped listening.",
  },
  {
    name: "reqsk_queue_empty",
    file: "include/net/request_sock.h",
    within: ["inet_csk_accept", "inet_csk_wait_for_connect"],
    summary: "Whether the accept queue holds no child: accept() then sleeps, or fails with -EAGAIN.",
  },
  // --- socket state, timers and transmission (net/ipv4/tcp.c, tcp_output.c, tcp_timer.c) ---
  {
    name: "tcp_set_state",
    file: "net/ipv4/tcp.c",
    within: [
      "tcp_v4_connect",
      "tcp_finish_connect",
      "tcp_rcv_state_process",
      "tcp_close",
      "tcp_disconnect",
      "tcp_done",
    ],
    summary:
      "A full socket's state change: CurrEstab up on entering ESTABLISHED, down on leaving it; entering CLOSE unhashes the socket and, from ESTABLISHED or CLOSE_WAIT, counts EstabResets.",
  },
  {
    name: "tcp_clear_xmit_timers",
    file: "include/net/tcp.h",
    within: ["tcp_done", "tcp_disconnect"],
    summary: "Stop the retransmit, delayed-ACK and keepalive timers of a socket that is closing.",
  },
  {
    name: "tcp_write_err",
    file: "net/ipv4/tcp_timer.c",
    within: ["tcp_write_timeout"],
    summary:
      "Give up on a connection: sk_err = ETIMEDOUT (what a blocked connect() returns), tcp_done, TCPAbortOnTimeout.",
  },
  {
    name: "tcp_transmit_skb",
    file: "net/ipv4/tcp_output.c",
    within: ["tcp_connect", "tcp_send_ack", "tcp_send_active_reset", "tcp_retransmit_timer"],
    summary:
      "Build the TCP header and hand the segment to IP; TcpOutSegs counts it when it is new or carries no sequence space (a retransmitted SYN is not).",
  },
  {
    name: "ip_build_and_send_pkt",
    file: "net/ipv4/ip_output.c",
    within: ["tcp_v4_send_synack"],
    summary:
      "Add the IP header to a SYN-ACK and send it: the model puts the segment on the link (no routing, no netfilter).",
  },
  {
    name: "inet_csk_reset_xmit_timer",
    file: "include/net/inet_connection_sock.h",
    within: ["tcp_connect", "tcp_retransmit_timer"],
    summary:
      "Arm the retransmit timer (ICSK_TIME_RETRANS) to fire after the RTO, at most TCP_RTO_MAX: the SYN's first at TCP_TIMEOUT_INIT, each retransmit doubling it.",
  },
  {
    name: "tcp_init_nondata_skb",
    file: "net/ipv4/tcp_output.c",
    within: ["tcp_connect", "tcp_send_ack", "tcp_send_active_reset"],
    summary:
      "Fill a segment that carries no data: its flags and sequence number, a SYN or FIN taking one sequence number.",
  },
  {
    name: "inet_csk_reset_keepalive_timer",
    file: "net/ipv4/inet_connection_sock.c",
    within: ["tcp_finish_connect"],
    summary:
      "Arm the keepalive timer (with SO_KEEPALIVE, keepalive_time_when: 2 hours by default); the model shows it armed and sends no probes.",
  },
  {
    name: "secure_tcp_sequence_number",
    file: "net/core/secure_seq.c",
    within: ["tcp_v4_connect"],
    summary:
      "The connecting socket's ISN: a siphash of the 4-tuple plus a clock. The model draws it from the run's seeded random numbers, so a seed gives the same ISNs.",
  },
  // --- hash tables and socket creation (net/ipv4/inet_hashtables.c, inet_connection_sock.c) ---
  {
    name: "__inet_lookup_skb",
    file: "include/net/inet_hashtables.h",
    within: ["tcp_v4_rcv"],
    summary:
      "The socket a segment is for: the established hash first (full sockets and request socks), then the listener on the port.",
  },
  {
    name: "inet_get_local_port_range",
    file: "net/ipv4/inet_connection_sock.c",
    within: ["__inet_hash_connect"],
    summary:
      "The netns's ip_local_port_range, where a connect()'s port search looks: v4.11's default 32768–60999 (net/ipv4/af_inet.c:1709), or what the scenario file sets for the host.",
  },
  {
    name: "inet_sk_port_offset",
    file: "net/ipv4/inet_hashtables.c",
    within: ["inet_hash_connect"],
    summary:
      "Where an unbound socket's port search starts for its destination: secure_ipv4_port_ephemeral(saddr, daddr, dport). The model keys a hash of its own with the host's random secret (the kernel's siphash key is random at boot too).",
  },
  {
    name: "secure_ipv4_port_ephemeral",
    file: "net/core/secure_seq.c",
    within: ["inet_hash_connect"],
    summary:
      "siphash_3u32(saddr, daddr, dport) keyed by net_secret: the port_offset of a connect()'s search. The model uses a keyed hash of its own (inetHashtables.ts).",
  },
  {
    name: "inet_csk_find_open_port",
    file: "net/ipv4/inet_connection_sock.c",
    within: ["inet_csk_get_port"],
    summary:
      "A port for listen() before bind() (port 0): a random odd offset into ip_local_port_range, odd ports then even, the lower half first with SO_REUSEADDR.",
  },
  {
    name: "sk_reuseport_match",
    file: "net/ipv4/inet_connection_sock.c",
    within: ["inet_csk_get_port"],
    summary:
      "The SO_REUSEPORT fast path of a port's bind bucket: every owner set SO_REUSEPORT (fastreuseport > 0), as this socket does, with one uid.",
  },
  {
    name: "inet_reuseport_add_sock",
    file: "net/ipv4/inet_hashtables.c",
    within: ["inet_hash"],
    summary:
      "An SO_REUSEPORT listener joins the group of one already listening on its port (same bind bucket, uid and address), else starts its own.",
  },
  {
    name: "reuseport_alloc",
    file: "net/core/sock_reuseport.c",
    within: ["inet_hash"],
    summary: "A new SO_REUSEPORT group holding one listener.",
  },
  {
    name: "reuseport_add_sock",
    file: "net/core/sock_reuseport.c",
    within: ["inet_hash"],
    summary: "A listener joins an SO_REUSEPORT group, at the end of its socks[] array.",
  },
  {
    name: "__inet_lookup_listener",
    file: "net/ipv4/inet_hashtables.c",
    within: ["tcp_v4_rcv"],
    summary:
      "The listener a SYN is for: the best-scoring socket on the port; an SO_REUSEPORT one hands the choice to its group (reuseport_select_sock) with inet_ehashfn of the 4-tuple.",
  },
  {
    name: "inet_bind_bucket_create",
    file: "net/ipv4/inet_hashtables.c",
    within: ["inet_csk_get_port", "__inet_hash_connect"],
    summary:
      "The bind bucket of a port no one holds; __inet_hash_connect marks its own fastreuse -1 so later connect()s may share the port.",
  },
  {
    name: "inet_bind_hash",
    file: "net/ipv4/inet_hashtables.c",
    within: ["inet_csk_get_port", "__inet_hash_connect", "tcp_v4_syn_recv_sock"],
    summary: "The socket joins the port's bind bucket (tb->owners) and takes the port as inet_num.",
  },
  {
    name: "__inet_inherit_port",
    file: "net/ipv4/inet_hashtables.c",
    within: ["tcp_v4_syn_recv_sock"],
    summary:
      "The child joins its listener's bind bucket, so the port stays held while an accepted connection lives, even after the listener closes.",
  },
  {
    name: "inet_put_port",
    file: "net/ipv4/inet_hashtables.c",
    within: ["tcp_done", "tcp_close", "tcp_disconnect"],
    summary:
      "The socket leaves its bind bucket, which goes with its last owner: at TCP_CLOSE (tcp_set_state) unless bind() named the port, else when the socket is destroyed.",
  },
  {
    name: "inet_csk_destroy_sock",
    file: "net/ipv4/inet_connection_sock.c",
    within: ["tcp_close", "tcp_done", "inet_csk_listen_stop"],
    summary: "The end of a closed, orphaned socket: tcp_v4_destroy_sock gives its port back (inet_put_port).",
  },
  {
    name: "inet_ehash_nolisten",
    file: "net/ipv4/inet_hashtables.c",
    within: ["tcp_v4_syn_recv_sock", "__inet_hash_connect"],
    summary:
      "Insert a socket into the established hash, in place of `osk` when given: the child takes its request sock's place.",
  },
  {
    name: "inet_csk_clone_lock",
    file: "net/ipv4/inet_connection_sock.c",
    within: ["tcp_create_openreq_child"],
    summary:
      "Clone the listener into the child socket, in TCP_SYN_RECV, with the request's addresses and ports.",
  },
  {
    name: "tcp_openreq_init",
    file: "net/ipv4/tcp_input.c",
    within: ["tcp_conn_request"],
    summary: "Fill the request sock from the SYN: rcv_isn and rcv_nxt, the peer's MSS and options.",
  },
  {
    name: "tcp_make_synack",
    file: "net/ipv4/tcp_output.c",
    within: ["tcp_v4_send_synack"],
    summary:
      "Build the SYN-ACK: seq snt_isn, ack rcv_isn + 1; TcpOutSegs counts every one, retransmissions included.",
  },
  // --- SYN handling (net/ipv4/tcp_input.c, include/net/tcp.h) ---
  {
    name: "inet_reqsk_alloc",
    file: "net/ipv4/tcp_input.c",
    within: ["tcp_conn_request", "cookie_v4_check"],
    summary: "Allocate a request sock for the listener, in TCP_NEW_SYN_RECV.",
  },
  {
    name: "tcp_listendrop",
    file: "include/net/tcp.h",
    within: ["tcp_conn_request", "tcp_v4_syn_recv_sock"],
    summary: "A SYN or final ACK the listener drops: ListenDrops++ (LINUX_MIB_LISTENDROPS).",
  },
  {
    name: "tcp_oow_rate_limited",
    file: "net/ipv4/tcp_input.c",
    within: ["tcp_check_req", "tcp_validate_incoming"],
    summary: "Whether to hold back an ACK to an out-of-window segment: __tcp_oow_rate_limited.",
  },
  {
    name: "__tcp_oow_rate_limited",
    file: "net/ipv4/tcp_input.c",
    within: ["tcp_check_req", "tcp_validate_incoming", "tcp_send_challenge_ack"],
    summary:
      "At most one such ACK per tcp_invalid_ratelimit (500 ms); the ones held back count in TCPACKSkipped*.",
  },
  {
    name: "tcp_in_window",
    file: "net/ipv4/tcp_minisocks.c",
    within: ["tcp_check_req"],
    summary: "Whether the segment overlaps the request's receive window.",
  },
  // --- SYN cookies (net/ipv4/syncookies.c, include/net/tcp.h) ---
  {
    name: "cookie_init_sequence",
    file: "include/net/tcp.h",
    within: ["cookie_v4_init_sequence"],
    summary:
      "tcp_synq_overflow, SyncookiesSent++, then the family's cookie_init_seq: the model records the three as one cookie_v4_init_sequence call.",
  },
  {
    name: "tcp_synq_overflow",
    file: "include/net/tcp.h",
    within: ["cookie_v4_init_sequence"],
    summary:
      "Stamp the listener's last SYN-queue overflow (rx_opt.ts_recent_stamp), at most once a second: tcp_synq_no_recent_overflow reads it.",
  },
  {
    name: "__cookie_v4_init_sequence",
    file: "net/ipv4/syncookies.c",
    within: ["cookie_v4_init_sequence"],
    summary: "Pick the MSS index (msstab) and make the cookie with secure_tcp_syn_cookie.",
  },
  {
    name: "secure_tcp_syn_cookie",
    file: "net/ipv4/syncookies.c",
    within: ["cookie_v4_init_sequence"],
    summary:
      "The cookie: two hashes of the addresses and ports around the SYN's seq, the 60 s counter and the MSS index.",
  },
  {
    name: "__cookie_v4_check",
    file: "net/ipv4/syncookies.c",
    within: ["cookie_v4_check"],
    summary: "The MSS a valid cookie encodes, or 0: check_tcp_syn_cookie, then msstab.",
  },
  {
    name: "check_tcp_syn_cookie",
    file: "net/ipv4/syncookies.c",
    within: ["cookie_v4_check"],
    summary:
      "Undo secure_tcp_syn_cookie: the MSS index, or invalid when the cookie's counter is older than MAX_SYNCOOKIE_AGE.",
  },
  {
    name: "tcp_cookie_time",
    file: "include/net/tcp.h",
    within: ["cookie_v4_init_sequence", "cookie_v4_check"],
    summary: "The counter a cookie encodes: jiffies / TCP_SYNCOOKIE_PERIOD (60 s).",
  },
  // --- epoll (fs/eventpoll.c) ---
  {
    name: "ep_insert",
    file: "fs/eventpoll.c",
    within: ["sys_epoll_ctl"],
    summary:
      "EPOLL_CTL_ADD: register ep_poll_callback on the socket's wait queue (at its tail, as an exclusive waiter, with EPOLLEXCLUSIVE); an already ready item is queued.",
  },
  {
    name: "ep_poll",
    file: "fs/eventpoll.c",
    within: ["sys_epoll_wait"],
    summary: "Sleep until the ready list holds an item or the timeout runs out, then ep_send_events.",
  },
] as const satisfies readonly InlinedFunction[];

/** Kernel functions the model performs inside catalog functions, by name. */
export const INLINED: ReadonlyMap<string, InlinedFunction> = new Map(inlined.map((f) => [f.name, f]));

export function catalogEntries(): readonly CatalogEntry[] {
  return entries;
}

/** Catalog entry for a name as it appears in the source (listen → sys_listen). */
export function catalogBySourceName(name: string): CatalogEntry | undefined {
  return CATALOG.get(name) ?? entries.find((e) => "sourceName" in e && e.sourceName === name);
}

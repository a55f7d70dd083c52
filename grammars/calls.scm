; Direct calls: tcp_conn_request(...)
(call_expression
  function: (identifier) @call.direct)

; Calls through a function pointer held in a struct: icsk->icsk_af_ops->conn_request(sk, skb)
(call_expression
  function: (field_expression
    argument: (_) @call.receiver
    field: (field_identifier) @call.field))

; The same, written (*ops->fn)(...)
(call_expression
  function: (parenthesized_expression
    (pointer_expression
      argument: (field_expression
        argument: (_) @call.receiver
        field: (field_identifier) @call.field))))

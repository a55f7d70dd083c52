; Named structs and unions with a body; fields are read from @struct.body in server/src/structs.ts.
(struct_specifier
  name: (type_identifier) @struct.name
  body: (field_declaration_list) @struct.body) @struct

(union_specifier
  name: (type_identifier) @struct.name
  body: (field_declaration_list) @struct.body) @struct

; Every typedef: `typedef u64 __le64;` is a name navigation finds; `typedef struct foo {...} foo_t;` also
; lets a foo_t variable resolve to struct foo (server/src/structs.ts).
(type_definition) @typedef

; typedef struct { ... } socket_lock_t;  an anonymous struct is known by its typedef name.
(type_definition
  type: [
    (struct_specifier !name body: (field_declaration_list) @struct.body)
    (union_specifier !name body: (field_declaration_list) @struct.body)
  ] @struct
  declarator: (type_identifier) @struct.name) @struct.typedef

; `static struct { … } icmp_global = { … };` (net/ipv4/icmp.c), and in a body `struct { … } rep;`
; (net/ipv4/tcp_ipv4.c: tcp_v4_send_reset): the anonymous type is named after its first variable.
(declaration
  type: [
    (struct_specifier !name body: (field_declaration_list) @struct.body)
    (union_specifier !name body: (field_declaration_list) @struct.body)
  ] @struct) @struct.variable

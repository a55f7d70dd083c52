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

; A tag declared without a body where declarations go (`struct proc_dir_entry;` in include/linux/proc_fs.h):
; all an opaque type has in the indexed folders when no file there defines it (server/src/tagDeclarations.ts).
; One pattern per parent and kind: they add ≈ 20 ms to one thread's pass over net/ + include/ (as alternations ≈ 30).
(translation_unit (struct_specifier name: (type_identifier) @declared.name !body) @declared)
(translation_unit (union_specifier name: (type_identifier) @declared.name !body) @declared)
(preproc_if (struct_specifier name: (type_identifier) @declared.name !body) @declared)
(preproc_if (union_specifier name: (type_identifier) @declared.name !body) @declared)
(preproc_ifdef (struct_specifier name: (type_identifier) @declared.name !body) @declared)
(preproc_ifdef (union_specifier name: (type_identifier) @declared.name !body) @declared)
(preproc_else (struct_specifier name: (type_identifier) @declared.name !body) @declared)
(preproc_else (union_specifier name: (type_identifier) @declared.name !body) @declared)
(preproc_elif (struct_specifier name: (type_identifier) @declared.name !body) @declared)
(preproc_elif (union_specifier name: (type_identifier) @declared.name !body) @declared)

; Variables of struct type initialised with a brace list: struct proto tcp_prot = { .connect = … };
; The list itself is scanned as text (server/src/opsTables.ts) so #ifdef lines inside it do not matter.
(declaration
  type: (struct_specifier name: (type_identifier) @table.type)
  declarator: (init_declarator value: (initializer_list) @table.initializer)) @table

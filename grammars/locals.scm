; Declared types of parameters and locals inside one function, to type the receiver of an indirect call.
(parameter_declaration
  type: (struct_specifier name: (type_identifier) @local.struct)
  declarator: (_) @local.declarator)

(declaration
  type: (struct_specifier name: (type_identifier) @local.struct)
  declarator: (_) @local.declarator)

(parameter_declaration
  type: (type_identifier) @local.typedef
  declarator: (_) @local.declarator)

(declaration
  type: (type_identifier) @local.typedef
  declarator: (_) @local.declarator)

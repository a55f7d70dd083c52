; Function definitions and prototypes. Names are derived in server/src/functionHeads.ts from the text
; before the body, because kernel attribute macros (`void __init f(void)`) break the declarator shape.
(function_definition
  body: (compound_statement)) @function.definition

; `SYSCALL_DEFINE2(listen, …) { … }` parses as a call statement followed by a bare block.
(translation_unit (compound_statement) @function.orphanBody)
(ERROR (compound_statement) @function.orphanBody)
(preproc_if (compound_statement) @function.orphanBody)
(preproc_ifdef (compound_statement) @function.orphanBody)
(preproc_else (compound_statement) @function.orphanBody)
(preproc_elif (compound_statement) @function.orphanBody)

; File-scope declarations only (prototypes, globals); locals are left to locals.scm.
(translation_unit (declaration) @declaration)
(preproc_if (declaration) @declaration)
(preproc_ifdef (declaration) @declaration)
(preproc_else (declaration) @declaration)
(preproc_elif (declaration) @declaration)
(ERROR (declaration) @declaration)
(linkage_specification body: (declaration_list (declaration) @declaration))

; `DEFINE_PER_CPU_ALIGNED(struct softnet_data, softnet_data);` without `static` is no declaration to the
; grammar, only the macro call as a type, and `LIST_HEAD(net_namespace_list);` a statement; curated macros
; (server/src/macroDeclarations.ts) name what they declare.
(translation_unit (macro_type_specifier) @declaration.macro)
(preproc_if (macro_type_specifier) @declaration.macro)
(preproc_ifdef (macro_type_specifier) @declaration.macro)
(preproc_else (macro_type_specifier) @declaration.macro)
(preproc_elif (macro_type_specifier) @declaration.macro)
(ERROR (macro_type_specifier) @declaration.macro)
(translation_unit (expression_statement (call_expression)) @declaration.macro)
(preproc_if (expression_statement (call_expression)) @declaration.macro)
(preproc_ifdef (expression_statement (call_expression)) @declaration.macro)
(preproc_else (expression_statement (call_expression)) @declaration.macro)
(preproc_elif (expression_statement (call_expression)) @declaration.macro)

; An error can flatten a whole definition into an ERROR node's children: `static void f(…)` `{` stmts… `}`.
(ERROR (function_declarator) @function.errorDeclarator)

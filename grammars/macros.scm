; Object-like and function-like #define.
(preproc_def
  name: (identifier) @macro.name) @macro

(preproc_function_def
  name: (identifier) @macro.name
  parameters: (preproc_params) @macro.parameters) @macro

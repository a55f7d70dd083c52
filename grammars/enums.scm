; Enums with their enumerators; names, values and the enum's name are read in server/src/enums.ts.
(enum_specifier body: (enumerator_list) @enum.body) @enum

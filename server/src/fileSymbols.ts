// The per-file index: plain data (no tree-sitter objects) so it can cross worker threads and be cached on disk.
import type { CompactRange } from "./textPositions.js";

export interface FunctionSymbol {
  name: string;
  /** Other names the definition is known by (sys_listen for SYSCALL_DEFINE2(listen, …)). */
  aliases?: string[];
  /** true for a definition with a body, false for a prototype. */
  isDefinition: boolean;
  range: CompactRange;
  selectionRange: CompactRange;
  /** The head as written, whitespace collapsed: "int tcp_v4_rcv(struct sk_buff *skb)". */
  signature: string;
  /** Set when the return type is a struct (pointer), to type receivers such as inet_csk(sk)->icsk_af_ops. */
  returnStruct?: string;
}

/** Whether the function is `static`: its signature starts with the storage class, as written. */
export function isStaticFunction(f: FunctionSymbol): boolean {
  return f.signature.startsWith("static") && !/^static\w/.test(f.signature);
}

export interface FieldSymbol {
  name: string;
  range: CompactRange;
  /** Struct type named in the field's declaration, pointer or not. */
  structType?: string;
  /** The declared type when it is not a struct (kept short: the index is cached and held in memory). */
  typeText?: string;
  isFunctionPointer?: true;
}

export interface StructSymbol {
  /** The tag; for `typedef struct { … } socket_lock_t` the typedef's name; "outer.field" for a member
   * struct (`struct { … } field;` inside outer); "typeof(variable)" or "typeof(function.variable)" for
   * a variable's anonymous struct (structs.ts: variableTypeName). */
  name: string;
  kind: "struct" | "union";
  /** Named only by its typedef. */
  isTypedef?: true;
  range: CompactRange;
  selectionRange: CompactRange;
  fields: FieldSymbol[];
  /** Object-like macros written where fields go (`tc_gen;` in include/uapi/linux/tc_act/tc_gact.h): their
   * definitions, often in another file, supply fields; read when a member is looked up (macroFields.ts). */
  fieldMacros?: string[];
}

export interface EnumeratorSymbol {
  name: string;
  range: CompactRange;
  /** The value as written (`1`, `1 << 2`), shortened; absent when implicit. */
  value?: string;
  /** The value when the enum's integer literals and the +1 steps give it (TCP_SYN_SENT: 2). */
  number?: number;
}

export interface EnumSymbol {
  /** The tag, or the typedef's name; absent for an anonymous enum (include/net/tcp_states.h). */
  name?: string;
  range: CompactRange;
  selectionRange: CompactRange;
  enumerators: EnumeratorSymbol[];
}

export interface MacroSymbol {
  name: string;
  range: CompactRange;
  selectionRange: CompactRange;
  parameters?: string;
  /** The replacement text, trimmed and shortened; used to follow field aliases such as sk_prot. */
  value: string;
}

export interface VariableSymbol {
  name: string;
  range: CompactRange;
  selectionRange: CompactRange;
  structType?: string;
  isExtern: boolean;
  /** `static`: seen by its own file alone when that is a .c file. */
  isStatic?: true;
}

/** How the object holding a called function pointer was written, resolved later against struct fields. */
export interface ReceiverType {
  /** Struct type of the base variable (icsk in icsk->icsk_af_ops), or undefined when only a call types it. */
  baseStruct?: string;
  /** The base is a call: inet_csk(sk)->icsk_af_ops; the function's returnStruct types it. */
  baseCall?: string;
  /** Field names from the base to the holder: ["icsk_af_ops"]. */
  path: string[];
}

export interface CallSite {
  /** Function name for direct calls, field name for calls through a pointer. */
  callee: string;
  kind: "direct" | "field";
  range: CompactRange;
  /** Index into FileSymbols.functions of the enclosing definition, -1 at file scope. */
  caller: number;
  receiver?: ReceiverType;
}

/** One designated initializer `.field = value` in a struct-typed variable: (struct type, field) → value;
 * or, `assigned`, a field set in a function body (`sk->sk_data_ready = sock_def_readable;`). */
export interface OpsEntry {
  /** The table variable's struct type; empty for an assignment, whose holder is typed when asked. */
  structType: string;
  /** Fields from structType to the struct holding `field`, for nested lists: ["callbacks"]. */
  fieldPath?: string[];
  field: string;
  /** Name assigned, without a leading &: a function, or another table (inetsw_array's .prot = &tcp_prot). */
  target: string;
  /** The table variable; for an assignment, the function it is in. */
  table: string;
  /** The table's own `.name` string ("cubic" for cubictcp in net/ipv4/tcp_cubic.c): the name a registry
   * selects it by (tcp_ca_find, so CONFIG_DEFAULT_TCP_CONG). */
  registeredAs?: string;
  range: CompactRange;
  assigned?: true;
  /** For an assignment from a member (`sk->sk_backlog_rcv = sk->sk_prot->backlog_rcv;`), where that member
   * is written: the functions are those stored in its field. */
  targetRange?: CompactRange;
  /** For an assignment of a parameter (`n->poll = poll;` in netif_napi_add), its position: the functions
   * are those the callers of `table` pass there. `target` is then the parameter's name, no function's. */
  parameter?: number;
  /** Not stored in a file's index: the call (in `table`) passing `target` to this function, which stores it
   * in `field` (passedFunctions.ts). */
  passedTo?: string;
  /** For a table declared in a function body (skb_checksum's `ops`), that function. */
  scope?: string;
}

/** `struct proc_dir_entry;`: a tag declared without its body, an opaque type where nothing defines it. */
export interface TagDeclarationSymbol {
  name: string;
  kind: "struct" | "union";
  range: CompactRange;
  selectionRange: CompactRange;
}

/** `typedef u64 __le64;`, `typedef int proc_handler(…);`, `typedef struct sock sock_t;`. */
export interface TypedefSymbol {
  name: string;
  /** The struct or union tag the name stands for (`typedef struct foo foo_t;`), so a foo_t variable's
   * members resolve to struct foo. */
  structType?: string;
  range: CompactRange;
  selectionRange: CompactRange;
  /** The typedef as written, whitespace collapsed and shortened: what a hover shows. */
  text: string;
}

export interface FileSymbols {
  /** Path relative to the workspace root, with forward slashes. */
  path: string;
  contentHash: string;
  functions: FunctionSymbol[];
  structs: StructSymbol[];
  enums: EnumSymbol[];
  macros: MacroSymbol[];
  variables: VariableSymbol[];
  calls: CallSite[];
  opsEntries: OpsEntry[];
  typedefs: TypedefSymbol[];
  /** Tags declared without a body at file scope; absent when there are none (most files). */
  tagDeclarations?: TagDeclarationSymbol[];
  /** `${size}:${mtimeMs}` of the file when read from disk: a warm start trusts the cache without reading. */
  stamp?: string;
  /** Why the file is (partly) missing from the index: too large, parse timeout, … */
  error?: string;
  /** `#include` targets as written ("<net/tcp.h>"), to index the headers a file uses early. */
  includes?: string[];
}

export function emptyFileSymbols(path: string, contentHash: string, error?: string): FileSymbols {
  const symbols: FileSymbols = {
    path,
    contentHash,
    functions: [],
    structs: [],
    enums: [],
    macros: [],
    variables: [],
    calls: [],
    opsEntries: [],
    typedefs: [],
  };
  if (error) symbols.error = error;
  return symbols;
}

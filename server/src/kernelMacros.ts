// Curated kernel macros that tree-sitter cannot know about: attributes that sit inside declarations, and
// macros that expand to a whole function definition. Derived from include/linux/{compiler*,init,syscalls}.h.
import { blankRanges } from "./blankRanges.js";
import { endOfCommentOrLiteral } from "./commentsAndLiterals.js";

/** Object-like attributes and qualifiers that may appear anywhere in a declaration head. */
export const ATTRIBUTE_MACROS: ReadonlySet<string> = new Set([
  "__init",
  "__exit",
  "__initdata",
  "__exitdata",
  "__initconst",
  "__exit_call",
  "__init_or_module",
  "__net_init",
  "__net_exit",
  "__net_initdata",
  "__net_initconst",
  "__meminit",
  "__meminitdata",
  "__devinit",
  "__cpuinit",
  "__ref",
  "__refdata",
  "__refconst",
  "__read_mostly",
  "__ro_after_init",
  "__cacheline_aligned",
  "__cacheline_aligned_in_smp",
  "____cacheline_aligned",
  "____cacheline_aligned_in_smp",
  "____cacheline_internodealigned_in_smp",
  "__cold",
  "__hot",
  "__packed",
  "__pure",
  "__attribute_const__",
  "__malloc",
  "__weak",
  "__used",
  "__maybe_unused",
  "__always_unused",
  "__visible",
  "__noreturn",
  "__deprecated",
  "__must_check",
  "__always_inline",
  "__inline",
  "__inline__",
  "inline",
  "noinline",
  "noinline_for_stack",
  "notrace",
  "nokprobe_inline",
  "__kprobes",
  "__sched",
  "__lockfunc",
  "__latent_entropy",
  "__randomize_layout",
  "asmlinkage",
  "__user",
  "__kernel",
  "__iomem",
  "__percpu",
  "__rcu",
  "__force",
  "__nocast",
  "__safe",
  "__private",
  "__bitwise",
  "__bitwise__",
  "__sparse_cache",
  "__designated_init",
  "__init_task_data",
  "INDIRECT_CALLABLE_SCOPE",
]);

/** Attributes that take arguments: __printf(2, 3), __aligned(8), __releases(&sk->sk_lock), … */
export const FUNCTION_LIKE_ATTRIBUTE_MACROS: ReadonlySet<string> = new Set([
  "__printf",
  "__scanf",
  "__aligned",
  "__acquires",
  "__releases",
  "__must_hold",
  "__attribute__",
  "__attribute",
  "__alloc_size",
  "__section",
  "__assume_aligned",
  "__nonnull",
  "__diag",
  "__cond_lock",
  "__acquire",
  "__release",
  "__compiletime_error",
  "__compiletime_warning",
  "__counted_by",
  "__mode",
  "__native_word",
  "__same_type",
  "__aligned_largest",
]);

/** Statement-like macros seen at file scope; their argument is a name, never a definition. */
export const EXPORT_MACROS: ReadonlySet<string> = new Set([
  "EXPORT_SYMBOL",
  "EXPORT_SYMBOL_GPL",
  "EXPORT_SYMBOL_GPL_FUTURE",
  "EXPORT_PER_CPU_SYMBOL",
  "EXPORT_PER_CPU_SYMBOL_GPL",
  "EXPORT_UNUSED_SYMBOL",
  "EXPORT_UNUSED_SYMBOL_GPL",
  "EXPORT_TRACEPOINT_SYMBOL",
  "EXPORT_TRACEPOINT_SYMBOL_GPL",
  "module_init",
  "module_exit",
  "late_initcall",
  "core_initcall",
  "fs_initcall",
  "subsys_initcall",
  "device_initcall",
  "arch_initcall",
  "postcore_initcall",
  "pure_initcall",
  "rootfs_initcall",
  "early_initcall",
  "__initcall",
  "__exitcall",
]);

export interface FunctionDefiningMacro {
  /** Extra name the kernel gives the expansion (sys_listen for SYSCALL_DEFINE2(listen, …)). */
  aliasPrefix: string;
}

/** Macros whose first argument names the function they define: SYSCALL_DEFINE2(listen, int, fd, …) { … } */
export const FUNCTION_DEFINING_MACROS: ReadonlyMap<string, FunctionDefiningMacro> = new Map(
  [0, 1, 2, 3, 4, 5, 6].flatMap((n): [string, FunctionDefiningMacro][] => [
    [`SYSCALL_DEFINE${n}`, { aliasPrefix: "sys_" }],
    [`COMPAT_SYSCALL_DEFINE${n}`, { aliasPrefix: "compat_sys_" }],
    [`BPF_CALL_${n}`, { aliasPrefix: "" }],
  ]),
);

/** Storage classes and qualifiers: present before a name but not a return type. */
export const NON_TYPE_SPECIFIERS: ReadonlySet<string> = new Set([
  "static",
  "extern",
  "register",
  "auto",
  "const",
  "volatile",
  "restrict",
  "__restrict",
  "_Noreturn",
  "__extension__",
  "typedef",
]);

export const C_KEYWORDS: ReadonlySet<string> = new Set([
  "if",
  "else",
  "for",
  "while",
  "do",
  "switch",
  "case",
  "default",
  "return",
  "goto",
  "break",
  "continue",
  "sizeof",
  "typeof",
  "__typeof__",
  "_Alignof",
  "struct",
  "union",
  "enum",
  "typedef",
  "void",
  "char",
  "short",
  "int",
  "long",
  "float",
  "double",
  "signed",
  "unsigned",
  "_Bool",
  "bool",
  "static",
  "extern",
  "const",
  "volatile",
  "register",
  "auto",
  "inline",
  "restrict",
  "asm",
  "__asm__",
  "__volatile__",
]);

export function isAttributeMacro(name: string): boolean {
  return ATTRIBUTE_MACROS.has(name);
}

export function isFunctionLikeAttribute(name: string): boolean {
  return FUNCTION_LIKE_ATTRIBUTE_MACROS.has(name);
}

export function functionDefiningMacro(name: string): FunctionDefiningMacro | undefined {
  return FUNCTION_DEFINING_MACROS.get(name);
}

/** A macro that declares one variable or struct field: which argument names it, and its type. */
export interface DeclaringMacro {
  nameArgument: number;
  /** Pasted before the argument: `DEVICE_ATTR_RO(speed)` declares `dev_attr_speed`. */
  namePrefix?: string;
  /** The argument that is the type (`struct softnet_data`), or the type the macro writes itself. */
  typeArgument?: number;
  structType?: string;
  typeText?: string;
  /** `DECLARE_PER_CPU(…)`: an extern declaration, defined elsewhere. */
  isExtern?: true;
}

const PER_CPU: DeclaringMacro = { nameArgument: 1, typeArgument: 0 };
const EXTERN_PER_CPU: DeclaringMacro = { ...PER_CPU, isExtern: true };
const DEVICE_ATTRIBUTE: DeclaringMacro = {
  nameArgument: 0,
  namePrefix: "dev_attr_",
  structType: "device_attribute",
};
const DEVICE_EXT_ATTRIBUTE: DeclaringMacro = { ...DEVICE_ATTRIBUTE, structType: "dev_ext_attribute" };

/** Declaring macros of file scope, struct bodies and function bodies; the grammar reads each as a type
 * with no name, or in a body as a call. */
export const DECLARING_MACROS: ReadonlyMap<string, DeclaringMacro> = new Map([
  // include/linux/types.h: unsigned long name[BITS_TO_LONGS(bits)]
  ["DECLARE_BITMAP", { nameArgument: 0, typeText: "unsigned long[]" }],
  // include/linux/ethtool.h: DECLARE_BITMAP(name, __ETHTOOL_LINK_MODE_MASK_NBITS)
  ["__ETHTOOL_DECLARE_LINK_MODE_MASK", { nameArgument: 0, typeText: "unsigned long[]" }],
  // include/linux/hashtable.h: struct hlist_head name[1 << (bits)]
  ["DECLARE_HASHTABLE", { nameArgument: 0, structType: "hlist_head" }],
  ["DEFINE_HASHTABLE", { nameArgument: 0, structType: "hlist_head" }],
  ["DEFINE_READ_MOSTLY_HASHTABLE", { nameArgument: 0, structType: "hlist_head" }],
  // include/net/snmp.h: __typeof__(type) __percpu *name (net->mib.tcp_statistics)
  ["DEFINE_SNMP_STAT", { nameArgument: 1, typeArgument: 0 }],
  ["DEFINE_SNMP_STAT_ATOMIC", { nameArgument: 1, typeArgument: 0 }],
  // include/linux/kfifo.h: STRUCT_KFIFO(type, size) fifo, an anonymous union
  ["DECLARE_KFIFO", { nameArgument: 0 }],
  ["DECLARE_KFIFO_PTR", { nameArgument: 0 }],
  // include/linux/percpu-defs.h: __typeof__(type) name, one per CPU (net/core/dev.c: softnet_data)
  ["DEFINE_PER_CPU", PER_CPU],
  ["DEFINE_PER_CPU_FIRST", PER_CPU],
  ["DEFINE_PER_CPU_ALIGNED", PER_CPU],
  ["DEFINE_PER_CPU_SHARED_ALIGNED", PER_CPU],
  ["DEFINE_PER_CPU_PAGE_ALIGNED", PER_CPU],
  ["DEFINE_PER_CPU_READ_MOSTLY", PER_CPU],
  ["DECLARE_PER_CPU", EXTERN_PER_CPU],
  ["DECLARE_PER_CPU_FIRST", EXTERN_PER_CPU],
  ["DECLARE_PER_CPU_ALIGNED", EXTERN_PER_CPU],
  ["DECLARE_PER_CPU_SHARED_ALIGNED", EXTERN_PER_CPU],
  ["DECLARE_PER_CPU_PAGE_ALIGNED", EXTERN_PER_CPU],
  ["DECLARE_PER_CPU_READ_MOSTLY", EXTERN_PER_CPU],
  // include/linux/workqueue.h, timer.h, interrupt.h, radix-tree.h: struct <type> name = …
  ["DECLARE_WORK", { nameArgument: 0, structType: "work_struct" }],
  ["DECLARE_DELAYED_WORK", { nameArgument: 0, structType: "delayed_work" }],
  ["DEFINE_TIMER", { nameArgument: 0, structType: "timer_list" }],
  ["DECLARE_TASKLET", { nameArgument: 0, structType: "tasklet_struct" }],
  ["RADIX_TREE", { nameArgument: 0, structType: "radix_tree_root" }],
  // include/linux/mutex.h, spinlock_types.h, rwlock_types.h, wait.h, jump_label.h, ratelimit.h
  ["DEFINE_MUTEX", { nameArgument: 0, structType: "mutex" }],
  ["DEFINE_SPINLOCK", { nameArgument: 0, structType: "spinlock" }],
  ["DEFINE_RWLOCK", { nameArgument: 0, typeText: "rwlock_t" }],
  ["DECLARE_WAIT_QUEUE_HEAD", { nameArgument: 0, structType: "__wait_queue_head" }],
  ["DEFINE_STATIC_KEY_FALSE", { nameArgument: 0, structType: "static_key_false" }],
  ["DEFINE_STATIC_KEY_TRUE", { nameArgument: 0, structType: "static_key_true" }],
  ["DEFINE_RATELIMIT_STATE", { nameArgument: 0, structType: "ratelimit_state" }],
  // include/linux/list.h, wait.h: locals too (`DEFINE_WAIT(wait);` in inet_csk_wait_for_connect)
  ["LIST_HEAD", { nameArgument: 0, structType: "list_head" }],
  ["HLIST_HEAD", { nameArgument: 0, structType: "hlist_head" }],
  ["DEFINE_WAIT", { nameArgument: 0, structType: "__wait_queue" }],
  ["DEFINE_WAIT_FUNC", { nameArgument: 0, structType: "__wait_queue" }],
  ["DECLARE_WAITQUEUE", { nameArgument: 0, structType: "__wait_queue" }],
  ["DEFINE_WAIT_BIT", { nameArgument: 0, structType: "wait_bit_queue" }],
  // include/crypto/skcipher.h, hash.h: a request on the stack, `struct skcipher_request *name = (void *)…`
  // (net/sunrpc/auth_gss/gss_krb5_crypto.c, net/rxrpc/rxkad.c, net/sctp/auth.c)
  ["SKCIPHER_REQUEST_ON_STACK", { nameArgument: 0, structType: "skcipher_request" }],
  ["AHASH_REQUEST_ON_STACK", { nameArgument: 0, structType: "ahash_request" }],
  ["SHASH_DESC_ON_STACK", { nameArgument: 0, structType: "shash_desc" }],
  // include/linux/net.h: type dst = ({ …; (type) src; }) (`DECLARE_SOCKADDR(struct sockaddr_in *, sin, …)`)
  ["DECLARE_SOCKADDR", { nameArgument: 1, typeArgument: 0 }],
  // include/linux/device.h: struct device_attribute dev_attr_##_name = __ATTR(…) (net/core/net-sysfs.c)
  ["DEVICE_ATTR", DEVICE_ATTRIBUTE],
  ["DEVICE_ATTR_RW", DEVICE_ATTRIBUTE],
  ["DEVICE_ATTR_RO", DEVICE_ATTRIBUTE],
  ["DEVICE_ATTR_WO", DEVICE_ATTRIBUTE],
  ["DEVICE_ATTR_IGNORE_LOCKDEP", DEVICE_ATTRIBUTE],
  ["DEVICE_ULONG_ATTR", DEVICE_EXT_ATTRIBUTE],
  ["DEVICE_INT_ATTR", DEVICE_EXT_ATTRIBUTE],
  ["DEVICE_BOOL_ATTR", DEVICE_EXT_ATTRIBUTE],
]);

/** How a sysfs attribute macro fills `.show` and `.store`: from its arguments (`__ATTR(_name, _mode,
 * _show, _store)`), or by pasting `_show`/`_store` to the name (`__ATTR_RO(_name)`: `_name##_show`). */
export type AttributeFunctions = "arguments" | "read-only" | "write-only" | "read-write";

/** include/linux/sysfs.h: __ATTR and its variants initialize a struct with .show and .store;
 * include/linux/device.h: DEVICE_ATTR and its variants also declare `struct device_attribute dev_attr_##_name`
 * (DECLARING_MACROS). */
export const SYSFS_ATTRIBUTE_MACROS: ReadonlyMap<string, AttributeFunctions> = new Map([
  ["__ATTR", "arguments"],
  ["__ATTR_PREALLOC", "arguments"],
  ["__ATTR_IGNORE_LOCKDEP", "arguments"],
  ["__ATTR_RO", "read-only"],
  ["__ATTR_WO", "write-only"],
  ["__ATTR_RW", "read-write"],
  ["DEVICE_ATTR", "arguments"],
  ["DEVICE_ATTR_IGNORE_LOCKDEP", "arguments"],
  ["DEVICE_ATTR_RO", "read-only"],
  ["DEVICE_ATTR_WO", "write-only"],
  ["DEVICE_ATTR_RW", "read-write"],
]);

/** Macros given a struct type and the name of one of its members: which argument is which. */
export interface MemberNamingMacro {
  typeArgument: number;
  memberArgument: number;
  /** container_of: its value points to the type it is given (offsetof's is a number). */
  yieldsContainer: boolean;
  /** kfree_rcu: the "type" argument is a pointer to the struct, not its type. */
  givesPointer?: true;
}

const OFFSET_OF: MemberNamingMacro = { typeArgument: 0, memberArgument: 1, yieldsContainer: false };
const CONTAINER_OF: MemberNamingMacro = { typeArgument: 1, memberArgument: 2, yieldsContainer: true };

/** Macros whose value is their first argument, or a pointer of its type: include/linux/rcupdate.h:
 * rcu_dereference(p), include/linux/percpu-defs.h: per_cpu_ptr(ptr, cpu), per_cpu(var, cpu) … */
export const ARGUMENT_TYPED_MACROS: ReadonlySet<string> = new Set([
  "rcu_dereference",
  "rcu_dereference_bh",
  "rcu_dereference_sched",
  "rcu_dereference_raw",
  "rcu_dereference_check",
  "rcu_dereference_bh_check",
  "rcu_dereference_protected",
  "rcu_dereference_rtnl",
  "rtnl_dereference",
  "rcu_access_pointer",
  "lockless_dereference",
  "READ_ONCE",
  "ACCESS_ONCE",
  "per_cpu",
  "per_cpu_ptr",
  "this_cpu_ptr",
  "raw_cpu_ptr",
]);

/** include/linux/stddef.h: offsetof(TYPE, MEMBER); include/linux/kernel.h: container_of(ptr, type, member)
 * and the list, hlist and rbtree macros written over it; kfree_rcu(ptr, member). */
export const MEMBER_NAMING_MACROS: ReadonlyMap<string, MemberNamingMacro> = new Map([
  ["offsetof", OFFSET_OF],
  ["offsetofend", OFFSET_OF],
  ["FIELD_SIZEOF", OFFSET_OF],
  ...[
    "container_of",
    "list_entry",
    "list_entry_rcu",
    "list_entry_lockless",
    "list_first_entry",
    "list_first_entry_or_null",
    "list_first_or_null_rcu",
    "list_last_entry",
    "hlist_entry",
    "hlist_entry_safe",
    "hlist_nulls_entry",
    "hlist_bl_entry",
    "llist_entry",
    "rb_entry",
    "rb_entry_safe",
  ].map((name): [string, MemberNamingMacro] => [name, CONTAINER_OF]),
  // include/linux/rcupdate.h: kfree_rcu(ptr, rcu_head) frees ptr after a grace period through its member
  // rcu_head: `offsetof(typeof(*(ptr)), rcu_head)`.
  ["kfree_rcu", { typeArgument: 0, memberArgument: 1, yieldsContainer: false, givesPointer: true }],
]);

/** include/linux/list.h, rculist.h, list_nulls.h, rculist_nulls.h, llist.h: the iterators and steps over a
 * list's entries, whose last argument names the member of `typeof(*pos)` (their first argument) that links
 * the entries: `list_for_each_entry(req, &queue->list, list)` is req's struct's `list`. */
export const ENTRY_ITERATOR_MACROS: ReadonlySet<string> = new Set([
  "list_for_each_entry",
  "list_for_each_entry_continue",
  "list_for_each_entry_continue_rcu",
  "list_for_each_entry_continue_reverse",
  "list_for_each_entry_from",
  "list_for_each_entry_from_reverse",
  "list_for_each_entry_lockless",
  "list_for_each_entry_rcu",
  "list_for_each_entry_reverse",
  "list_for_each_entry_safe",
  "list_for_each_entry_safe_continue",
  "list_for_each_entry_safe_from",
  "list_for_each_entry_safe_reverse",
  "list_next_entry",
  "list_prev_entry",
  "list_prepare_entry",
  "list_safe_reset_next",
  "hlist_for_each_entry",
  "hlist_for_each_entry_continue",
  "hlist_for_each_entry_continue_rcu",
  "hlist_for_each_entry_continue_rcu_bh",
  "hlist_for_each_entry_from",
  "hlist_for_each_entry_from_rcu",
  "hlist_for_each_entry_rcu",
  "hlist_for_each_entry_rcu_bh",
  "hlist_for_each_entry_rcu_notrace",
  "hlist_for_each_entry_safe",
  "hlist_nulls_for_each_entry",
  "hlist_nulls_for_each_entry_from",
  "hlist_nulls_for_each_entry_rcu",
  "hlist_nulls_for_each_entry_safe",
  "llist_for_each_entry",
  "llist_for_each_entry_safe",
]);

/** Functions each architecture defines in its own headers, outside a tree's include/ (asm-generic's
 * `#define current get_current()` leads to one): the struct their pointer result points to. */
export const ARCHITECTURE_RETURN_STRUCTS: ReadonlyMap<string, string> = new Map([
  // arch/x86/include/asm/current.h: static __always_inline struct task_struct *get_current(void)
  ["get_current", "task_struct"],
]);

/**
 * Replaces comments, string literals, preprocessor lines and attribute macros (with their argument lists)
 * by spaces. Offsets are preserved so names found in the result point into the original text.
 */
export function maskDeclarationNoise(text: string): string {
  // Spans first, one copy at the end: blanking a split("") array cost ≈ 3 % of indexing.
  const noise: [number, number][] = [];
  let i = 0;
  let lineStart = true;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const skipped =
      c === SLASH || c === QUOTE || c === APOSTROPHE ? endOfCommentOrLiteral(text, i) : undefined;
    if (skipped !== undefined) {
      noise.push([i, skipped]);
      i = skipped;
      continue;
    }
    if (lineStart && c === HASH) {
      let j = i;
      while (j < text.length && (text.charCodeAt(j) !== NEWLINE || text.charCodeAt(j - 1) === BACKSLASH)) j++;
      noise.push([i, j]);
      i = j;
      continue;
    }
    if (c === NEWLINE) lineStart = true;
    else if (c !== SPACE && c !== TAB) lineStart = false;
    if (isIdentifierStartCode(c) && (i === 0 || !isIdentifierPartCode(text.charCodeAt(i - 1)))) {
      let j = i + 1;
      while (j < text.length && isIdentifierPartCode(text.charCodeAt(j))) j++;
      // Most words (types, parameter names) cannot be an attribute macro: told by first letter and length
      // before a string is made.
      const word = ATTRIBUTE_FIRST_CODES.has(c) && j - i >= ATTRIBUTE_MIN_LENGTH ? text.slice(i, j) : "";
      if (ATTRIBUTE_MACROS.has(word)) {
        noise.push([i, j]);
      } else if (FUNCTION_LIKE_ATTRIBUTE_MACROS.has(word)) {
        const open = skipSpaces(text, j);
        if (text[open] === "(") {
          const close = matchingParen(text, open);
          noise.push([i, Math.min(close + 1, text.length)]);
          j = close + 1;
        } else {
          noise.push([i, j]);
        }
      }
      i = j;
      continue;
    }
    i++;
  }
  return blankRanges(text, noise);
}

const SLASH = 0x2f;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const HASH = 0x23;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const TAB = 0x09;

/** The first letters and the shortest length of the attribute macros, to skip other words cheaply. */
const ATTRIBUTE_FIRST_CODES: ReadonlySet<number> = new Set(
  [...ATTRIBUTE_MACROS, ...FUNCTION_LIKE_ATTRIBUTE_MACROS].map((name) => name.charCodeAt(0)),
);
const ATTRIBUTE_MIN_LENGTH = Math.min(
  ...[...ATTRIBUTE_MACROS, ...FUNCTION_LIKE_ATTRIBUTE_MACROS].map((name) => name.length),
);

function isIdentifierStartCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isIdentifierPartCode(c: number): boolean {
  return isIdentifierStartCode(c) || (c >= 0x30 && c <= 0x39);
}

export function isIdentifierStart(ch: string): boolean {
  return (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || ch === "_";
}

export function isIdentifierPart(ch: string): boolean {
  return isIdentifierStart(ch) || (ch >= "0" && ch <= "9");
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/** Index of the parenthesis closing the one at `open`, or the end of text when unbalanced. */
export function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return text.length - 1;
}

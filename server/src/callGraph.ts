// Who calls whom, through direct calls and through ops tables: a call `icsk->icsk_af_ops->conn_request()`
// reaches every function stored in a `.conn_request` field of a struct inet_connection_sock_af_ops table,
// or assigned to that field in a function body (`sk->sk_data_ready = sock_def_readable;`).
import type { ConfiguredDefault } from "./defaultCongestionControl.js";
import type { CallSite, FunctionSymbol, OpsEntry, ReceiverType } from "./fileSymbols.js";
import type { CompactRange } from "./textPositions.js";
import { rankImplementations } from "./implementationRanking.js";
import { ARCHITECTURE_RETURN_STRUCTS, MEMBER_NAMING_MACROS } from "./kernelMacros.js";
import { typeNameOf } from "./declaredTypes.js";
import { closingParen, topLevelArguments } from "./macroArguments.js";
import { signatureParameters } from "./passedArguments.js";
import { PassedFunctions, type PassedArgumentsReader } from "./passedFunctions.js";
import type { CallRef, FunctionRef, OpsRef, WorkspaceIndex } from "./workspaceIndex.js";

export interface CallEdge {
  /** The function at the other end: callee for outgoing, caller for incoming. */
  target: FunctionRef;
  call: CallRef;
  /** The ops-table entry that links an indirect call to the target. */
  via?: OpsRef;
}

/** How many field-to-field copies are followed (sk_backlog_rcv ← proto.backlog_rcv is one). */
const MAX_COPIES = 3;

export interface CallGraphOptions {
  /** The functions the simulator's path uses, ranked first among an indirect call's implementations. */
  preferred?: () => ReadonlySet<string> | undefined;
  /** Types the struct holding a member written at a file's range, from the text around it
   * (memberHolder.ts): for the calls and field assignments the body scan found, which carry no type. */
  typeMember?: (path: string, range: CompactRange, name: string) => string | undefined;
  /** What calls of one file pass, by call and position, read from its text (passedArguments.ts): for the
   * functions handed to a parameter that the callee stores (passedFunctions.ts). */
  passedArguments?: PassedArgumentsReader;
  /** Tables the tree's configuration selects by name (defaultCongestionControl.ts), ranked first too; read
   * at each request, as the configuration may change while the server runs. */
  configured?: () => readonly ConfiguredDefault[];
}

/** An indirect call's implementation: the function, the entry that stores it, and the configuration that
 * selects its table, if one does. */
export interface Implementation {
  target: FunctionRef;
  via: OpsRef;
  configured?: ConfiguredDefault;
}

/** A member path as an object-like macro's value: `__sk_common.skc_prot`, `fib_nh[0].nh_dev`. */
const MEMBER_PATH = /^[A-Za-z_]\w*(?:\[\w+\])*(?:\s*(?:\.|->)\s*[A-Za-z_]\w*(?:\[\w+\])*)*$/;

/** The fields of a member path, in order; an element of an array field has the field's type. */
function memberPathOf(alias: string): string[] {
  return alias.split(/\.|->/).map((part) => part.replace(/\[\w+\]/g, "").trim());
}

export class CallGraph {
  private readonly entryHolders = new WeakMap<OpsEntry, string | undefined>();
  private readonly callHolders = new WeakMap<CallSite, string | undefined>();
  private readonly sourceHolders = new WeakMap<OpsEntry, string | undefined>();
  private readonly parameterNames = new WeakMap<FunctionSymbol, ReadonlySet<string>>();
  private readonly preferred: () => ReadonlySet<string> | undefined;
  private readonly typeMember: (path: string, range: CompactRange, name: string) => string | undefined;
  private readonly configured: () => readonly ConfiguredDefault[];
  private readonly passedFunctions: PassedFunctions;

  constructor(
    private readonly index: WorkspaceIndex,
    options: CallGraphOptions = {},
  ) {
    this.preferred = options.preferred ?? (() => undefined);
    this.typeMember = options.typeMember ?? (() => undefined);
    this.configured = options.configured ?? (() => []);
    this.passedFunctions = new PassedFunctions(
      index,
      (ref) => this.entryHolder(ref),
      options.passedArguments ?? ((_, callees) => callees.map(() => [])),
    );
  }

  /** Struct type of the object holding the called pointer: inet_connection_sock_af_ops for icsk->icsk_af_ops. */
  holderStruct(receiver: ReceiverType | undefined): string | undefined {
    if (!receiver) return undefined;
    let type = receiver.baseStruct;
    if (!type && receiver.baseCall) {
      type =
        this.index.functionsNamed(receiver.baseCall).find((ref) => ref.symbol.returnStruct)?.symbol
          .returnStruct ??
        this.macroCastStruct(receiver.baseCall) ??
        ARCHITECTURE_RETURN_STRUCTS.get(receiver.baseCall);
    }
    const path = [...receiver.path];
    for (let steps = 0; type && path.length > 0 && steps < 16; steps++) {
      const fieldName = path.shift()!;
      const struct = this.index.structsNamed(this.index.resolveTypedef(type))[0]?.symbol;
      const field = struct?.fields.find((f) => f.name === fieldName);
      if (field) {
        // `socket_lock_t sk_lock;`: a typedef name, which structsNamed resolves on the next step.
        type = field.structType ?? (/^\w+$/.test(field.typeText ?? "") ? field.typeText : undefined);
        continue;
      }
      const alias = this.memberAlias(fieldName);
      if (!alias) return undefined;
      path.unshift(...memberPathOf(alias));
    }
    return type ? this.index.resolveTypedef(type) : undefined;
  }

  /** include/net/sock.h: `#define sk_prot __sk_common.skc_prot` — a member name that stands for a path of
   * fields, an element of an array field on the way (include/net/ip_fib.h: `#define fib_dev
   * fib_nh[0].nh_dev`); undefined when no object-like macro of that name has a member path as its value. */
  memberAlias(name: string): string | undefined {
    return this.index
      .macrosNamed(name)
      .map((m) => m.symbol)
      .find((m) => !m.parameters && MEMBER_PATH.test(m.value))?.value;
  }

  /** include/net/ip.h: `#define IPCB(skb) ((struct inet_skb_parm*)((skb)->cb))` types IPCB(skb)->opt;
   * include/linux/netlink.h: `(*(struct netlink_skb_parms*)&((skb)->cb))` types NETLINK_CB(skb).portid;
   * include/linux/netdevice.h: `container_of(d, struct net_device, dev)` types to_net_dev(d)->name. */
  private macroCastStruct(name: string): string | undefined {
    for (const macro of this.index.macrosNamed(name)) {
      const value = macro.symbol.value;
      // Inside any parentheses: include/linux/atmdev.h's `(((struct atm_skb_data *) (skb)->cb))`.
      const cast = /^(?:\(\s*\*?\s*)+\(\s*(?:const\s+)?(?:struct|union)\s+(\w+)\s*\*\s*\)/.exec(value);
      if (cast) return cast[1];
      const container = containerOfType(value);
      if (container) return container;
    }
    return undefined;
  }

  /** Struct type holding an entry's field: offload_callbacks for packet_offload's `.callbacks = { … }`;
   * for an assignment, the struct of the member it sets (sock for sock_init_data's `sk->sk_data_ready`). */
  entryHolder(ref: OpsRef): string | undefined {
    const entry = ref.symbol;
    if (!entry.fieldPath && !entry.assigned) return entry.structType;
    if (!this.entryHolders.has(entry)) {
      this.entryHolders.set(
        entry,
        entry.assigned
          ? this.typeMember(ref.file.path, entry.range, entry.field)
          : this.holderStruct({ baseStruct: entry.structType, path: entry.fieldPath ?? [] }),
      );
    }
    return this.entryHolders.get(entry);
  }

  /** The struct holding the pointer an indirect call goes through. */
  callHolder(call: CallRef): string | undefined {
    const site = call.symbol;
    if (site.receiver) return this.holderStruct(site.receiver);
    if (!this.callHolders.has(site)) {
      this.callHolders.set(site, this.typeMember(call.file.path, site.range, site.callee));
    }
    return this.callHolders.get(site);
  }

  /** Ops-table entries an indirect call may go through: those of the holder's struct type when it is
   * known (none when no table of that type sets the field: net/ncsi's `nah->handler(…)` goes through a
   * table of positional initializers, not tcp_protocol's `.handler`), else every entry for the field. */
  opsEntriesFor(call: CallRef): OpsRef[] {
    const entries = this.index.opsEntriesForField(call.symbol.callee);
    return this.withPassed(this.entriesOfHolder(entries, () => this.callHolder(call)));
  }

  /** Each entry storing a parameter replaced by the calls that pass a function there. */
  private withPassed(entries: OpsRef[]): OpsRef[] {
    if (!entries.some((e) => e.symbol.parameter !== undefined)) return entries;
    return entries.flatMap((e) =>
      e.symbol.parameter === undefined ? [e] : this.passedFunctions.entriesFor(e),
    );
  }

  /** `entries` narrowed to those of the holder's struct when it is known. A table entry whose nested
   * struct could not be followed may still be it; an assignment whose member could not be typed is left
   * out rather than offered to every call of that field name. */
  private entriesOfHolder(entries: OpsRef[], holderOf: () => string | undefined): OpsRef[] {
    const holder = entries.length > 0 ? holderOf() : undefined;
    if (!holder) return entries;
    return entries.filter((e) => {
      const entryHolder = this.entryHolder(e);
      return entryHolder === holder || (entryHolder === undefined && !e.symbol.assigned);
    });
  }

  /** The struct whose field an assignment copies (proto for `= sk->sk_prot->backlog_rcv;`). */
  private sourceHolder(ref: OpsRef): string | undefined {
    const range = ref.symbol.targetRange;
    if (!range) return undefined;
    if (!this.sourceHolders.has(ref.symbol)) {
      this.sourceHolders.set(ref.symbol, this.typeMember(ref.file.path, range, ref.symbol.target));
    }
    return this.sourceHolders.get(ref.symbol);
  }

  /** The functions an entry stores: its target, or for a copy of another field (`sk->sk_backlog_rcv =
   * sk->sk_prot->backlog_rcv;` in inet_create) the functions stored in that field (tcp_v4_do_rcv …), or
   * for a parameter stored the functions its callers pass. */
  private storedFunctions(ref: OpsRef, depth = 0): FunctionRef[] {
    if (ref.symbol.parameter !== undefined) {
      return this.passedFunctions.entriesFor(ref).flatMap((passed) => this.storedFunctions(passed, depth));
    }
    if (!ref.symbol.targetRange) return this.index.definitionsOf(ref.symbol.target, ref.file.path);
    const holder = this.sourceHolder(ref);
    if (!holder || depth >= MAX_COPIES) return [];
    return this.entriesOfHolder(this.index.opsEntriesForField(ref.symbol.target), () => holder)
      .filter((e) => e.symbol !== ref.symbol)
      .flatMap((e) => this.storedFunctions(e, depth + 1));
  }

  /** The functions stored in a field of that name, in `holder`'s tables and assignments when it is known
   * (implementation on a field's declaration or a member that is not called). */
  functionsStoredIn(field: string, holder: string | undefined): FunctionRef[] {
    const entries = this.entriesOfHolder(this.index.opsEntriesForField(field), () => holder);
    return this.ranked(this.withPassed(entries)).map((i) => i.target);
  }

  /** Entries that may carry fn: those storing it, the calls passing it to be stored, and the fields copied
   * from theirs. */
  private entriesCarrying(fn: FunctionRef): OpsRef[] {
    const carrying = [
      ...this.index.opsEntriesTargeting(fn.symbol.name).filter((e) => !e.symbol.targetRange),
      ...this.passedFunctions.carrying(fn),
    ];
    for (let i = 0; i < carrying.length && carrying.length < 256; i++) {
      const via = carrying[i]!;
      const holder = this.entryHolder(via);
      if (!holder) continue;
      for (const copy of this.index.opsEntriesTargeting(via.symbol.field)) {
        if (copy.symbol.targetRange && !carrying.includes(copy) && this.sourceHolder(copy) === holder) {
          carrying.push(copy);
        }
      }
    }
    return carrying;
  }

  /** Functions an indirect call may reach: those the simulator's path uses or the configuration selects
   * first, then the caller's family. */
  implementationsOf(call: CallRef): Implementation[] {
    return this.ranked(this.opsEntriesFor(call), call.file.functions[call.symbol.caller]?.name);
  }

  /** The functions stored through `entries`, each once, ranked (implementationRanking.ts). */
  private ranked(entries: readonly OpsRef[], callerName?: string): Implementation[] {
    const found = new Map<FunctionRef, Implementation>();
    for (const entry of entries) {
      const configured = this.configuredFor(entry);
      for (const target of this.storedFunctions(entry)) {
        const candidate = configured ? { target, via: entry, configured } : { target, via: entry };
        const known = found.get(target);
        if (!known || namesBetter(candidate, known)) found.set(target, candidate);
      }
    }
    const configured = new Set([...found.values()].flatMap((f) => (f.configured ? [f.target] : [])));
    return rankImplementations([...found.keys()], this.preferred(), {
      ...(callerName && { callerName }),
      configured,
    }).map((target) => found.get(target)!);
  }

  /** The configuration that selects the entry's table by its `.name`: cubictcp when
   * CONFIG_DEFAULT_TCP_CONG is "cubic". */
  private configuredFor(entry: OpsRef): ConfiguredDefault | undefined {
    const name = entry.symbol.registeredAs;
    if (name === undefined) return undefined;
    return this.configured().find((c) => c.name === name && c.structType === this.entryHolder(entry));
  }

  outgoing(fn: FunctionRef): CallEdge[] {
    const edges: CallEdge[] = [];
    for (const call of fn.file.calls) {
      if (call.caller !== fn.index) continue;
      const ref = { file: fn.file, symbol: call };
      if (call.kind === "direct") {
        if (this.callsParameter(ref)) continue;
        for (const target of this.index.definitionsOf(call.callee, fn.file.path))
          edges.push({ target, call: ref });
      } else {
        for (const { target, via } of this.implementationsOf(ref)) {
          edges.push({ target, call: ref, via });
        }
      }
    }
    return edges;
  }

  incoming(fn: FunctionRef): CallEdge[] {
    const edges: CallEdge[] = [];
    const names = [fn.symbol.name, ...(fn.symbol.aliases ?? [])];
    for (const name of names) {
      for (const call of this.index.directCallsTo(name)) {
        const caller = this.callerOf(call);
        if (caller && this.resolvesTo(call, fn) && !this.callsParameter(call)) {
          edges.push({ target: caller, call });
        }
      }
    }
    for (const via of this.entriesCarrying(fn)) {
      for (const call of this.index.fieldCallsOf(via.symbol.field)) {
        if (!this.opsEntriesFor(call).includes(via)) continue;
        const caller = this.callerOf(call);
        if (caller) edges.push({ target: caller, call, via });
      }
    }
    return edges;
  }

  /** Call sites reaching fn through ops tables: the conn_request(...) call for tcp_v4_conn_request. */
  indirectCallsTo(fn: FunctionRef): { call: CallRef; via: OpsRef }[] {
    const found: { call: CallRef; via: OpsRef }[] = [];
    for (const via of this.entriesCarrying(fn)) {
      for (const call of this.index.fieldCallsOf(via.symbol.field)) {
        if (this.opsEntriesFor(call).includes(via)) found.push({ call, via });
      }
    }
    return found;
  }

  callerOf(call: CallRef): FunctionRef | undefined {
    const index = call.symbol.caller;
    const symbol = index >= 0 ? call.file.functions[index] : undefined;
    return symbol ? { file: call.file, symbol, index } : undefined;
  }

  /** Whether the call reaches fn: a definition the caller's file sees (a static function of another .c
   * file it does not), or, where it sees none, a prototype's item it does see. */
  private resolvesTo(call: CallRef, fn: FunctionRef): boolean {
    const definitions = this.index.definitionsOf(call.symbol.callee, call.file.path);
    if (definitions.length > 0) return definitions.some((d) => d.file === fn.file && d.index === fn.index);
    return this.index
      .functionsVisibleFrom(call.symbol.callee, call.file.path)
      .some((f) => f.file === fn.file && f.index === fn.index);
  }

  /** A "direct" call of the caller's own parameter: `hash(pkey, dev, …)` in include/net/neighbour.h:
   * ___neigh_lookup_noref calls the function it was handed, no function of that name. */
  private callsParameter({ file, symbol }: CallRef): boolean {
    const caller = symbol.caller >= 0 ? file.functions[symbol.caller] : undefined;
    if (!caller) return false;
    let parameters = this.parameterNames.get(caller);
    if (!parameters) {
      parameters = new Set(signatureParameters(caller.signature, caller.name));
      this.parameterNames.set(caller, parameters);
    }
    return parameters.has(symbol.callee);
  }
}

/** Which entry names a function stored in several tables (tcp_reno_cong_avoid is in tcp_reno and in
 * dctcp's): the table the configuration selects, then one in the function's own file, then the first by
 * path, so the answer does not depend on the order files were indexed in. */
function namesBetter(a: Implementation, b: Implementation): boolean {
  if (!a.configured !== !b.configured) return a.configured !== undefined;
  const home = (i: Implementation) => i.via.file.path === i.target.file.path;
  if (home(a) !== home(b)) return home(a);
  return a.via.file.path < b.via.file.path;
}

/** The struct a container_of-style call yields (kernelMacros.ts: MEMBER_NAMING_MACROS, the type it is given):
 * `container_of(ptr, struct x, member)`, likewise list_entry, hlist_entry_safe, rb_entry … */
function containerOfType(value: string): string | undefined {
  const call = /^\(?\s*(\w+)\s*\(/.exec(value);
  const macro = call && MEMBER_NAMING_MACROS.get(call[1]!);
  if (!macro?.yieldsContainer) return undefined;
  const open = call![0].length - 1;
  const close = closingParen(value, open);
  const type = close === undefined ? undefined : topLevelArguments(value, open, close)[macro.typeArgument];
  return type && typeNameOf(value.slice(...type));
}

// Functions passed as arguments and stored by the callee, as ops entries: netif_napi_add(dev, napi, poll,
// weight) stores its third argument in `napi->poll`, so each call passing a function there (gro_cells_init's
// `netif_napi_add(…, gro_cell_poll, …)`) is an entry of struct napi_struct's `poll` (`passedTo`). Found from
// the storing side (an indirect call's implementations) and from the passed function's own file (its
// incoming calls).
import type { OpsEntry } from "./fileSymbols.js";
import { signatureParameters, type PassedArgument } from "./passedArguments.js";
import type { CompactRange } from "./textPositions.js";
import type { CallRef, FunctionRef, OpsRef, WorkspaceIndex } from "./workspaceIndex.js";

/** How many functions a parameter may be handed through before one stores it (rtnl_register passes its
 * doit to __rtnl_register, which stores it: one). */
const MAX_FORWARDS = 3;

/** What calls of one file pass, by call and position (passedArguments.ts: passedArgumentsFromText). */
export type PassedArgumentsReader = (
  path: string,
  callees: readonly CompactRange[],
) => (PassedArgument | undefined)[][];

interface Cached {
  generation: number;
  refs: OpsRef[];
}

export class PassedFunctions {
  private readonly byStore = new WeakMap<OpsEntry, Cached>();
  /** By file and function: reading what a whole file passes takes ≈ 10–20 ms. */
  private readonly byFunction = new Map<string, Cached>();
  private byFunctionGeneration = -1;

  constructor(
    private readonly index: WorkspaceIndex,
    /** The struct whose field a store sets (CallGraph.entryHolder). */
    private readonly holderOf: (store: OpsRef) => string | undefined,
    private readonly readArguments: PassedArgumentsReader,
  ) {}

  /**
   * The calls passing a function to the parameter an entry stores (OpsEntry.parameter), each as an entry
   * of its own. A caller that hands on a parameter of its own (rtnl_register's `doit` to __rtnl_register) is
   * followed to its callers. Cached until the index changes: the arguments are read from the callers' text.
   */
  entriesFor(store: OpsRef): OpsRef[] {
    const cached = this.byStore.get(store.symbol);
    if (cached && cached.generation === this.index.generation) return cached.refs;
    const holder = this.holderOf(store) ?? "";
    const refs: OpsRef[] = [];
    const visit = (storing: string, position: number, forwards: number) => {
      for (const { call, passed } of this.argumentsOfCalls(this.index.directCallsTo(storing))) {
        const argument = passed[position];
        if (!argument) continue;
        const caller = call.file.functions[call.symbol.caller];
        const handedOn = caller
          ? signatureParameters(caller.signature, caller.name).indexOf(argument.name)
          : -1;
        if (handedOn >= 0) {
          if (forwards < MAX_FORWARDS) visit(caller!.name, handedOn, forwards + 1);
          continue;
        }
        const entry: OpsEntry = {
          structType: holder,
          field: store.symbol.field,
          target: argument.name,
          table: caller?.name ?? "",
          range: argument.range,
          passedTo: storing,
        };
        refs.push({ file: call.file, symbol: entry });
      }
    };
    visit(store.symbol.table, store.symbol.parameter!, 0);
    this.byStore.set(store.symbol, { generation: this.index.generation, refs });
    return refs;
  }

  /**
   * The entries passing fn to be stored, found from fn's side: calls in fn's own file that pass it (kernel
   * callbacks are registered where they are defined, and a static one can only be), followed into the
   * callee's stores and the functions it hands its parameter on to.
   */
  carrying(fn: FunctionRef): OpsRef[] {
    // Entries of an older index would keep the symbols of files replaced since: let them all go at once.
    if (this.byFunctionGeneration !== this.index.generation) {
      this.byFunction.clear();
      this.byFunctionGeneration = this.index.generation;
    }
    const key = `${fn.file.path}\n${fn.symbol.name}`;
    const cached = this.byFunction.get(key);
    if (cached) return cached.refs;
    const name = fn.symbol.name;
    const direct = fn.file.calls
      .filter((call) => call.kind === "direct")
      .map((symbol) => ({ file: fn.file, symbol }));
    const stores = new Set<OpsRef>();
    for (const { call, passed } of this.argumentsOfCalls(direct)) {
      passed.forEach((argument, position) => {
        if (argument?.name !== name) return;
        for (const store of this.storesOf(call.symbol.callee, position, 0)) stores.add(store);
      });
    }
    const refs = [...stores].flatMap((store) =>
      this.entriesFor(store).filter((e) => e.symbol.target === name && e.file.path === fn.file.path),
    );
    this.byFunction.set(key, { generation: this.index.generation, refs });
    return refs;
  }

  /** The entries storing what `fn` receives at `position`, directly or through functions it hands it to. */
  private storesOf(fn: string, position: number, forwards: number): OpsRef[] {
    const stores: OpsRef[] = [];
    for (const definition of this.index.definitionsOf(fn)) {
      const { file, index } = definition;
      for (const entry of file.opsEntries) {
        if (entry.table !== fn || entry.parameter !== position) continue;
        const ref = this.index.opsEntriesForField(entry.field).find((r) => r.symbol === entry);
        if (ref) stores.push(ref);
      }
      const parameter = signatureParameters(definition.symbol.signature, fn)[position];
      if (!parameter || forwards >= MAX_FORWARDS) continue;
      const handing = file.calls
        .filter((call) => call.caller === index && call.kind === "direct")
        .map((symbol) => ({ file, symbol }));
      for (const { call, passed } of this.argumentsOfCalls(handing)) {
        passed.forEach((argument, at) => {
          if (argument?.name === parameter)
            stores.push(...this.storesOf(call.symbol.callee, at, forwards + 1));
        });
      }
    }
    return stores;
  }

  /** What each call passes, the calls of one file read together. */
  private argumentsOfCalls(
    calls: readonly CallRef[],
  ): { call: CallRef; passed: (PassedArgument | undefined)[] }[] {
    const byFile = new Map<string, CallRef[]>();
    for (const call of calls) {
      const fileCalls = byFile.get(call.file.path);
      if (fileCalls) fileCalls.push(call);
      else byFile.set(call.file.path, [call]);
    }
    return [...byFile].flatMap(([path, fileCalls]) => {
      const passed = this.readArguments(
        path,
        fileCalls.map((call) => call.symbol.range),
      );
      return fileCalls.map((call, i) => ({ call, passed: passed[i] ?? [] }));
    });
  }
}

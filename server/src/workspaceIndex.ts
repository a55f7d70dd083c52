// Workspace-wide name tables over every file's header; a file is replaced as a whole when it changes. The
// tables hold packed (file version, position) numbers and are built in idle time or on first use; a lookup
// materialises only the files it names.
import {
  isStaticFunction,
  type EnumSymbol,
  type FileSymbols,
  type MacroSymbol,
  type StructSymbol,
  type TagDeclarationSymbol,
  type TypedefSymbol,
  type VariableSymbol,
} from "./fileSymbols.js";
import {
  IndexedFile,
  type CallRef,
  type EnumeratorRef,
  type FieldRef,
  type FileRefs,
  type FunctionRef,
  type Located,
  type OpsRef,
} from "./indexedFile.js";
import { IncludeReach } from "./includeReach.js";
import { NameTable, STRIDE, type NameVisitor } from "./nameTable.js";
import {
  nameList,
  namePairs,
  type FileHeader,
  type SerializedFile,
  type StoredBody,
} from "./serializedFile.js";

export type { CallRef, EnumeratorRef, FieldRef, FunctionRef, Located, OpsRef } from "./indexedFile.js";

/** The kinds of names workspace/symbol lists. */
export type NameKind =
  "function" | "struct" | "field" | "enum" | "enumerator" | "macro" | "variable" | "typedef";

export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  private readonly byId = new Map<number, IndexedFile>();
  private nextId = 0;
  private readonly typedefs = new Map<string, string>();
  private readonly table = (names: (file: IndexedFile, visit: NameVisitor) => void) =>
    new NameTable(names, () => this.files.values());
  private readonly functions = this.table(({ header: { names } }, visit) => {
    nameList(names.functions).forEach((name, i) => visit(name, i));
    for (const [alias, i] of namePairs(names.aliases)) visit(alias, Number(i));
  });
  private readonly structs = this.table(listed("structs"));
  private readonly fields = this.table(listed("fields"));
  private readonly enums = this.table(listed("enums"));
  private readonly enumerators = this.table(listed("enumerators"));
  private readonly macros = this.table(listed("macros"));
  private readonly variables = this.table(listed("variables"));
  private readonly typedefNames = this.table(listed("types"));
  private readonly declaredTags = this.table(listed("declaredTags"));
  private readonly directCalls = this.table(callsOfKind("d"));
  private readonly fieldCalls = this.table(callsOfKind("f"));
  private readonly opsByTarget = this.table(({ header: { names } }, visit) =>
    namePairs(names.ops).forEach(([target], i) => visit(target, i)),
  );
  private readonly opsByField = this.table(({ header: { names } }, visit) =>
    namePairs(names.ops).forEach(([, field], i) => visit(field, i)),
  );
  private readonly tables = [
    this.functions,
    this.structs,
    this.fields,
    this.enums,
    this.enumerators,
    this.macros,
    this.variables,
    this.typedefNames,
    this.declaredTags,
    this.directCalls,
    this.fieldCalls,
    this.opsByTarget,
    this.opsByField,
  ];

  /**
   * Idle-time work after a start: completes the name tables until `deadline` (performance.now()); true while
   * work remains. Without it each table costs the first request that needs it ≈ 10–60 ms. Files stay
   * unparsed until a request reaches them: parsing all of them would bring the resident size back to
   * ≈ 390 MB for a p99 hover latency of ≈ 5 ms instead of ≈ 8 ms (bench/RESULTS.md).
   */
  prime(deadline: number): boolean {
    for (const table of this.tables) if (!table.buildSome(deadline)) return true;
    return false;
  }

  constructor(
    /** Told of a cached file whose symbols cannot be read back, so the server can extract it again. */
    private readonly onUnreadable?: (path: string) => void,
  ) {}

  private changes = 0;
  private readonly reach = new IncludeReach(
    (path) => this.header(path),
    () => this.changes,
  );

  /** Grows each time a file is added, replaced or removed: what is computed across files is cached under it. */
  get generation(): number {
    return this.changes;
  }

  get fileCount(): number {
    return this.files.size;
  }

  file(path: string): FileSymbols | undefined {
    return this.files.get(path)?.symbols();
  }

  /** The stored header of a file (hash, stamp, names) without parsing its symbols. */
  header(path: string): FileHeader | undefined {
    return this.files.get(path)?.header;
  }

  /** The indexed files' paths. */
  paths(): IterableIterator<string> {
    return this.files.keys();
  }

  /** Every file's symbols: parses every file not parsed yet (the CLI's totals). */
  *allFiles(): Generator<FileSymbols> {
    for (const file of this.files.values()) yield file.symbols();
  }

  /** Every file as header and body, for the on-disk cache. */
  *allSerialized(): Generator<SerializedFile> {
    for (const file of this.files.values()) yield file.serialized();
  }

  /** The cache now holds the body `was` of `path`: see IndexedFile.bodyStored. */
  bodyStored(path: string, was: SerializedFile["body"], stored: StoredBody): void {
    this.files.get(path)?.bodyStored(was, stored);
  }

  /** A file extracted in this process (an open document, a test). */
  update(symbols: FileSymbols): void {
    this.insert(IndexedFile.fromSymbols(this.nextId++, symbols));
  }

  /** A file from the cache or a worker: only its header is read now. */
  updateSerialized(serialized: SerializedFile): void {
    this.insert(IndexedFile.fromSerialized(this.nextId++, serialized, this.onUnreadable));
  }

  private insert(file: IndexedFile): void {
    this.remove(file.path);
    this.files.set(file.path, file);
    this.byId.set(file.id, file);
    for (const [name, structType] of namePairs(file.header.names.typedefs)) {
      this.typedefs.set(name, structType);
    }
    for (const table of this.tables) table.add(file);
    this.changes++;
  }

  remove(path: string): void {
    const old = this.files.get(path);
    if (!old) return;
    for (const table of this.tables) table.remove(old);
    this.files.delete(path);
    this.byId.delete(old.id);
    this.changes++;
  }

  private resolve<K extends keyof FileRefs>(table: NameTable, name: string, kind: K): FileRefs[K] {
    const postings = table.postings(name);
    const refs: FileRefs[K][number][] = [];
    for (const posting of postings ?? []) {
      const file = this.byId.get(Math.floor(posting / STRIDE))!;
      // Missing only when the file's body could not be parsed (a damaged cache entry): it has no symbols.
      const ref = file.refs()[kind][posting % STRIDE];
      if (ref) refs.push(ref);
    }
    // Files enter the tables in the order a cold index finished them: ordered by path, the answers are the
    // same after every start (a stable sort keeps a file's own in text order).
    if (refs.length > 1) refs.sort(byPath);
    return refs as FileRefs[K];
  }

  /** Whether a name is indexed as that kind, without parsing any file (symbol lookup under the cursor). */
  has(kind: NameKind, name: string): boolean {
    switch (kind) {
      case "function":
        return this.functions.has(name);
      case "struct":
        return this.structs.has(name) || this.structs.has(this.typedefs.get(name) ?? "");
      case "field":
        return this.fields.has(name);
      case "enum":
        return this.enums.has(name);
      case "enumerator":
        return this.enumerators.has(name);
      case "macro":
        return this.macros.has(name);
      case "variable":
        return this.variables.has(name);
      case "typedef":
        return this.typedefNames.has(name);
    }
  }

  /** The refs code in `path` sees: its own file's, then those of the headers it includes, the nearest
   * first, then the rest. One of another .c file is out of its reach when `fileLocal` says so (a static
   * function or global; a #define, struct tag or enum always). */
  private visibleFrom<T extends { file: { path: string } }>(
    refs: T[],
    path: string,
    fileLocal: (ref: T) => boolean = () => true,
  ): T[] {
    return this.reach.nearestFirst(seenFrom(refs, path, fileLocal), path);
  }

  /** Definitions and prototypes named `name` (or aliased, sys_listen). */
  functionsNamed(name: string): FunctionRef[] {
    return this.resolve(this.functions, name, "functions");
  }

  /** Definitions and prototypes named `name` that code in `path` can call: all but those `static` in
   * another .c file (C gives them internal linkage; a header's static inline is every includer's). */
  functionsVisibleFrom(name: string, path: string): FunctionRef[] {
    return this.visibleFrom(this.functionsNamed(name), path, (ref) => isStaticFunction(ref.symbol));
  }

  /** Definitions only: those in `path` when it has one (a static function shadows same-named ones
   * elsewhere), else those it can see; all of them when no path is given. */
  definitionsOf(name: string, path?: string): FunctionRef[] {
    // Unranked: the call graph asks this for every call it follows, and needs the set alone.
    const all = this.functionsNamed(name);
    const functions = path === undefined ? all : seenFrom(all, path, (ref) => isStaticFunction(ref.symbol));
    const definitions = functions.filter((ref) => ref.symbol.isDefinition);
    const local = definitions.filter((ref) => ref.file.path === path);
    return local.length > 0 ? local : definitions;
  }

  structsNamed(name: string): Located<StructSymbol>[] {
    if (this.structs.has(name)) return this.resolve(this.structs, name, "structs");
    const target = this.resolveTypedef(name);
    return target !== name ? this.resolve(this.structs, target, "structs") : [];
  }

  /** The struct a type name stands for: a typedef's, or the tag an object-like macro renames
   * (include/linux/types.h: `#define rcu_head callback_head`); else the name itself. */
  resolveTypedef(name: string): string {
    const target = this.typedefs.get(name);
    if (target !== undefined || this.structs.has(name) || !this.macros.has(name)) return target ?? name;
    const renamed = this.macrosNamed(name).find(
      (m) => !m.symbol.parameters && /^[A-Za-z_]\w*$/.test(m.symbol.value),
    )?.symbol.value;
    return renamed && this.structs.has(renamed) ? renamed : name;
  }

  fieldsNamed(name: string): FieldRef[] {
    return this.resolve(this.fields, name, "fields");
  }

  /** Structs, unions and enums of that tag (or typedef) that code in `path` sees: a .c file's are its
   * own (net/ipv4/tcp_cubic.c and tcp_bic.c each define a struct bictcp). */
  typesVisibleFrom(name: string, path: string): Located<StructSymbol | EnumSymbol>[] {
    return this.visibleFrom<Located<StructSymbol | EnumSymbol>>(
      [...this.structsNamed(name), ...this.enumsNamed(name)],
      path,
    );
  }

  /** What a tag (`struct x`) written in `path` names: the types it sees, else any of that tag (a header
   * naming a struct only .c files define). */
  typesOfTag(name: string, path: string): Located<StructSymbol | EnumSymbol>[] {
    const visible = this.typesVisibleFrom(name, path);
    return visible.length > 0 ? visible : [...this.structsNamed(name), ...this.enumsNamed(name)];
  }

  /** Where a tag is declared without a body (`struct proc_dir_entry;`), all a tag no indexed file defines
   * has: the file's own declaration, else those of the headers it includes, else any (another .c file's
   * last). */
  tagDeclarationsOf(name: string, path: string): Located<TagDeclarationSymbol>[] {
    const all = this.resolve(this.declaredTags, name, "declaredTags");
    const visible = this.ownOrReached(this.visibleFrom(all, path), path);
    return visible.length > 0 ? visible : all;
  }

  enumeratorsVisibleFrom(name: string, path: string): EnumeratorRef[] {
    return this.visibleFrom(this.enumeratorsNamed(name), path);
  }

  enumsNamed(name: string): Located<EnumSymbol>[] {
    return this.resolve(this.enums, name, "enums");
  }

  enumeratorsNamed(name: string): EnumeratorRef[] {
    return this.resolve(this.enumerators, name, "enumerators");
  }

  macrosNamed(name: string): Located<MacroSymbol>[] {
    return this.resolve(this.macros, name, "macros");
  }

  /** Macros named `name` that code in `path` sees: its own #define, else those of the headers it
   * includes, else those of any header (one in another .c file ends with that file: `HASH` of
   * net/ipv6/sit.c is not net/atm/lec.c's). */
  macrosVisibleFrom(name: string, path: string): Located<MacroSymbol>[] {
    return this.ownOrReached(this.visibleFrom(this.macrosNamed(name), path), path);
  }

  variablesNamed(name: string): Located<VariableSymbol>[] {
    return this.resolve(this.variables, name, "variables");
  }

  /** Globals named `name` that code in `path` sees, its own file's first: all but those `static` in
   * another .c file (vlan_net_id in net/8021q is not net/sched/act_vlan.c's). */
  variablesVisibleFrom(name: string, path: string): Located<VariableSymbol>[] {
    return this.visibleFrom(this.variablesNamed(name), path, (v) => v.symbol.isStatic === true);
  }

  typedefsNamed(name: string): Located<TypedefSymbol>[] {
    return this.resolve(this.typedefNames, name, "typedefs");
  }

  /** Typedefs named `name` that code in `path` sees, as C scopes them: its own, else those of the headers it
   * includes (u8 from tcp_input.c is asm-generic/int-ll64.h's, not include/acpi's), else any header's. */
  typedefsVisibleFrom(name: string, path: string): Located<TypedefSymbol>[] {
    return this.ownOrReached(this.visibleFrom(this.typedefsNamed(name), path), path);
  }

  /** Whether `path` or a header its includes reach defines `name` as a function, macro, variable, enumerator
   * or typedef. */
  definedWithinReach(name: string, path: string): boolean {
    const reached = this.reach.of(path);
    const within = (refs: { file: { path: string } }[]) => refs.some((r) => reached.has(r.file.path));
    return (
      within(this.functionsNamed(name)) ||
      within(this.macrosNamed(name)) ||
      within(this.variablesNamed(name)) ||
      within(this.enumeratorsNamed(name)) ||
      within(this.typedefsNamed(name))
    );
  }

  /** Of the refs `path` sees, its own file's; else those of the headers its includes reach; else all, the
   * asm-generic ones first: a header that relies on its includers for `u16` means what most architectures
   * define, asm-generic's (include/acpi/actypes.h's stand-in sorts first by path). */
  private ownOrReached<T extends { file: { path: string } }>(refs: T[], path: string): T[] {
    const own = refs.filter((r) => r.file.path === path);
    if (own.length > 0) return own;
    const reached = this.reach.of(path);
    const included = refs.filter((r) => reached.has(r.file.path));
    if (included.length > 0) return included;
    const generic = refs.filter((r) => isAsmGeneric(r.file.path));
    return generic.length > 0 ? [...generic, ...refs.filter((r) => !isAsmGeneric(r.file.path))] : refs;
  }

  directCallsTo(name: string): CallRef[] {
    return this.resolve(this.directCalls, name, "calls");
  }

  fieldCallsOf(field: string): CallRef[] {
    return this.resolve(this.fieldCalls, field, "calls");
  }

  opsEntriesTargeting(name: string): OpsRef[] {
    return this.resolve(this.opsByTarget, name, "ops");
  }

  opsEntriesForField(field: string): OpsRef[] {
    return this.resolve(this.opsByField, field, "ops");
  }

  /** Every indexed name with its kind, for workspace/symbol. */
  private namesCache: { generation: number; names: AllNames } | undefined;

  /** Every indexed name of each kind, with its lower case: kept until the index changes, as workspace/symbol
   * reads all ≈ 400k of them for every keystroke. */
  allNames(): AllNames {
    if (this.namesCache?.generation === this.changes) return this.namesCache.names;
    const names: AllNames = { names: [], lowerCase: [], kinds: [] };
    const tables: [NameTable, NameKind][] = [
      [this.functions, "function"],
      [this.structs, "struct"],
      [this.fields, "field"],
      [this.enums, "enum"],
      [this.enumerators, "enumerator"],
      [this.macros, "macro"],
      [this.variables, "variable"],
      [this.typedefNames, "typedef"],
    ];
    for (const [table, kind] of tables) {
      for (const name of table.keys()) {
        names.names.push(name);
        names.lowerCase.push(name.toLowerCase());
        names.kinds.push(kind);
      }
    }
    this.namesCache = { generation: this.changes, names };
    return names;
  }
}

/** The refs code in `path` can see: its own, and others but those `fileLocal` keeps in another .c file. */
function seenFrom<T extends { file: { path: string } }>(
  refs: T[],
  path: string,
  fileLocal: (ref: T) => boolean,
): T[] {
  return refs.filter((r) => r.file.path === path || !(r.file.path.endsWith(".c") && fileLocal(r)));
}

function isAsmGeneric(path: string): boolean {
  return path.startsWith("include/asm-generic/") || path.startsWith("include/uapi/asm-generic/");
}

function byPath(a: { file: { path: string } }, b: { file: { path: string } }): number {
  return a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0;
}

/** Parallel lists: a name, its lower case, its kind (a name of two kinds comes twice). */
export interface AllNames {
  names: string[];
  lowerCase: string[];
  kinds: NameKind[];
}

function listed(
  list: "structs" | "fields" | "enums" | "enumerators" | "macros" | "variables" | "types" | "declaredTags",
) {
  return ({ header: { names } }: IndexedFile, visit: NameVisitor) =>
    nameList(names[list]).forEach((name, i) => visit(name, i));
}

function callsOfKind(kind: "d" | "f") {
  return ({ header: { names } }: IndexedFile, visit: NameVisitor) =>
    nameList(names.calls).forEach((callee, i) => {
      if (names.callKinds[i] === kind) visit(callee, i);
    });
}

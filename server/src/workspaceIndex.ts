// Workspace-wide name tables over every file's symbols; a file is replaced as a whole when it changes.
import type {
  CallSite,
  FieldSymbol,
  FileSymbols,
  FunctionSymbol,
  MacroSymbol,
  OpsEntry,
  StructSymbol,
  VariableSymbol,
} from "./fileSymbols.js";

export interface Located<T> {
  file: FileSymbols;
  symbol: T;
}

export type FunctionRef = Located<FunctionSymbol> & { index: number };
export type CallRef = Located<CallSite>;
export type OpsRef = Located<OpsEntry>;
export type FieldRef = Located<FieldSymbol> & { struct: StructSymbol };

export class WorkspaceIndex {
  private readonly files = new Map<string, FileSymbols>();
  private readonly functions = new Map<string, FunctionRef[]>();
  private readonly structs = new Map<string, Located<StructSymbol>[]>();
  private readonly fields = new Map<string, FieldRef[]>();
  private readonly macros = new Map<string, Located<MacroSymbol>[]>();
  private readonly variables = new Map<string, Located<VariableSymbol>[]>();
  private readonly typedefs = new Map<string, string>();
  private readonly directCalls = new Map<string, CallRef[]>();
  private readonly fieldCalls = new Map<string, CallRef[]>();
  private readonly opsByTarget = new Map<string, OpsRef[]>();
  private readonly opsByField = new Map<string, OpsRef[]>();

  get fileCount(): number {
    return this.files.size;
  }

  file(path: string): FileSymbols | undefined {
    return this.files.get(path);
  }

  allFiles(): IterableIterator<FileSymbols> {
    return this.files.values();
  }

  update(file: FileSymbols): void {
    this.remove(file.path);
    this.files.set(file.path, file);
    file.functions.forEach((symbol, index) => {
      const ref = { file, symbol, index };
      add(this.functions, symbol.name, ref);
      for (const alias of symbol.aliases ?? []) add(this.functions, alias, ref);
    });
    for (const symbol of file.structs) {
      add(this.structs, symbol.name, { file, symbol });
      for (const field of symbol.fields)
        add(this.fields, field.name, { file, symbol: field, struct: symbol });
    }
    for (const symbol of file.macros) add(this.macros, symbol.name, { file, symbol });
    for (const symbol of file.variables) add(this.variables, symbol.name, { file, symbol });
    for (const typedef of file.typedefs) this.typedefs.set(typedef.name, typedef.structType);
    for (const symbol of file.calls) {
      add(symbol.kind === "direct" ? this.directCalls : this.fieldCalls, symbol.callee, { file, symbol });
    }
    for (const symbol of file.opsEntries) {
      // One ref object in both tables: the call graph compares entries by identity.
      const ref = { file, symbol };
      add(this.opsByTarget, symbol.target, ref);
      add(this.opsByField, symbol.field, ref);
    }
  }

  remove(path: string): void {
    const old = this.files.get(path);
    if (!old) return;
    this.files.delete(path);
    const drop = <T>(map: Map<string, Located<T>[]>, key: string) => {
      const list = map.get(key);
      if (!list) return;
      const kept = list.filter((ref) => ref.file !== old);
      if (kept.length > 0) map.set(key, kept);
      else map.delete(key);
    };
    for (const f of old.functions) {
      drop(this.functions, f.name);
      for (const alias of f.aliases ?? []) drop(this.functions, alias);
    }
    for (const s of old.structs) {
      drop(this.structs, s.name);
      for (const field of s.fields) drop(this.fields, field.name);
    }
    for (const m of old.macros) drop(this.macros, m.name);
    for (const v of old.variables) drop(this.variables, v.name);
    for (const c of old.calls) drop(c.kind === "direct" ? this.directCalls : this.fieldCalls, c.callee);
    for (const o of old.opsEntries) {
      drop(this.opsByTarget, o.target);
      drop(this.opsByField, o.field);
    }
  }

  /** Definitions and prototypes named `name` (or aliased, sys_listen). */
  functionsNamed(name: string): FunctionRef[] {
    return this.functions.get(name) ?? [];
  }

  /** Definitions only, those in `preferredPath` first (a static function shadows same-named ones elsewhere). */
  definitionsOf(name: string, preferredPath?: string): FunctionRef[] {
    const definitions = this.functionsNamed(name).filter((ref) => ref.symbol.isDefinition);
    const local = definitions.filter((ref) => ref.file.path === preferredPath);
    return local.length > 0 ? local : definitions;
  }

  structsNamed(name: string): Located<StructSymbol>[] {
    const direct = this.structs.get(name);
    if (direct) return direct;
    const target = this.typedefs.get(name);
    return target ? (this.structs.get(target) ?? []) : [];
  }

  resolveTypedef(name: string): string {
    return this.typedefs.get(name) ?? name;
  }

  fieldsNamed(name: string): FieldRef[] {
    return this.fields.get(name) ?? [];
  }

  macrosNamed(name: string): Located<MacroSymbol>[] {
    return this.macros.get(name) ?? [];
  }

  variablesNamed(name: string): Located<VariableSymbol>[] {
    return this.variables.get(name) ?? [];
  }

  directCallsTo(name: string): CallRef[] {
    return this.directCalls.get(name) ?? [];
  }

  fieldCallsOf(field: string): CallRef[] {
    return this.fieldCalls.get(field) ?? [];
  }

  opsEntriesTargeting(name: string): OpsRef[] {
    return this.opsByTarget.get(name) ?? [];
  }

  opsEntriesForField(field: string): OpsRef[] {
    return this.opsByField.get(field) ?? [];
  }

  /** Every indexed name with its kind, for workspace/symbol. */
  *allNames(): Generator<[string, "function" | "struct" | "macro" | "variable"]> {
    for (const name of this.functions.keys()) yield [name, "function"];
    for (const name of this.structs.keys()) yield [name, "struct"];
    for (const name of this.macros.keys()) yield [name, "macro"];
    for (const name of this.variables.keys()) yield [name, "variable"];
  }
}

function add<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

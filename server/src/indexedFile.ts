// A file in the workspace index: its header always, its symbols parsed on first use. The refs handed to
// requests are made once per file, so the same symbol is always the same object (the call graph compares
// ops entries by identity).
import type {
  CallSite,
  EnumeratorSymbol,
  EnumSymbol,
  FieldSymbol,
  FileSymbols,
  FunctionSymbol,
  MacroSymbol,
  OpsEntry,
  StructSymbol,
  TagDeclarationSymbol,
  TypedefSymbol,
  VariableSymbol,
} from "./fileSymbols.js";
import {
  headerOf,
  parseBody,
  UNREADABLE_ENTRY,
  type FileHeader,
  type SerializedFile,
  type StoredBody,
} from "./serializedFile.js";

export interface Located<T> {
  file: FileSymbols;
  symbol: T;
}

export type FunctionRef = Located<FunctionSymbol> & { index: number };
export type CallRef = Located<CallSite>;
export type OpsRef = Located<OpsEntry>;
export type FieldRef = Located<FieldSymbol> & { struct: StructSymbol };
export type EnumeratorRef = Located<EnumeratorSymbol> & { enum: EnumSymbol };

/** Every symbol of a file as a ref, in the order of FileHeader.names. */
export interface FileRefs {
  functions: FunctionRef[];
  structs: Located<StructSymbol>[];
  fields: FieldRef[];
  /** Named enums only, as FileHeader.names lists them. */
  enums: Located<EnumSymbol>[];
  enumerators: EnumeratorRef[];
  macros: Located<MacroSymbol>[];
  variables: Located<VariableSymbol>[];
  typedefs: Located<TypedefSymbol>[];
  declaredTags: Located<TagDeclarationSymbol>[];
  calls: CallRef[];
  ops: OpsRef[];
}

export class IndexedFile {
  private body: SerializedFile["body"] | undefined;
  private materialized: FileSymbols | undefined;
  private fileRefs: FileRefs | undefined;
  private onUnreadable: ((path: string) => void) | undefined;

  private constructor(
    /** Distinguishes this version of the file from earlier ones in the name tables. */
    readonly id: number,
    readonly header: FileHeader,
  ) {}

  static fromSymbols(id: number, symbols: FileSymbols): IndexedFile {
    const file = new IndexedFile(id, headerOf(symbols));
    file.materialized = symbols;
    return file;
  }

  /** `onUnreadable` hears of a body that does not parse, so the file can be extracted again. */
  static fromSerialized(
    id: number,
    serialized: SerializedFile,
    onUnreadable?: (path: string) => void,
  ): IndexedFile {
    const file = new IndexedFile(id, serialized.header);
    file.body = serialized.body;
    file.onUnreadable = onUnreadable;
    return file;
  }

  get path(): string {
    return this.header.path;
  }

  symbols(): FileSymbols {
    if (!this.materialized) {
      this.materialized = parseBody({ header: this.header, body: this.body! });
      // The parsed symbols are the truth from now on; the text would only double the memory.
      this.body = undefined;
      if (this.materialized.error?.startsWith(UNREADABLE_ENTRY)) this.onUnreadable?.(this.path);
    }
    return this.materialized;
  }

  /** The body, if still `was` and unparsed, is now also at `stored` (the cache just written): the index reads
   * it from there and lets go of the bytes. */
  bodyStored(was: SerializedFile["body"], stored: StoredBody): void {
    if (this.body !== undefined && this.body === was) this.body = stored;
  }

  /** Header and body for the cache: as read or received while unparsed, else from the parsed symbols (an
   * unreadable entry then carries its error and is not cached again). */
  serialized(): SerializedFile {
    if (this.body !== undefined) return { header: this.header, body: this.body };
    const symbols = this.materialized!;
    return { header: headerOf(symbols), body: JSON.stringify(symbols) };
  }

  refs(): FileRefs {
    if (this.fileRefs) return this.fileRefs;
    const file = this.symbols();
    this.fileRefs = {
      functions: file.functions.map((symbol, index) => ({ file, symbol, index })),
      structs: file.structs.map((symbol) => ({ file, symbol })),
      fields: file.structs.flatMap((struct) => struct.fields.map((symbol) => ({ file, symbol, struct }))),
      enums: file.enums.filter((e) => e.name !== undefined).map((symbol) => ({ file, symbol })),
      enumerators: file.enums.flatMap((e) => e.enumerators.map((symbol) => ({ file, symbol, enum: e }))),
      macros: file.macros.map((symbol) => ({ file, symbol })),
      variables: file.variables.map((symbol) => ({ file, symbol })),
      typedefs: file.typedefs.map((symbol) => ({ file, symbol })),
      declaredTags: (file.tagDeclarations ?? []).map((symbol) => ({ file, symbol })),
      calls: file.calls.map((symbol) => ({ file, symbol })),
      ops: file.opsEntries.map((symbol) => ({ file, symbol })),
    };
    return this.fileRefs;
  }
}

// The head of a file-scope declaration, word by word, as the text scan reads it (textScan.ts): whether a
// `(` after it opens a parameter list the parse may leave out.
import { C_KEYWORDS, NON_TYPE_SPECIFIERS } from "./kernelMacros.js";

const SEMICOLON = 0x3b;
const STAR = 0x2a;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;

const TAG_KEYWORDS: ReadonlySet<string> = new Set(["struct", "union", "enum"]);

/**
 * The words of a declaration's head, one by one: type words (`struct sock`, `unsigned long`, or a typedef's
 * name, the first unknown word) and then names. The text scan asks of a file-scope statement before its
 * first `(` whether it is a type and then one name (`static struct sock *sk_alloc`), so the group after it
 * is a parameter list: a statement's first word (`EXPORT_SYMBOL(tcp_prot)`, `static DEFINE_MUTEX(lock)`)
 * is a macro whose arguments the index reads, and an unknown word between type and name
 * (`int __xipram cfi_qry_present`) leaves tree-sitter to guess, so such groups stay in the parse. A
 * parameter's name is its head's last name (parameterLists.ts).
 */
export class DeclarationHead {
  private typeSeen = false;
  private afterTag = false;
  private names = 0;
  private lastName = "";
  private plain = true;

  reset(): void {
    this.typeSeen = false;
    this.afterTag = false;
    this.names = 0;
    this.lastName = "";
    this.plain = true;
  }

  copy(): DeclarationHead {
    const head = new DeclarationHead();
    head.restore(this);
    return head;
  }

  /** Back to the words `saved` had read. */
  restore(saved: DeclarationHead): void {
    this.typeSeen = saved.typeSeen;
    this.afterTag = saved.afterTag;
    this.names = saved.names;
    this.lastName = saved.lastName;
    this.plain = saved.plain;
  }

  word(word: string): void {
    if (this.afterTag) {
      this.afterTag = false;
      this.typeSeen = true;
    } else if (TAG_KEYWORDS.has(word)) {
      this.afterTag = true;
    } else if (NON_TYPE_SPECIFIERS.has(word)) {
      // static, const …
    } else if (C_KEYWORDS.has(word) || !this.typeSeen) {
      this.typeSeen = true;
    } else {
      this.names++;
      this.lastName = word;
    }
  }

  /** A type written otherwise than in words (`typeof(x)`). */
  type(): void {
    this.typeSeen = true;
  }

  /** The last word after the type; "" when there is none (`u32`, `struct sock *`). */
  name(): string {
    return this.lastName;
  }

  /** A character of code outside parentheses (not a word, a brace or a `(`). */
  punctuation(c: number): void {
    if (c === SEMICOLON) this.reset();
    else if (c !== STAR && c !== OPEN_PAREN && c !== CLOSE_PAREN) this.plain = false;
  }

  declaresName(): boolean {
    return this.plain && this.names === 1 && /[a-z]/.test(this.lastName);
  }
}

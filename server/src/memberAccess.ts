// How a member access under the cursor is written, read back from the text: `sk->sk_lock.owned` is
// base `sk`, path ["sk_lock"]; `inet_csk(sk)->icsk_accept_queue.qlen` is a call to inet_csk, path
// ["icsk_accept_queue"]; `offsetof(struct tcphdr, check)` names a member of struct tcphdr. The receiver's
// type then picks the one struct whose field it is, among the 290 structs with a field named `len`.
import { beforeSubscripts, identifierBefore, matchingOpen, skipSpaceBack } from "./backwardScan.js";
import { typeNameOf } from "./declaredTypes.js";
import { isDesignatorDot } from "./designators.js";
import { ARGUMENT_TYPED_MACROS, ENTRY_ITERATOR_MACROS, MEMBER_NAMING_MACROS } from "./kernelMacros.js";
import { closingParen, topLevelArguments } from "./macroArguments.js";

export interface MemberAccess {
  /** The variable or function the chain starts from, and where its name starts ("" when a cast or
   * container_of types the chain alone). */
  base: string;
  baseStart: number;
  /** `inet_csk(sk)->…`: the base is a call, typed by the function's return type. */
  baseIsCall?: true;
  /** `((struct tcp_sock *)sk)->…`: the cast names the base's struct. */
  castStruct?: string;
  /** Fields from the base to the struct holding the member. */
  path: string[];
}

const MAX_STEPS = 16;
const BLANK_LINE = /\n[ \t]*\n/;
const SAME_LINE_SPACE = /^[ \t]+$/;
const KEYWORDS = new Set(["if", "while", "for", "switch", "return", "sizeof", "typeof", "__typeof__"]);

/** The access ending in the member whose name starts at `memberStart`, or undefined if it is none. */
export function memberAccessAt(text: string, memberStart: number): MemberAccess | undefined {
  const path: string[] = [];
  let at = memberStart;
  for (let step = 0; step < MAX_STEPS; step++) {
    const nameStart = at;
    at = skipSpaceBack(text, at);
    // A chain goes on across no blank line, nor from a word's period followed by spaces on its line: a
    // comment's sentence ends so (net/core/neighbour.c: `prevents destruction.`, a blank line, `neigh->lock
    // mainly`; net/ipv4/ipip.c: `that buffer.  skb->len is set`); `sk_lock . owned` is still a chain.
    const gap = text.slice(at, nameStart);
    const chained = !BLANK_LINE.test(gap);
    const sentenceEnd = SAME_LINE_SPACE.test(gap) && /\w/.test(text[at - 2] ?? "");
    if (chained && text.startsWith("->", at - 2)) at -= 2;
    else if (chained && text[at - 1] === "." && text[at - 2] !== "." && !sentenceEnd) {
      // `.arg.data = tss` or `.mmap = …` after an `#endif`: a designator's parts (designatorAt).
      if (isDesignatorDot(text, at - 1)) return undefined;
      at -= 1;
    } else return step === 0 ? undefined : { base: path.shift()!, baseStart: nameStart, path };
    // `tbl[i].field`: the subscript does not change the type the chain walks.
    const beforeIndex = beforeSubscripts(text, skipSpaceBack(text, at));
    if (beforeIndex === undefined) return undefined;
    at = beforeIndex;
    if (text[at - 1] === ")") {
      const open = matchingOpen(text, at - 1, "(", ")");
      if (open === undefined) return undefined;
      const before = identifierBefore(text, skipSpaceBack(text, open));
      if (before && !KEYWORDS.has(before.name)) {
        return (
          throughMacroCall(text, before.name, open, at - 1, path) ?? {
            base: before.name,
            baseStart: before.start,
            baseIsCall: true,
            path,
          }
        );
      }
      return parenthesized(text, open + 1, at - 1, path);
    }
    const identifier = identifierBefore(text, at);
    if (!identifier) return undefined;
    path.unshift(identifier.name);
    at = identifier.start;
  }
  return undefined;
}

/** A member after a call of a macro that yields its argument or a container of it:
 * `rcu_dereference(sk->sk_wq)->wait` is sk->sk_wq's, `this_cpu_ptr(&softnet_data)->…` softnet_data's
 * (ARGUMENT_TYPED_MACROS), `container_of(p, struct eppoll_entry, wait)->base` struct eppoll_entry's. */
function throughMacroCall(
  text: string,
  macro: string,
  open: number,
  close: number,
  path: string[],
): MemberAccess | undefined {
  const named = MEMBER_NAMING_MACROS.get(macro);
  const passes = ARGUMENT_TYPED_MACROS.has(macro);
  if (!passes && !named?.yieldsContainer) return undefined;
  const args = topLevelArguments(text, open, close);
  if (named) {
    const type = args[named.typeArgument];
    const struct = type && typeNameOf(text.slice(...type));
    return struct ? { base: "", baseStart: open, castStruct: struct, path } : undefined;
  }
  const [argument] = args;
  if (!argument) return undefined;
  // `inet_protos[proto]`: the subscript does not change the type.
  const end = beforeSubscripts(text, argument[1]);
  const last = end === undefined ? undefined : identifierBefore(text, end);
  if (!last || last.start < argument[0]) return undefined;
  if (/^[&*\s(]*$/.test(text.slice(argument[0], last.start)))
    return { base: last.name, baseStart: last.start, path };
  const inner = memberAccessAt(text, last.start);
  return inner && { ...inner, path: [...inner.path, last.name, ...path] };
}

/** A member named in a macro's argument: of the struct type another argument gives
 * (`offsetof(struct tcp_sock, snd_wnd)`, `container_of(head, struct tcp_sock, tsq_node)`,
 * `offsetof(union pptp_ctrl_union, clrreq.callID)`; kernelMacros.ts: MEMBER_NAMING_MACROS), or of the struct
 * a variable points to: a list iterator's cursor (`list_for_each_entry(req, head, list)`), a typeof's operand
 * (`hlist_entry(pprev, typeof(*fa), fa_list.next)`), kfree_rcu's pointer (`kfree_rcu(fou, rcu)`); `variable`
 * is req, fa, fou, whose type is the caller's to find (memberHolder.ts), `path` from it to the holder. */
export function memberArgumentAt(
  text: string,
  memberStart: number,
): { struct?: string; variable?: { name: string; start: number }; path: string[] } | undefined {
  const path: string[] = [];
  let at = memberStart;
  for (let step = 0; step < MAX_STEPS; step++) {
    const dot = skipSpaceBack(text, at);
    if (text[dot - 1] !== "." || text[dot - 2] === ".") break;
    if (isDesignatorDot(text, dot - 1)) return undefined;
    const outer = identifierBefore(text, skipSpaceBack(text, dot - 1));
    if (!outer) return undefined;
    path.unshift(outer.name);
    at = outer.start;
  }
  const argument = argumentAround(text, at);
  if (!argument) return undefined;
  const callee = identifierBefore(text, skipSpaceBack(text, argument.open));
  if (callee && ENTRY_ITERATOR_MACROS.has(callee.name)) return iteratorMember(text, argument, path);
  const macro = callee && MEMBER_NAMING_MACROS.get(callee.name);
  if (!macro || argument.index !== macro.memberArgument) return undefined;
  const close = closingParen(text, argument.open);
  const type =
    close === undefined ? undefined : topLevelArguments(text, argument.open, close)[macro.typeArgument];
  if (!type) return undefined;
  const struct = macro.givesPointer ? undefined : typeNameOf(text.slice(...type));
  if (struct) return { struct, path };
  // `typeof(*fa)` (net/ipv4/fib_trie.c: hlist_entry), or kfree_rcu's pointer: the struct is a variable's.
  const operand = macro.givesPointer ? type : typeofOperand(text, type[0], type[1]);
  const pointed = operand && variableChain(text, operand[0], operand[1]);
  return pointed && { variable: pointed.variable, path: [...pointed.path, ...path] };
}

const TYPEOF_AT = /\s*(?:typeof|__typeof__|__typeof)\s*\(/y;

/** The expression in `typeof(…)` written from `start` to `end`, or undefined when the text is no typeof. */
function typeofOperand(text: string, start: number, end: number): [number, number] | undefined {
  TYPEOF_AT.lastIndex = start;
  if (!TYPEOF_AT.test(text)) return undefined;
  const close = closingParen(text, TYPEOF_AT.lastIndex - 1);
  return close !== undefined && close < end ? [TYPEOF_AT.lastIndex, close] : undefined;
}

/** `*fa`, `*(pos)`, `nh->nh_exceptions`: the variable an expression starts from and the fields it goes
 * through (a dereference does not change the struct); undefined for any other expression. */
function variableChain(
  text: string,
  start: number,
  end: number,
): { variable: { name: string; start: number }; path: string[] } | undefined {
  const chain = /^[\s(*]*([A-Za-z_]\w*)((?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*)[\s)]*$/.exec(
    text.slice(start, end),
  );
  if (!chain) return undefined;
  const name = chain[1]!;
  const path = chain[2]!
    .split(/->|\./)
    .map((part) => part.trim())
    .filter(Boolean);
  return { variable: { name, start: start + chain[0].indexOf(name) }, path };
}

/** The last argument of a list iterator, a member of what its first argument (a plain name) points to. */
function iteratorMember(
  text: string,
  argument: { open: number; index: number },
  path: string[],
): { variable: { name: string; start: number }; path: string[] } | undefined {
  const close = closingParen(text, argument.open);
  const args = close === undefined ? [] : topLevelArguments(text, argument.open, close);
  if (args.length < 2 || argument.index !== args.length - 1) return undefined;
  const [start, end] = args[0]!;
  const name = text.slice(start, end);
  return /^[A-Za-z_]\w*$/.test(name) ? { variable: { name, start }, path } : undefined;
}

const ARGUMENT_SCAN_LIMIT = 2_000;

/** The `(` of the call whose argument list holds `at`, and which argument (from 0) `at` is in; undefined
 * past the statement's start. */
function argumentAround(text: string, at: number): { open: number; index: number } | undefined {
  let depth = 0;
  let index = 0;
  for (let i = at - 1; i >= Math.max(0, at - ARGUMENT_SCAN_LIMIT); i--) {
    const c = text[i];
    if (c === ")" || c === "]") depth++;
    else if (c === "(" || c === "[") {
      if (depth === 0) return c === "(" ? { open: i, index } : undefined;
      depth--;
    } else if (c === "," && depth === 0) index++;
    else if (c === ";" || c === "{" || c === "}") return undefined;
  }
  return undefined;
}

/** `(*sk)->x`, `(sk)->x`, a cast of any expression: `((struct tcp_sock *)sk)->x`,
 * `((struct seq_file *)file->private_data)->private`, or a member access in parentheses; anything else is
 * not followed. */
function parenthesized(
  text: string,
  innerStart: number,
  innerEnd: number,
  path: string[],
): MemberAccess | undefined {
  const inner = text.slice(innerStart, innerEnd);
  const cast = /^\s*\(\s*(?:const\s+)?(?:struct|union)\s+(\w+)\s*\*\s*\)[\s(&*]*([A-Za-z_]\w*)?/.exec(inner);
  if (cast) {
    // The cast alone types the member: `((struct sock *)0)->sk_prot` has no variable to look up.
    const base = cast[2] ?? "";
    return { base, baseStart: innerStart + cast[0].length - base.length, castStruct: cast[1]!, path };
  }
  const plain = /^\s*\*?\s*(\w+)\s*$/.exec(inner);
  if (plain) {
    const base = plain[1]!;
    return { base, baseStart: innerStart + inner.lastIndexOf(base), path };
  }
  // A member access itself: `((*bat_debug)->attr).mode` (net/batman-adv/debugfs.c) continues its chain.
  const last = /([A-Za-z_]\w*)\s*$/.exec(inner);
  const access = last && memberAccessAt(text, innerStart + last.index);
  return access ? { ...access, path: [...access.path, last[1]!, ...path] } : undefined;
}

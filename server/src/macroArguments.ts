// The arguments of a macro invocation, read from the text: tree-sitter cannot know that
// `SYSCALL_DEFINE3(bind, int, fd, struct sockaddr __user *, umyaddr, int, addrlen)` is a list of types and
// names, or that `TRACE_EVENT(x, TP_PROTO(…), …)` names a tracepoint.
import { endOfCommentOrLiteral } from "./commentsAndLiterals.js";

/** The `)` closing the `(` at `open`, skipping strings, character literals and comments. */
export function closingParen(text: string, open: number): number | undefined {
  return closing(text, open, "(", ")");
}

/** The `}` closing the `{` at `open`, likewise (a brace initializer's list). */
export function closingBrace(text: string, open: number): number | undefined {
  return closing(text, open, "{", "}");
}

function closing(text: string, open: number, opening: string, closer: string): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const skipped = endOfCommentOrLiteral(text, i);
    if (skipped !== undefined) i = skipped - 1;
    else if (text[i] === opening) depth++;
    else if (text[i] === closer && --depth === 0) return i;
  }
  return undefined;
}

/** [start, end) of each argument between `open` and `close`, trimmed; nested parentheses stay inside. */
export function topLevelArguments(text: string, open: number, close: number): [number, number][] {
  const args: [number, number][] = [];
  let depth = 0;
  let from = open + 1;
  const push = (to: number) => {
    let a = from;
    let b = to;
    while (a < b && /\s/.test(text[a]!)) a++;
    while (b > a && /\s/.test(text[b - 1]!)) b--;
    args.push([a, b]);
  };
  for (let i = open + 1; i < close; i++) {
    const skipped = endOfCommentOrLiteral(text, i);
    if (skipped !== undefined) i = skipped - 1;
    else if (text[i] === "(") depth++;
    else if (text[i] === ")") depth--;
    else if (text[i] === "," && depth === 0) {
      push(i);
      from = i + 1;
    }
  }
  push(close);
  return args;
}

// The arguments of a macro invocation, read from the text: tree-sitter cannot know that
// `SYSCALL_DEFINE3(bind, int, fd, struct sockaddr __user *, umyaddr, int, addrlen)` is a list of types and
// names, or that `TRACE_EVENT(x, TP_PROTO(…), …)` names a tracepoint.

/** The `)` closing the `(` at `open`, skipping strings, character literals and comments. */
export function closingParen(text: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const skipped = endOfLiteralOrComment(text, i);
    if (skipped !== undefined) i = skipped;
    else if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
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
    const skipped = endOfLiteralOrComment(text, i);
    if (skipped !== undefined) i = skipped;
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

/** When a string, character literal or comment starts at `i`: the index of its last character. */
function endOfLiteralOrComment(text: string, i: number): number | undefined {
  const ch = text[i];
  if (ch === '"' || ch === "'") {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === "\\") j++;
      else if (text[j] === ch || text[j] === "\n") return j;
    }
    return text.length;
  }
  if (ch !== "/") return undefined;
  if (text[i + 1] === "*") {
    const end = text.indexOf("*/", i + 2);
    return end < 0 ? text.length : end + 1;
  }
  if (text[i + 1] === "/") {
    const end = text.indexOf("\n", i);
    return end < 0 ? text.length : end - 1;
  }
  return undefined;
}

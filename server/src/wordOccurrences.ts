// Where a name is written in the indexed files' code: the uses the index does not record (a field read as
// `sk->sk_ack_backlog`, a global, an object-like macro, a struct tag, a function passed as a callback).
// Files are searched as bytes and decoded only when the name is in them: all 51 MB of net/ + include/ in
// about 0.1 s. Comments and string literals are not code, so occurrences there are left out.
import { commentAndLiteralSpans } from "./commentsAndLiterals.js";
import { isIdentifierPart } from "./kernelMacros.js";

export interface FileOccurrences {
  path: string;
  text: string;
  /** Offsets where the name starts, as a whole word, outside comments and strings. */
  starts: number[];
}

export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

/** Files searched between two turns of the event loop, so other requests are answered meanwhile. */
const FILES_PER_TURN = 400;

/** Hands each file where `name` is written to `visit` as it is found, so that its text is let go of before
 * the next turn: kept for the whole search, the texts of kfree's 1,000 files outlived the young generation
 * and grew the heap by tens of MB per request. */
export async function wordOccurrences(
  paths: Iterable<string>,
  name: string,
  /** The editor's text of an open file, else the file's bytes; undefined when it cannot be read. */
  read: (path: string) => string | Buffer | undefined,
  visit: (file: FileOccurrences) => void,
  cancellation?: Cancellation,
): Promise<void> {
  let searched = 0;
  for (const path of paths) {
    if (++searched % FILES_PER_TURN === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      if (cancellation?.isCancellationRequested) return;
    }
    const content = read(path);
    if (content === undefined || content.indexOf(name) < 0) continue;
    const text = typeof content === "string" ? content : content.toString("utf8");
    const starts = wordStartsInCode(text, name);
    if (starts.length > 0) visit({ path, text, starts });
  }
}

/** Whole-word occurrences of `name` in `text` outside comments and string or character literals. */
export function wordStartsInCode(text: string, name: string): number[] {
  const starts: number[] = [];
  let skipped: [number, number][] | undefined;
  let next = 0;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
    if (at > 0 && isIdentifierPart(text[at - 1]!)) continue;
    if (at + name.length < text.length && isIdentifierPart(text[at + name.length]!)) continue;
    skipped ??= commentAndLiteralSpans(text);
    while (next < skipped.length && skipped[next]![1] <= at) next++;
    if (next < skipped.length && skipped[next]![0] <= at) continue;
    starts.push(at);
  }
  return starts;
}

import { expect, test } from "vitest";
import { includeCandidates, includesOf } from "../src/includeTargets.js";
import { IndexQueue } from "../src/indexQueue.js";
import { directivesOf } from "../src/preprocessorLines.js";

test("#include lines as written; #include_next and comments are not includes", () => {
  const text = '#include <linux/tcp.h>\n# include "fib_lookup.h"\n#include_next <x.h>\n// #include <y.h>\n';
  expect(includesOf(text)).toEqual(["<linux/tcp.h>", '"fib_lookup.h"']);
  // Read from the file's directive lines, as the indexer does: the same.
  expect(includesOf(text, directivesOf(text))).toEqual(["<linux/tcp.h>", '"fib_lookup.h"']);
  expect(includeCandidates("net/ipv4/fib_trie.c", '"fib_lookup.h"')).toEqual([
    "net/ipv4/fib_lookup.h",
    "include/fib_lookup.h",
    "include/uapi/fib_lookup.h",
  ]);
  expect(includeCandidates("net/ipv4/tcp.c", "<net/tcp.h>")).toEqual([
    "include/net/tcp.h",
    "include/uapi/net/tcp.h",
  ]);
  // An architecture's header, arch/ not being indexed: asm-generic's, which most architectures use.
  expect(includeCandidates("include/uapi/linux/types.h", "<asm/types.h>")).toEqual([
    "include/asm/types.h",
    "include/uapi/asm/types.h",
    "include/asm-generic/types.h",
    "include/uapi/asm-generic/types.h",
  ]);
});

test("headers a source includes are indexed next, and so on down; unreached ones wait", () => {
  const queue = new IndexQueue(["net/a.c", "net/b.c", "include/x.h", "include/y.h", "include/z.h"]);
  expect(queue.take()).toBe("net/a.c");
  queue.finished("net/a.c", ["<z.h>"]);
  expect(queue.take()).toBe("include/z.h");
  expect(queue.take()).toBe("net/b.c");
  queue.finished("include/z.h", ["<y.h>", "<missing.h>"]);
  expect(queue.take()).toBe("include/y.h");
  queue.finished("net/b.c");
  expect(queue.reachedComplete).toBe(false);
  queue.finished("include/y.h");
  expect(queue.reachedComplete).toBe(true);
  expect(queue.reachedCount).toBe(4);
  expect(queue.take()).toBe("include/x.h");
  expect(queue.take()).toBeUndefined();
});

test("a header indexed before anything reached it brings its own includes along once reached", () => {
  const queue = new IndexQueue(["net/a.c", "include/x.h", "include/y.h"]);
  expect(queue.take()).toBe("net/a.c");
  expect(queue.take()).toBe("include/x.h");
  queue.finished("include/x.h", ["<y.h>"]);
  queue.finished("net/a.c", ["<x.h>"]);
  expect(queue.reachedCount).toBe(3);
  expect(queue.reachedComplete).toBe(false);
  expect(queue.take()).toBe("include/y.h");
  queue.finished("include/y.h");
  expect(queue.reachedComplete).toBe(true);
});

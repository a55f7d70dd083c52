import { expect, test } from "vitest";
import { IndexWorkerPool } from "../src/indexWorkerPool.js";

test("a worker that dies fails only its file, and is replaced", async () => {
  const pool = new IndexWorkerPool(1, {}, new URL("./fixtures/crashingWorker.mjs", import.meta.url));
  try {
    const first = await pool.extract("net/ipv4/a.c", "int a;");
    expect(first).toMatchObject({
      path: "net/ipv4/a.c",
      error: expect.stringMatching(/^failed: indexing worker/),
    });
    const second = await pool.extract("net/ipv4/b.c", "int b;");
    expect(second.error).toMatch(/^failed/);
  } finally {
    await pool.close();
  }
});

test("files in flight together come back in batches, each to its own request", async () => {
  // The built worker (npm run build), as the bin and the extension run it.
  const pool = new IndexWorkerPool(2, {}, new URL("../dist/indexWorker.js", import.meta.url));
  try {
    const names = Array.from({ length: 40 }, (_, i) => `f${i}`);
    const files = await Promise.all(
      names.map((name) =>
        pool.extract(`net/ipv4/${name}.c`, `int ${name}(void) { return ${name}_helper(); }`),
      ),
    );
    files.forEach((file, i) => {
      expect(file.path).toBe(`net/ipv4/${names[i]}.c`);
      expect(file.functions.map((f) => f.name)).toEqual([names[i]]);
      expect(file.calls.map((c) => c.callee)).toEqual([`${names[i]}_helper`]);
    });
  } finally {
    await pool.close();
  }
});

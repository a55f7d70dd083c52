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

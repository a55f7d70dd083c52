import { defineConfig } from "vitest/config";

// Three groups, run one after the other: the suite (files in parallel), then the two measurements that
// need the machine to themselves — a real VS Code (code-server) and the real-kernel judge, whose packet
// times would shift if the parser benchmarks of the suite ran beside them.
const isolated = ["test/e2e/codeServer.test.ts", "test/kernel/**/*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "suite",
          include: [
            "simulator/test/**/*.test.ts",
            "server/test/**/*.test.ts",
            "client/test/**/*.test.ts",
            "test/**/*.test.ts",
          ],
          exclude: isolated,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "real-editor",
          include: ["test/e2e/codeServer.test.ts"],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "real-kernel",
          include: ["test/kernel/**/*.test.ts"],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});

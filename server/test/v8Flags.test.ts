import { describe, expect, test } from "vitest";
import { SERVER_V8_FLAGS, V8_11_FLAGS, v8FlagsState } from "../src/v8Flags.js";

describe("the server's V8 flags", () => {
  test("plain Node: what the command line lacks is set at start", () => {
    expect(v8FlagsState([], false, "10.2.154")).toEqual({
      fromCommandLine: [],
      toSet: SERVER_V8_FLAGS,
      missing: [],
    });
    expect(v8FlagsState(["--inspect", ...SERVER_V8_FLAGS], false, "10.2.154")).toEqual({
      fromCommandLine: SERVER_V8_FLAGS,
      toSet: [],
      missing: [],
    });
  });

  test("V8 11's tuning is set at start on V8 11 alone, never passed on a command line", () => {
    expect(v8FlagsState([], false, "11.3.244.8-node.38").toSet).toEqual([...SERVER_V8_FLAGS, ...V8_11_FLAGS]);
    // node 24's V8 has no --interrupt-budget: on its command line the flag stops the process.
    expect(v8FlagsState([], false, "13.6.233.17-node.37").toSet).toEqual(SERVER_V8_FLAGS);
    expect(SERVER_V8_FLAGS.some((flag) => V8_11_FLAGS.includes(flag))).toBe(false);
  });

  test("Electron (VS Code): never set after start, reported missing unless on the command line", () => {
    expect(v8FlagsState([], true, "11.3.244")).toEqual({
      fromCommandLine: [],
      toSet: [],
      missing: SERVER_V8_FLAGS,
    });
    expect(v8FlagsState([...SERVER_V8_FLAGS], true).missing).toEqual([]);
  });
});

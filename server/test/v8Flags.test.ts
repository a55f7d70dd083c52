import { describe, expect, test } from "vitest";
import { SERVER_V8_FLAGS, v8FlagsState } from "../src/v8Flags.js";

describe("the server's V8 flags", () => {
  test("plain Node: what the command line lacks is set at start", () => {
    expect(v8FlagsState([], false)).toEqual({ fromCommandLine: [], toSet: SERVER_V8_FLAGS, missing: [] });
    expect(v8FlagsState(["--inspect", ...SERVER_V8_FLAGS], false)).toEqual({
      fromCommandLine: SERVER_V8_FLAGS,
      toSet: [],
      missing: [],
    });
  });

  test("Electron (VS Code): never set after start, reported missing unless on the command line", () => {
    expect(v8FlagsState([], true)).toEqual({ fromCommandLine: [], toSet: [], missing: SERVER_V8_FLAGS });
    expect(v8FlagsState([...SERVER_V8_FLAGS], true).missing).toEqual([]);
  });
});

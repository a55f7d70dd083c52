import { describe, expect, test } from "vitest";
import { expandMacros, functionLikeMacros } from "../src/macroExpansion.js";

const TEXT = [
  "#define ENTRY(attr, name, mval, proc) \\",
  "\t{ \\",
  "\t\t.procname\t= name, \\",
  "\t\t.data\t\t= conf.data + CONF_ ## attr - 1, \\",
  "\t\t.mode\t\t= mval, \\",
  "\t\t.proc_handler\t= proc, \\",
  "\t}",
  "#define RW_ENTRY(attr, name) ENTRY(attr, name, 0644, conf_proc)",
  "#define FLUSHING_ENTRY(attr, name) RW_ENTRY(attr, name)",
  "#define NOT_A_FUNCTION_LIKE_MACRO 1",
].join("\n");

describe("a file's function-like macros", () => {
  test("read from their #define lines, continuation lines joined", () => {
    const macros = functionLikeMacros(TEXT);
    expect([...macros.keys()]).toEqual(["ENTRY", "RW_ENTRY", "FLUSHING_ENTRY"]);
    expect(macros.get("RW_ENTRY")).toEqual({
      parameters: ["attr", "name"],
      replacement: "ENTRY(attr, name, 0644, conf_proc)",
    });
  });

  test("expanded through one another, `##` pasting the argument as written", () => {
    const expanded = expandMacros('FLUSHING_ENTRY(RP_FILTER, "rp_filter"),', functionLikeMacros(TEXT));
    expect(expanded.replace(/\s+/g, " ")).toBe(
      '{ .procname = "rp_filter", .data = conf.data + CONF_RP_FILTER - 1, .mode = 0644, .proc_handler = conf_proc, },',
    );
  });

  test("a macro that invokes itself stops growing: bounded rescans and size", () => {
    const recursive = functionLikeMacros(
      "#define TWICE(x) TWICE(x) TWICE(x) TWICE(x) TWICE(x) TWICE(x) TWICE(x) TWICE(x) TWICE(x)",
    );
    const expanded = expandMacros("TWICE(a)", recursive);
    expect(expanded.length).toBeLessThanOrEqual(64 * 1024);
    expect(expanded).toMatch(/^TWICE\(a\)( TWICE\(a\))+$/);
  });

  test("an invocation with the wrong number of arguments, or of another file's macro, is left as written", () => {
    const macros = functionLikeMacros(TEXT);
    expect(expandMacros("RW_ENTRY(RP_FILTER)", macros)).toBe("RW_ENTRY(RP_FILTER)");
    expect(expandMacros("OTHER(RP_FILTER, x)", macros)).toBe("OTHER(RP_FILTER, x)");
  });
});

import { expect, test } from "vitest";
import { parseKernelVersion, readKernelVersion } from "../src/kernelVersion.js";
import { kernelRoot } from "./kernelSources.js";

test("the corpus is v4.11", () => {
  expect(readKernelVersion(kernelRoot)).toMatchObject({
    version: 4,
    patchLevel: 11,
    subLevel: 0,
    text: "4.11",
  });
});

test("SUBLEVEL and EXTRAVERSION are kept; a Makefile without VERSION gives undefined", () => {
  expect(parseKernelVersion("VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 55\nEXTRAVERSION = -rc1\n")?.text).toBe(
    "6.1.55-rc1",
  );
  expect(parseKernelVersion("all:\n\techo hi\n")).toBeUndefined();
});

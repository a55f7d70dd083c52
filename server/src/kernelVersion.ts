// The kernel release of the indexed tree, from the top-level Makefile (VERSION = 4, PATCHLEVEL = 11, …).
import { readFileSync } from "node:fs";
import path from "node:path";

export interface KernelVersion {
  version: number;
  patchLevel: number;
  subLevel: number;
  extraVersion: string;
  /** "4.11.0" style, or "4.11" when SUBLEVEL is 0, as the kernel prints it. */
  text: string;
}

export function parseKernelVersion(makefile: string): KernelVersion | undefined {
  const read = (name: string) => new RegExp(`^${name}\\s*=[ \\t]*(.*)$`, "m").exec(makefile)?.[1]?.trim();
  const version = Number(read("VERSION"));
  const patchLevel = Number(read("PATCHLEVEL"));
  const subLevel = Number(read("SUBLEVEL") ?? "0");
  if (!Number.isInteger(version) || !Number.isInteger(patchLevel) || read("VERSION") === "") return undefined;
  const extraVersion = read("EXTRAVERSION") ?? "";
  const base = subLevel > 0 ? `${version}.${patchLevel}.${subLevel}` : `${version}.${patchLevel}`;
  return {
    version,
    patchLevel,
    subLevel: Number.isInteger(subLevel) ? subLevel : 0,
    extraVersion,
    text: base + extraVersion,
  };
}

export function readKernelVersion(root: string): KernelVersion | undefined {
  try {
    return parseKernelVersion(readFileSync(path.join(root, "Makefile"), "utf8"));
  } catch {
    return undefined;
  }
}

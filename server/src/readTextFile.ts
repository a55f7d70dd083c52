// A file read for what it says, where a missing or unreadable file only means there is nothing to say (a tree
// without a .config, a Kconfig file removed since it was found).
import { readFileSync } from "node:fs";

/** The file's text, or undefined when it cannot be read. */
export function readTextFile(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

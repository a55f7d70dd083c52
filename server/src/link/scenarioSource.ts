// Where the text of a workspace scenario comes from: the editor's buffer when the file is open (unsaved
// edits included), else the file on disk. Ids are file URIs or absolute paths.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ScenarioReader } from "./currentRun.js";

export function scenarioUri(id: string): string {
  return id.startsWith("file:") ? id : pathToFileURL(path.resolve(id)).href;
}

export function createScenarioReader(openText: (uri: string) => string | undefined): ScenarioReader {
  return (id) => {
    const uri = scenarioUri(id);
    const file = fileURLToPath(uri);
    const text = openText(uri) ?? readScenarioFile(file);
    return { text, file };
  };
}

function readScenarioFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`cannot read scenario ${file}: ${reason}`);
  }
}

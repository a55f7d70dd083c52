// The workspace root and conversions between LSP URIs and root-relative paths (the index's file keys).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export class WorkspacePaths {
  constructor(readonly root: string) {}

  relative(uri: string): string | undefined {
    if (!uri.startsWith("file:")) return undefined;
    let absolute: string;
    try {
      absolute = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const relative = path.relative(this.root, absolute);
    if (relative.startsWith("..") || path.isAbsolute(relative)) return undefined;
    return relative.split(path.sep).join("/");
  }

  absolute(relativePath: string): string {
    return path.join(this.root, relativePath);
  }

  uri(relativePath: string): string {
    return pathToFileURL(this.absolute(relativePath)).href;
  }
}

// The workspace root and conversions between LSP URIs and root-relative paths (the index's file keys).
import { realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export class WorkspacePaths {
  private resolvedRoot: string | undefined;

  constructor(readonly root: string) {}

  /** A file under the root, or under the folder the root links to: Neovim names a buffer by the path
   * behind a symbolic link (~/linux → /src/linux-4.11), so its URIs may leave the root it was given. */
  relative(uri: string): string | undefined {
    if (!uri.startsWith("file:")) return undefined;
    let absolute: string;
    try {
      absolute = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const under = (root: string) => {
      const relative = path.relative(root, absolute);
      return relative.startsWith("..") || path.isAbsolute(relative) ? undefined : relative;
    };
    const relative = under(this.root) ?? under(this.realRoot());
    return relative?.split(path.sep).join("/");
  }

  absolute(relativePath: string): string {
    return path.join(this.root, relativePath);
  }

  uri(relativePath: string): string {
    return pathToFileURL(this.absolute(relativePath)).href;
  }

  private realRoot(): string {
    if (this.resolvedRoot === undefined) {
      try {
        this.resolvedRoot = realpathSync(this.root);
      } catch {
        this.resolvedRoot = this.root;
      }
    }
    return this.resolvedRoot;
  }
}

// "indexing 1234/5821 files" on one terminal line while the CLI waits for a cold index (≈ 15 s for
// net/ + include/), so nobody wonders whether it hangs. Drawn only on a terminal: piped or redirected
// output stays exactly the command's own.

export interface ProgressLine {
  update(done: number, total: number): void;
  /** Clears the line; what the command prints next starts at column 0. */
  end(): void;
}

export interface ProgressLineOptions {
  /** Nothing is drawn before this: a warm start from the cache is over before it would be read. */
  delayMs?: number;
  /** At most one redraw per interval. */
  intervalMs?: number;
}

const CLEAR_LINE = "\r\x1b[K";

export function progressLine(
  stream: NodeJS.WritableStream,
  label: string,
  { delayMs = 1000, intervalMs = 100 }: ProgressLineOptions = {},
): ProgressLine {
  if ((stream as NodeJS.WriteStream).isTTY !== true) return { update() {}, end() {} };
  const started = performance.now();
  let drawnAt: number | undefined;
  let ended = false;
  return {
    update(done, total) {
      // A status that arrives after the end (the server sends one when indexing is over) draws nothing.
      if (ended || total === 0) return;
      const now = performance.now();
      if (now - started < delayMs) return;
      if (drawnAt !== undefined && now - drawnAt < intervalMs && done < total) return;
      drawnAt = now;
      const percent = Math.floor((done / Math.max(1, total)) * 100);
      stream.write(`${CLEAR_LINE}${label} ${done}/${total} files (${percent} %)`);
    },
    end() {
      if (drawnAt !== undefined) stream.write(CLEAR_LINE);
      drawnAt = undefined;
      ended = true;
    },
  };
}

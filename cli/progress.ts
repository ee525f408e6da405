export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

export interface Progress {
  /** Loader callback: one call per config file read. */
  onFile(done: number, total: number, file: string): void;
  /** Erases the progress line (call before printing anything else). */
  clear(): void;
}

const NONE: Progress = { onFile: () => undefined, clear: () => undefined };

/**
 * One self-overwriting line on a terminal, shown only once a run has taken `delayMs` (small
 * trees print nothing) and redrawn at most every `intervalMs`. Pipes and CI logs get nothing.
 */
export function createProgress(stream: ProgressStream, opts: { delayMs?: number; intervalMs?: number; now?: () => number } = {}): Progress {
  if (!stream.isTTY) return NONE;
  const now = opts.now ?? (() => performance.now());
  const delay = opts.delayMs ?? 300;
  const interval = opts.intervalMs ?? 100;
  const started = now();
  let last = -Infinity;
  let shown = false;
  return {
    onFile(done, total, file) {
      const t = now();
      const finishing = done + 1 >= total;
      if (t - started < delay || (t - last < interval && !finishing)) return;
      last = t;
      shown = true;
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      const text = finishing ? `readiness: checking ${total} config files…` : `readiness: reading ${done + 1}/${total} ${file}`;
      stream.write(`\r\x1b[K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}

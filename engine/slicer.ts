// Long work in the language server (the workspace audit: scanning, reading, indexing, checking)
// runs in time slices. Between slices the event loop is served, so requests are answered and a
// cancellation that arrived meanwhile is seen before the next slice starts. Cancellation is a
// plain function here: the engine knows nothing of the protocol that delivers it.

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Slicer {
  /** Slices ended so far: the event loop was served after each. */
  slices = 0;
  /** The longest slice so far, in milliseconds (for logs: time on a shared machine is noisy). */
  longestMs = 0;
  private started: number;

  /**
   * `isCancelled` is asked after every slice and between units of work; `sliceMs` is how long one
   * slice may run before the event loop is served.
   */
  constructor(
    readonly isCancelled: () => boolean = () => false,
    readonly sliceMs = 8,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** Whether the current slice has used its time (then `pause()`); cheap enough to ask per file. */
  get spent(): boolean {
    return this.now() - this.started >= this.sliceMs;
  }

  /** Ends the slice: serves the event loop, starts the next slice and answers whether to stop. */
  async pause(): Promise<boolean> {
    this.end();
    await yieldToEventLoop();
    this.started = this.now();
    return this.isCancelled();
  }

  private end(): void {
    const took = this.now() - this.started;
    if (took > this.longestMs) this.longestMs = took;
    this.slices++;
  }

  /** Whether to stop: asked per unit of work, with a `pause()` whenever the slice is spent. */
  async stop(): Promise<boolean> {
    if (this.isCancelled()) return true;
    return this.spent ? this.pause() : false;
  }

  /**
   * Waits for work done outside this thread (a child process) with the event loop free; resolves
   * `undefined` as soon as cancellation is seen (asked every `sliceMs`).
   */
  async race<T>(work: Promise<T>): Promise<{ value: T } | undefined> {
    let settled: { value: T } | undefined;
    const done = work.then((value) => {
      settled = { value };
    });
    while (!settled) {
      if (this.isCancelled()) return undefined;
      this.end();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.sliceMs)))]);
      clearTimeout(timer);
      this.started = this.now();
    }
    return settled;
  }
}

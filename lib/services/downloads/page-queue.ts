import "server-only";
/*
 * The run's pipeline: a reader that fetches pages one after the other, at most `ahead` pages ahead of
 * the writer, and a writer that takes the pages already fetched (up to `max`) whenever it is ready.
 * Memory stays bounded by `ahead` pages plus what the writer holds, whatever the size of the
 * organization. run-download.ts explains how the writer batches what it takes.
 */

export type PageQueueOptions<P> = {
  /** Fetches page `n` (1-based) after `previous` (undefined for the first); null when there is none. */
  fetch: (n: number, previous: P | undefined) => Promise<P | null>;
  /** Pages fetched but not yet taken by the writer, at most. */
  ahead: number;
};

export class PageQueue<P> {
  private readonly ready: P[] = [];
  private done = false;
  private failure: { error: unknown } | undefined;
  private wakeWriter: (() => void) | undefined;
  private wakeReader: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly options: PageQueueOptions<P>) {
    void this.read();
  }

  private async read(): Promise<void> {
    let previous: P | undefined;
    try {
      for (let n = 1; !this.stopped; n++) {
        while (this.ready.length >= this.options.ahead && !this.stopped) {
          await new Promise<void>((resolve) => (this.wakeReader = resolve));
        }
        if (this.stopped) return;
        const page = await this.options.fetch(n, previous);
        if (page === null) break;
        this.ready.push(page);
        previous = page;
        this.wakeWriter?.();
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      this.done = true;
      this.wakeWriter?.();
    }
  }

  /**
   * The pages fetched so far and not yet taken (at least one, at most `max`), or null after the last
   * page. Throws the reader's error once the pages fetched before it have been taken. With
   * `timeoutMs`, it returns an empty list when no page came within that time.
   */
  async take(max: number, options: { timeoutMs?: number } = {}): Promise<P[] | null> {
    const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
    while (this.ready.length === 0) {
      if (this.failure) throw this.failure.error;
      if (this.done) return null;
      const left = deadline === undefined ? undefined : deadline - Date.now();
      if (left !== undefined && left <= 0) return [];
      await new Promise<void>((resolve) => {
        const timer = left === undefined ? undefined : setTimeout(resolve, left);
        this.wakeWriter = () => {
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        };
      });
    }
    const pages = this.ready.splice(0, Math.max(1, max));
    this.wakeReader?.();
    return pages;
  }

  /** Pages fetched and not yet taken. */
  get waiting(): number {
    return this.ready.length;
  }

  /** Stops fetching (after a failure of the writer). */
  stop(): void {
    this.stopped = true;
    this.wakeReader?.();
  }
}

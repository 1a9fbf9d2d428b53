import "server-only";
/**
 * A FIFO mutex per key, for one process. `run(key, fn)` starts `fn` only after every earlier `fn` of
 * the same key settled. The token store queues a connection's refreshes here before it takes the
 * database lock, so that one process holds at most one database connection per refreshing
 * connection, and callers that queued behind a refresh reload and reuse its result (single flight).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      // The last in line cleans up, so the map does not grow with every connection ever refreshed.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with a holder or waiters (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}

/**
 * The process's mutex, kept on globalThis so that Next's module reloading in development does not
 * give two copies of this module two different queues.
 */
const globalForLocks = globalThis as unknown as { __opensamRefreshLocks?: KeyedMutex };

export function processRefreshLocks(): KeyedMutex {
  globalForLocks.__opensamRefreshLocks ??= new KeyedMutex();
  return globalForLocks.__opensamRefreshLocks;
}

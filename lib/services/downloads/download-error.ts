import "server-only";
/**
 * Why a download run failed, in a sentence a person can act on; the job engine stores the message as
 * the run's error text. `retryable` tells the engine whether another attempt can help (an outage,
 * a rate limit) or would only repeat the error (a refused token, a profile that was never validated).
 */
export class DownloadError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DownloadError";
    this.retryable = options.retryable;
  }
}

/** Appended to every failure after the first page: the sweep only runs after a complete run. */
export const NOTHING_REMOVED = "nothing was removed";

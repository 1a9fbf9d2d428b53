import "server-only";
import { VendorHttpError } from "../../integrations/http";
import { retryPolicy, type RateLimitInfo } from "../../integrations/retry-policy";
import { VendorError } from "../../integrations/types";
import { DownloadError } from "./download-error";
import { initialPacerState, observeRateLimit, paceDelay, type PacerState } from "./pacing";

/*
 * Fetching one page of a download with the rules of product.md §4: paced from the rate-limit
 * headers; 429, 5xx, transport failures and unreadable bodies retried with backoff (`Retry-After`,
 * else `X-RateLimit-Reset`, else about 60 s with jitter, through `retryPolicy`); a refused token
 * renewed once, then the run fails with a sentence. The clock and the waits are injected so that
 * tests neither sleep a minute nor depend on timing.
 */

export type Clock = {
  now: () => number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** [0, 1): the jitter of retry delays. */
  random: () => number;
};

export const realClock: Clock = {
  now: Date.now,
  random: Math.random,
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/** An access token for the download's connection, renewed when the vendor refuses it. */
export type TokenSource = {
  current(): Promise<string>;
  /** A new token after the vendor refused `rejected` (one refresh, shared with concurrent callers). */
  renew(rejected: string): Promise<string>;
};

export type FetchStats = {
  httpRetries: number;
  /** 429 answers met (a subset of the retries). */
  rateLimited: number;
  /** Time spent waiting: pacing, and backoff before retries. */
  pacedMs: number;
  backoffMs: number;
};

export const emptyFetchStats = (): FetchStats => ({ httpRetries: 0, rateLimited: 0, pacedMs: 0, backoffMs: 0 });

export type PageFetcherOptions = {
  clock: Clock;
  tokens: TokenSource;
  signal?: AbortSignal;
  /** The vendor's name in sentences, e.g. "Miro". */
  vendorName: string;
  /** The connection alias to name when the token must be renewed by a person. */
  aliasId: string;
  /** Attempts per page for 5xx, transport failures and unreadable answers; default 5. */
  maxAttempts?: number;
  /** Attempts per page while the vendor answers 429; default 10 (each waits for the window). */
  maxRateLimitedAttempts?: number;
  /** What to call the thing read, e.g. "the members of organization 3458…". */
  subject: string;
  /** The vendor's rate limit for the listing (its adapter's `download.rateLimit`). */
  rateLimit: { requestCost: number; windowMs: number };
  /** What to tell a person when the vendor refuses the listing (HTTP 403). */
  forbiddenHint: string;
};

/** A failed vendor call as the retry policy sees it: an unreadable 2xx counts as a transport failure. */
function retryStatus(error: VendorError): number | null {
  if (error.vendorCode === "invalid_response" && error.retryable) return null;
  return error.status;
}

function quoted(error: VendorError): string {
  const words = error instanceof VendorHttpError && error.vendorMessage ? error.vendorMessage : error.message;
  return `"${words.replace(/[.\s]+$/, "")}"`;
}

/** The sentence for a page that could not be read, after `attempts` attempts. */
export function pageFailureSentence(
  error: unknown,
  page: number,
  attempts: number,
  options: Pick<PageFetcherOptions, "vendorName" | "aliasId" | "subject" | "forbiddenHint">,
): DownloadError {
  const v = options.vendorName;
  const tries = `after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
  const later = "nothing was removed. The next run will retry.";
  if (!(error instanceof VendorError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new DownloadError(`Reading page ${page} of ${options.subject} failed: ${message} Nothing was removed.`, { retryable: true, cause: error });
  }
  const status = error.status;
  if (error.vendorCode === "invalid_response" && error.retryable) {
    return new DownloadError(`${v} kept sending an unreadable answer (invalid or cut-off JSON) for page ${page} ${tries}; ${later}`, { retryable: true, cause: error });
  }
  if (error.vendorCode === "invalid_response") {
    return new DownloadError(`${v}'s answer for page ${page} is not a members page as documented: ${error.message} Nothing was removed; if this persists, report it with the run's time.`, {
      retryable: false,
      cause: error,
    });
  }
  if (status === null) {
    return new DownloadError(`${v} could not be reached for page ${page} ${tries} (${error.message.replace(/\.$/, "")}); ${later}`, { retryable: true, cause: error });
  }
  if (status === 429) {
    return new DownloadError(`${v} kept answering 429 (rate limit) for page ${page} ${tries}; ${later}`, { retryable: true, cause: error });
  }
  if (status >= 500 || status === 408) {
    return new DownloadError(`${v} kept answering ${status} on page ${page} ${tries}; ${later}`, { retryable: true, cause: error });
  }
  if (status === 401) {
    return new DownloadError(
      `${v} refused the OAuth token (HTTP 401) even after a refresh: run Create and Get OAuth Token again on ${options.aliasId}. Nothing was removed.`,
      { retryable: false, cause: error },
    );
  }
  if (status === 403) {
    return new DownloadError(
      `${v} refused to list ${options.subject} (HTTP 403: ${quoted(error)}). ${options.forbiddenHint} (connection ${options.aliasId}) Nothing was removed.`,
      { retryable: false, cause: error },
    );
  }
  if (status === 404) {
    return new DownloadError(
      `${v} does not know ${options.subject} (HTTP 404: ${quoted(error)}). Run Validate Connection on the profile: the token may belong to another organization. Nothing was removed.`,
      { retryable: false, cause: error },
    );
  }
  return new DownloadError(`${v} answered page ${page} with HTTP ${status}: ${quoted(error)}. Nothing was removed.`, { retryable: false, cause: error });
}

/**
 * Fetches pages one at a time through `call`, pacing and retrying. One instance per run: it keeps the
 * pacing state and the counters across pages.
 */
export class PageFetcher {
  readonly stats: FetchStats = emptyFetchStats();
  private pacer: PacerState;

  constructor(private readonly options: PageFetcherOptions) {
    this.pacer = initialPacerState(options.rateLimit.requestCost);
  }

  private abortIfStopped(): void {
    const signal = this.options.signal;
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DownloadError("The run was stopped; nothing was removed.", { retryable: true });
  }

  private async wait(ms: number, kind: "paced" | "backoff"): Promise<void> {
    if (ms <= 0) return;
    if (kind === "paced") this.stats.pacedMs += ms;
    else this.stats.backoffMs += ms;
    await this.options.clock.sleep(ms, this.options.signal);
  }

  /** Page `page` (1-based, for sentences) through `call(token)`. */
  async fetch<P extends { rateLimit: RateLimitInfo }>(page: number, call: (accessToken: string) => Promise<P>): Promise<P> {
    const { clock, tokens } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 5;
    const maxRateLimited = this.options.maxRateLimitedAttempts ?? 10;
    let attempt = 0;
    let renewed = false;
    for (;;) {
      this.abortIfStopped();
      await this.wait(paceDelay(this.pacer, clock.now()), "paced");
      this.abortIfStopped();
      let token: string;
      try {
        token = await tokens.current();
      } catch (error) {
        throw tokenFailure(error);
      }
      attempt += 1;
      const started = clock.now();
      try {
        const result = await call(token);
        this.pacer = observeRateLimit(this.pacer, result.rateLimit, started);
        return result;
      } catch (error) {
        this.abortIfStopped();
        if (!(error instanceof VendorError)) throw pageFailureSentence(error, page, attempt, this.options);
        if (error.status === 401 && !renewed) {
          // Renew once and try again at once (product.md §4); a second refusal fails the run.
          renewed = true;
          this.stats.httpRetries += 1;
          attempt -= 1;
          try {
            await tokens.renew(token);
          } catch (renewError) {
            throw tokenFailure(renewError);
          }
          continue;
        }
        const status = retryStatus(error);
        const headers = error instanceof VendorHttpError ? error.headers : undefined;
        if (status === 429) {
          this.stats.rateLimited += 1;
          // The refusal's headers describe the window too; nothing was spent.
          this.pacer = { ...this.pacer, last: undefined };
        }
        const decision = retryPolicy({
          status,
          headers,
          attempt,
          windowMs: this.options.rateLimit.windowMs,
          nowMs: clock.now(),
          maxAttempts: status === 429 ? maxRateLimited : maxAttempts,
          random: clock.random,
        });
        if (!decision.retry) throw pageFailureSentence(error, page, attempt, this.options);
        this.stats.httpRetries += 1;
        await this.wait(decision.delayMs, "backoff");
      }
    }
  }
}

/** A token that could not be obtained or renewed: the vendor's sentence says what to do. */
function tokenFailure(error: unknown): Error {
  if (error instanceof DownloadError) return error;
  if (error instanceof VendorError) {
    return new DownloadError(`${error.message.replace(/\s+$/, "")} Nothing was removed.`, { retryable: error.retryable, cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

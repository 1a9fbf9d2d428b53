import "server-only";
/*
 * When to retry a vendor call and how long to wait: the headers vendors send about their rate
 * limits (`Retry-After`, `X-RateLimit-*`) and the policy built on them. The transport itself is
 * http.ts; the pacing of a long listing is lib/services/downloads/pacing.ts.
 */

export type HeaderSource = Headers | Record<string, string | undefined> | undefined;

function header(headers: HeaderSource, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted && value !== undefined) return value;
  return null;
}

function finiteNumber(raw: string | null): number | null {
  if (raw === null || raw.trim() === "") return null;
  const n = Number(raw.trim());
  return Number.isFinite(n) ? n : null;
}

/**
 * Milliseconds to wait according to `Retry-After` (RFC 9110: delay-seconds or an HTTP-date), or null
 * when the header is absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/**
 * Milliseconds until `X-RateLimit-Reset`, which Miro documents as a UNIX epoch timestamp in seconds
 * (miro-api.md §4.1). A small value (below one year of seconds) is read as seconds-until-reset, the
 * other convention some vendors use. Null when absent or unreadable; 0 when already past.
 */
export function parseRateLimitReset(value: string | null | undefined, nowMs: number): number | null {
  const n = finiteNumber(value ?? null);
  if (n === null || n < 0) return null;
  const ONE_YEAR_S = 365 * 86_400;
  if (n < ONE_YEAR_S) return Math.round(n * 1000);
  return Math.max(0, Math.round(n * 1000 - nowMs));
}

export type RateLimitInfo = {
  /** `X-RateLimit-Limit`: credits (REST) or requests (SCIM) per window. */
  limit: number | null;
  /** `X-RateLimit-Remaining`: what is left in the current window. */
  remaining: number | null;
  /** `X-RateLimit-Reset` as sent: the UNIX epoch second at which the window resets. */
  resetSeconds: number | null;
};

export function readRateLimit(headers: HeaderSource): RateLimitInfo {
  return {
    limit: finiteNumber(header(headers, "x-ratelimit-limit")),
    remaining: finiteNumber(header(headers, "x-ratelimit-remaining")),
    resetSeconds: finiteNumber(header(headers, "x-ratelimit-reset")),
  };
}

const MAX_SERVER_DELAY_MS = 10 * 60_000;
const FIRST_BACKOFF_MS = 1_000;
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export type RetryInput = {
  /** The answer's status; null for a transport failure or timeout. */
  status: number | null;
  headers?: HeaderSource;
  /** Attempts made so far, including the one that just failed (1 after the first failure). */
  attempt: number;
  /** The vendor's rate-limit window for this API (its adapter says): the wait after a 429 that says nothing. */
  windowMs: number;
  nowMs: number;
  /** Attempts allowed in total; default 5. */
  maxAttempts?: number;
  /** [0, 1); injected in tests. */
  random?: () => number;
};

export type RetryDecision =
  | { retry: true; delayMs: number; basis: "retry-after" | "rate-limit-reset" | "rate-limit-default" | "backoff" }
  | { retry: false; reason: "not-retryable" | "attempts-exhausted" };

/**
 * Whether and when to retry a failed vendor call (product.md §4: 429 and 5xx are retried with backoff).
 *
 * - A status other than 408, 429, 5xx gateway/unavailable, or a transport failure is not retried.
 * - `Retry-After` wins when present (any retryable status).
 * - For 429 without it: `X-RateLimit-Reset`, else the vendor's window (Miro: 60 s REST, 30 s SCIM).
 * - Otherwise exponential backoff from 1 s, capped at the window length.
 *
 * Jitter is added to every delay (up to 1 s on a server-given time, up to 10 % otherwise) so that
 * several workers told the same reset time do not all come back in the same millisecond.
 */
export function retryPolicy(input: RetryInput): RetryDecision {
  const { status, headers, attempt, windowMs: window, nowMs } = input;
  const random = input.random ?? Math.random;
  const maxAttempts = input.maxAttempts ?? 5;
  if (status !== null && !RETRYABLE_STATUSES.has(status)) return { retry: false, reason: "not-retryable" };
  if (attempt >= maxAttempts) return { retry: false, reason: "attempts-exhausted" };

  const serverJitter = () => Math.floor(random() * 1000);
  const clamp = (ms: number) => Math.min(MAX_SERVER_DELAY_MS, Math.max(0, ms));

  const retryAfter = parseRetryAfter(header(headers, "retry-after"), nowMs);
  if (retryAfter !== null) return { retry: true, delayMs: clamp(retryAfter) + serverJitter(), basis: "retry-after" };

  if (status === 429) {
    const reset = parseRateLimitReset(header(headers, "x-ratelimit-reset"), nowMs);
    // A reset already past (clock skew) still waits a second rather than hammering at once.
    if (reset !== null) return { retry: true, delayMs: Math.max(1000, clamp(reset)) + serverJitter(), basis: "rate-limit-reset" };
    return { retry: true, delayMs: window + Math.floor(random() * window * 0.1), basis: "rate-limit-default" };
  }

  const base = Math.min(window, FIRST_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  return { retry: true, delayMs: base + Math.floor(random() * base * 0.1), basis: "backoff" };
}

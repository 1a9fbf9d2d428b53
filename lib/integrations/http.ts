import { isInteger, isSafeNumber, parse as parseLosslessJson } from "lossless-json";
import { Agent, request as undiciRequest, type Dispatcher } from "undici";
import { VendorError } from "./types";

/*
 * The vendor-agnostic HTTP layer of the integrations: one request with a timeout, the body read as text
 * once (so an error answer keeps the vendor's words), JSON parsed without losing large integers, and
 * the pure retry policy the download job applies to 429 and 5xx answers.
 */

/** Default time a vendor call may take before it is abandoned. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** How much of a body an error keeps: enough for the vendor's sentence, not a whole HTML page. */
const BODY_EXCERPT_CHARS = 500;

/**
 * Parses JSON like `JSON.parse`, except that an integer beyond 2^53 becomes a `bigint` instead of a
 * rounded `number`. Miro sends ids such as `3074457358607431473` as bare JSON numbers in some token
 * responses (miro-api.md §1.5); `JSON.parse` would silently change their last digits.
 */
export function parseJsonLossless(text: string): unknown {
  return parseLosslessJson(text, null, (value: string) =>
    isInteger(value) && !isSafeNumber(value) ? BigInt(value) : Number(value),
  );
}

export type JsonMode = "lossless" | "standard" | "none";

export type HttpRequest = {
  url: string | URL;
  method?: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  /** Give up on the answer (headers and body) after this long. */
  timeoutMs?: number;
  /** How a JSON body is parsed; `lossless` keeps large integers exact. Default `lossless`. */
  json?: JsonMode;
};

export type HttpResponse = {
  method: string;
  url: string;
  status: number;
  ok: boolean;
  headers: Headers;
  /** The raw body, always read, so that an error answer can be shown in the vendor's words. */
  text: string;
  /** The parsed body when it was JSON; undefined when empty, not JSON, or `json: "none"`. */
  json: unknown;
  /** Set when the body looked like JSON but did not parse (a truncated or malformed answer). */
  jsonError?: string;
  durationMs: number;
};

/**
 * A vendor answered with a status that is not 2xx, or a transport failure. Carries the answer's
 * headers so that the caller's retry policy can honour `Retry-After` and `X-RateLimit-Reset`.
 */
export class VendorHttpError extends VendorError {
  readonly request: { method: string; url: string };
  readonly headers: Headers;
  /** The vendor's own sentence from the error body, when it had one. */
  readonly vendorMessage?: string;
  /** The start of the body, for logs. */
  readonly bodyExcerpt: string;

  constructor(
    message: string,
    init: {
      status: number | null;
      vendorCode?: string;
      retryable: boolean;
      request: { method: string; url: string };
      headers?: Headers;
      vendorMessage?: string;
      bodyExcerpt?: string;
    },
  ) {
    super(message, init.status, init.vendorCode, init.retryable);
    this.name = "VendorHttpError";
    this.request = init.request;
    this.headers = init.headers ?? new Headers();
    this.vendorMessage = init.vendorMessage;
    this.bodyExcerpt = init.bodyExcerpt ?? "";
  }
}

export function bodyExcerpt(text: string, max = BODY_EXCERPT_CHARS): string {
  const compact = text.replace(/\s+/g, " ").trim();
  return compact.length > max ? `${compact.slice(0, max)}…` : compact;
}

function looksLikeJson(contentType: string | null, text: string): boolean {
  if (contentType && /[/+]json\b/i.test(contentType)) return true;
  const first = text.trimStart()[0];
  return first === "{" || first === "[";
}

/** Host and path, without the query string: what error messages name (queries may carry tokens). */
export function describeUrl(url: string | URL): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/**
 * The connection pool of every vendor call: undici's own Agent (the npm package, not the copy inside
 * Node that runs the global fetch), with keep-alive, so that a download's thousand pages reuse one
 * connection.
 */
const vendorAgent = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });

/** A timeout of undici's own (headers or body). */
function undiciTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT";
}

class DeadlineError extends Error {}

/** undici's header record (lower-case names, repeated headers as arrays) as `Headers`. */
function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (typeof value === "string") headers.append(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return headers;
}

/**
 * One HTTP request, through undici's `request` (Node's fetch is undici behind the WHATWG Request,
 * Response, Headers and stream objects; measured on 1,000 pages of the simulator, 100 members each,
 * fetched and parsed one after the other: 0.64 s of CPU with fetch, 0.40 s with `request`, medians of
 * seven). Resolves with any status (the caller decides what a 4xx means, and redirects are not
 * followed: no vendor API here answers with one); rejects only on a transport failure or timeout,
 * with a retryable `VendorHttpError` whose status is null.
 *
 * The timeout is a deadline for the whole answer, body included, kept by a timer; undici's own
 * timeouts (for the headers, and between two pieces of the body) close the connection of a request
 * given up on. No AbortSignal: following one costs listeners per request, for nothing the timer does
 * not do.
 */
export async function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const method = (request.method ?? "GET").toUpperCase();
  const url = String(request.url);
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  let headers = request.headers;
  let body: string | undefined;
  if (request.body instanceof URLSearchParams) {
    body = request.body.toString();
    const typed = headers && Object.keys(headers).some((name) => name.toLowerCase() === "content-type");
    if (!typed) headers = { ...headers, "content-type": "application/x-www-form-urlencoded;charset=UTF-8" };
  } else {
    body = request.body;
  }
  let answer: { status: number; headers: Headers; text: string };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError()), timeoutMs);
  });
  const exchange = (async () => {
    const res = await undiciRequest(url, {
      method: method as Dispatcher.HttpMethod,
      headers,
      body,
      dispatcher: vendorAgent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    return { status: res.statusCode, headers: toHeaders(res.headers), text: await res.body.text() };
  })();
  // Once the deadline has passed, the request's own end (undici's timeout) is of no interest.
  exchange.catch(() => undefined);
  try {
    answer = await Promise.race([exchange, deadline]);
  } catch (error) {
    const where = `${method} ${describeUrl(url)}`;
    const timedOut = error instanceof DeadlineError || undiciTimeout(error);
    const message = timedOut
      ? `${where} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}.`
      : `${where} could not be reached: ${causeText(error)}.`;
    throw new VendorHttpError(message, {
      status: null,
      vendorCode: timedOut ? "timeout" : "network_error",
      retryable: true,
      request: { method, url },
    });
  } finally {
    clearTimeout(timer);
  }
  const { status, text } = answer;
  const durationMs = Math.round(performance.now() - started);
  const mode = request.json ?? "lossless";
  let json: unknown;
  let jsonError: string | undefined;
  if (mode !== "none" && text.trim() !== "" && looksLikeJson(answer.headers.get("content-type"), text)) {
    try {
      json = mode === "lossless" ? parseJsonLossless(text) : (JSON.parse(text) as unknown);
    } catch (error) {
      jsonError = error instanceof Error ? error.message : String(error);
    }
  }
  return { method, url, status, ok: status >= 200 && status < 300, headers: answer.headers, text, json, jsonError, durationMs };
}

function causeText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    if (cause instanceof Error && cause.message) return cause.message;
    return error.message;
  }
  return String(error);
}

/* ---------------------------------------------------------------------------------------------- */
/* Rate limits and retries                                                                         */
/* ---------------------------------------------------------------------------------------------- */

type HeaderSource = Headers | Record<string, string | undefined> | undefined;

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

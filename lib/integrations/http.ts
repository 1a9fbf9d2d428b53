import "server-only";
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

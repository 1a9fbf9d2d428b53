/**
 * Request/response values passed between the router and the handlers. Handlers return a
 * SimResponse instead of writing to the socket, so faults (malformed, truncated bodies) and the
 * request log can be applied in one place after the handler ran.
 */
import type { IncomingHttpHeaders } from "node:http";

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  cookies: Record<string, string>;
  /** Scheme + host the client used, for absolute URLs such as SCIM meta.location. */
  origin: string;
  /** path + search, as received. */
  rawUrl: string;
}

export type HeaderValues = Record<string, string | string[]>;

export interface SimResponse {
  status: number;
  headers: HeaderValues;
  body: string | Buffer;
}

export const JSON_TYPE = "application/json; charset=utf-8";
export const SCIM_TYPE = "application/scim+json; charset=utf-8";
export const HTML_TYPE = "text/html; charset=utf-8";

export function json(status: number, value: unknown, headers: HeaderValues = {}): SimResponse {
  return rawJson(status, JSON.stringify(value), headers);
}

/** For bodies whose text must be written by hand, e.g. ids as bare JSON numbers beyond 2^53. */
export function rawJson(status: number, text: string, headers: HeaderValues = {}): SimResponse {
  return { status, headers: { "content-type": JSON_TYPE, ...headers }, body: text };
}

export function scimJson(status: number, value: unknown, headers: HeaderValues = {}): SimResponse {
  return { status, headers: { "content-type": SCIM_TYPE, ...headers }, body: JSON.stringify(value) };
}

export function html(status: number, text: string, headers: HeaderValues = {}): SimResponse {
  return { status, headers: { "content-type": HTML_TYPE, "cache-control": "no-store", ...headers }, body: text };
}

export function redirect(location: string, headers: HeaderValues = {}, status = 302): SimResponse {
  return { status, headers: { location, "cache-control": "no-store", ...headers }, body: "" };
}

export function empty(status: number, headers: HeaderValues = {}): SimResponse {
  return { status, headers, body: "" };
}

/** Media type without parameters, lower-cased ("application/json"). */
export function mediaType(req: SimRequest): string {
  const raw = req.headers["content-type"] ?? "";
  return raw.split(";")[0]?.trim().toLowerCase() ?? "";
}

export function isJsonMedia(type: string): boolean {
  return type === "application/json" || type === "application/scim+json" || type.endsWith("+json");
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(body: Buffer): JsonParse {
  const text = body.toString("utf8");
  if (text.trim() === "") return { ok: false, error: "empty body" };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export function parseForm(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString("utf8"));
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!name) continue;
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

export function bearerToken(req: SimRequest): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    return match?.[1]?.trim();
  }
  return undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

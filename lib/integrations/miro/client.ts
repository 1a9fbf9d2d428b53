import "server-only";
import type { z } from "zod";
import { env } from "../../env";
import { bodyExcerpt, describeUrl, httpRequest, VendorHttpError, type HttpResponse } from "../http";
import { readRateLimit, type RateLimitInfo } from "../retry-policy";
import {
  miroErrorWords,
  miroMemberSchema,
  miroMembersPageSchema,
  miroOrganizationSchema,
  miroTokenContextSchema,
  miroTokenResponseSchema,
  scimListResponseSchema,
  scimUserActiveSchema,
  type MiroMember,
  type MiroOrganization,
  type MiroTokenContext,
  type MiroTokenResponse,
} from "./api-types";

/*
 * Typed calls to Miro's three hosts (miro-api.md §0): authorize (browser only, see oauth.ts), the API
 * host (OAuth token endpoint, token context, Enterprise REST v2) and SCIM. Every answer is parsed
 * losslessly and validated with zod; any failure becomes a VendorHttpError carrying Miro's words,
 * the status and the headers a retry policy needs.
 */

export type MiroEndpoints = {
  /** https://miro.com in production. */
  authorizeBaseUrl: string;
  /** https://api.miro.com in production. */
  apiBaseUrl: string;
  /** https://miro.com/api/v1/scim in production. */
  scimBaseUrl: string;
};

export type MiroClientOptions = Partial<MiroEndpoints> & {
  /** Per request; default 30 s. The token endpoint uses at most 15 s. */
  timeoutMs?: number;
};

/** Base URLs, each from the options or else from the environment (read on first use, not import). */
export function resolveMiroEndpoints(overrides: Partial<MiroEndpoints> = {}): MiroEndpoints {
  const pick = (value: string | undefined, fromEnv: () => string) => (value ?? fromEnv()).replace(/\/+$/, "");
  return {
    authorizeBaseUrl: pick(overrides.authorizeBaseUrl, () => env().MIRO_AUTHORIZE_BASE_URL),
    apiBaseUrl: pick(overrides.apiBaseUrl, () => env().MIRO_API_BASE_URL),
    scimBaseUrl: pick(overrides.scimBaseUrl, () => env().MIRO_SCIM_BASE_URL),
  };
}

export type MembersPage = {
  data: MiroMember[];
  /** The id to pass as `cursor` for the next page; undefined on the last page. */
  cursor: string | undefined;
  rateLimit: RateLimitInfo;
};

export interface MiroClient {
  readonly endpoints: MiroEndpoints;
  /** `POST /v1/oauth/token` with a form body (both grants). */
  requestToken(params: Record<string, string>): Promise<MiroTokenResponse>;
  /** `GET /v1/oauth-token`: who the token acts for. */
  getTokenContext(accessToken: string): Promise<MiroTokenContext>;
  /** `GET /v2/orgs/{org_id}`. */
  getOrganization(accessToken: string, orgId: string): Promise<MiroOrganization>;
  /** One page of `GET /v2/orgs/{org_id}/members`; the cursor is the id of the last member read. */
  listMembersPage(accessToken: string, orgId: string, page?: { cursor?: string; limit?: number }): Promise<MembersPage>;
  /** `GET /v2/orgs/{org_id}/members/{member_id}`. */
  getMember(accessToken: string, orgId: string, memberId: string): Promise<MiroMember>;
  /** SCIM `GET /Users?count=0[&filter=…]`: `totalResults`, with no user read. */
  countUsers(scimToken: string, filter?: string): Promise<number>;
  /** SCIM `PATCH /Users/{id}` with `active` replaced: deactivates (frees the license) or reactivates. */
  setUserActive(scimToken: string, userId: string, active: boolean): Promise<void>;
  /** SCIM `GET /Users/{id}?attributes=active`: whether the user is active; null on 404 (unknown, or a guest). */
  getUserActive(scimToken: string, userId: string): Promise<boolean | null>;
}

const TOKEN_ENDPOINT_TIMEOUT_MS = 15_000;
const USER_AGENT = "OpenSAM (SaaS license management)";

function join(base: string, path: string, query?: Record<string, string | undefined>): string {
  const url = new URL(`${base}${path}`);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

function asSentence(words: string): string {
  return /[.!?…]$/.test(words) ? words : `${words}.`;
}

/** Miro's error as a VendorHttpError: its words first, our context around them. */
export function miroHttpError(res: HttpResponse, what: string): VendorHttpError {
  const found = miroErrorWords(res.json);
  const words = found?.words ?? (res.text.trim() ? bodyExcerpt(res.text, 200) : undefined);
  const message = words ? `Miro answered ${what} with HTTP ${res.status}: ${asSentence(words)}` : `Miro answered ${what} with HTTP ${res.status}.`;
  return new VendorHttpError(message, {
    status: res.status,
    vendorCode: found?.code,
    retryable: res.status === 408 || res.status === 429 || res.status >= 500,
    request: { method: res.method, url: res.url },
    headers: res.headers,
    vendorMessage: words,
    bodyExcerpt: bodyExcerpt(res.text),
  });
}

/**
 * A 2xx answer that cannot be read: not JSON (`reason`; most often a truncated answer or a proxy
 * page, worth one more try), or JSON not in the documented shape (`where` it is not; not retried).
 */
export function miroUnreadableAnswer(res: HttpResponse, what: string, problem: { reason: string } | { where: string; message: string }): VendorHttpError {
  const notJson = "reason" in problem;
  const message = notJson ? `Miro answered ${what} with ${problem.reason}.` : `Miro's answer to ${what} is not in the documented shape (${problem.where}: ${problem.message}).`;
  return new VendorHttpError(message, {
    status: res.status,
    vendorCode: "invalid_response",
    retryable: notJson,
    request: { method: res.method, url: res.url },
    headers: res.headers,
    bodyExcerpt: bodyExcerpt(res.text),
  });
}

function parsed<S extends z.ZodType>(res: HttpResponse, schema: S, what: string): z.output<S> {
  if (!res.ok) throw miroHttpError(res, what);
  if (res.json === undefined) throw miroUnreadableAnswer(res, what, { reason: res.jsonError ? `invalid JSON (${res.jsonError})` : "no JSON body" });
  const result = schema.safeParse(res.json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw miroUnreadableAnswer(res, what, { where: issue?.path.length ? issue.path.join(".") : "body", message: issue?.message ?? "invalid" });
  }
  return result.data;
}

export function createMiroClient(options: MiroClientOptions = {}): MiroClient {
  let resolved: MiroEndpoints | undefined;
  const endpoints = () => (resolved ??= resolveMiroEndpoints(options));
  const timeoutMs = options.timeoutMs;

  const get = (url: string, bearer: string, accept = "application/json") =>
    httpRequest({
      url,
      headers: { authorization: `Bearer ${bearer}`, accept, "user-agent": USER_AGENT },
      timeoutMs,
    });
  const what = (method: string, url: string) => `${method} ${describeUrl(url)}`;

  return {
    get endpoints() {
      return endpoints();
    },

    async requestToken(params) {
      const url = join(endpoints().apiBaseUrl, "/v1/oauth/token");
      const res = await httpRequest({
        url,
        method: "POST",
        // Miro recommends the form body over its documented query parameters (§1.5), and a body
        // keeps the client secret and refresh token out of access logs.
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", "user-agent": USER_AGENT },
        body: new URLSearchParams(params),
        timeoutMs: Math.min(timeoutMs ?? TOKEN_ENDPOINT_TIMEOUT_MS, TOKEN_ENDPOINT_TIMEOUT_MS),
      });
      return parsed(res, miroTokenResponseSchema, what("POST", url));
    },

    async getTokenContext(accessToken) {
      const url = join(endpoints().apiBaseUrl, "/v1/oauth-token");
      return parsed(await get(url, accessToken), miroTokenContextSchema, what("GET", url));
    },

    async getOrganization(accessToken, orgId) {
      const url = join(endpoints().apiBaseUrl, `/v2/orgs/${encodeURIComponent(orgId)}`);
      return parsed(await get(url, accessToken), miroOrganizationSchema, what("GET", url));
    },

    async listMembersPage(accessToken, orgId, page = {}) {
      const url = join(endpoints().apiBaseUrl, `/v2/orgs/${encodeURIComponent(orgId)}/members`, {
        limit: page.limit === undefined ? undefined : String(page.limit),
        cursor: page.cursor || undefined,
      });
      const res = await get(url, accessToken);
      const body = parsed(res, miroMembersPageSchema, what("GET", url));
      return { data: body.data, cursor: body.cursor, rateLimit: readRateLimit(res.headers) };
    },

    async getMember(accessToken, orgId, memberId) {
      const url = join(endpoints().apiBaseUrl, `/v2/orgs/${encodeURIComponent(orgId)}/members/${encodeURIComponent(memberId)}`);
      return parsed(await get(url, accessToken), miroMemberSchema, what("GET", url));
    },

    async countUsers(scimToken, filter) {
      const url = join(endpoints().scimBaseUrl, "/Users", { count: "0", filter });
      const res = await get(url, scimToken, "application/scim+json, application/json");
      return parsed(res, scimListResponseSchema, what("GET", url)).totalResults;
    },

    async getUserActive(scimToken, userId) {
      const url = join(endpoints().scimBaseUrl, `/Users/${encodeURIComponent(userId)}`, { attributes: "active" });
      const res = await get(url, scimToken, "application/scim+json, application/json");
      if (res.status === 404) return null;
      return parsed(res, scimUserActiveSchema, what("GET", url)).active;
    },

    async setUserActive(scimToken, userId, active) {
      const url = join(endpoints().scimBaseUrl, `/Users/${encodeURIComponent(userId)}`);
      const res = await httpRequest({
        url,
        method: "PATCH",
        headers: {
          authorization: `Bearer ${scimToken}`,
          "content-type": "application/scim+json",
          accept: "application/scim+json, application/json",
          "user-agent": USER_AGENT,
        },
        body: JSON.stringify({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "Replace", path: "active", value: active }],
        }),
        timeoutMs,
      });
      if (!res.ok) throw miroHttpError(res, what("PATCH", url));
    },
  };
}

/**
 * SCIM 2.0 router (§3) at /api/v1/scim: bearer SCIM token, 403 when SCIM is disabled, per-endpoint
 * rate limits per 30 s (§4.3), media-type and payload-size checks, SCIM error bodies.
 */
import { scimError, ScimRequestError } from "./errors";
import { bearerToken, isJsonMedia, mediaType, parseJson, scimJson, type HeaderValues, type SimRequest, type SimResponse } from "./http";
import type { ScimLimitKey } from "./options";
import { rateLimitHeaders, retryAfterSeconds } from "./rate-limit";
import { discovery } from "./scim-discovery";
import { getGroup, listGroups, patchGroup } from "./scim-groups";
import { deleteUserRoute, getUser, listUsers, patchUserRoute, postUser, putUser } from "./scim-users";
import type { SimState } from "./state";

export const SCIM_BASE = "/api/v1/scim";
/** "Payload larger than 800000 bytes" → 413 (§3.8). */
export const SCIM_MAX_BODY = 800_000;

interface Route {
  limitKey: ScimLimitKey | undefined;
  run: (body: unknown) => SimResponse;
  needsBody: boolean;
}

function route(state: SimState, req: SimRequest, segments: string[], base: string): Route | undefined {
  const [resource = "", id, extra] = segments;
  const method = req.method;
  const kind = resource.toLowerCase();
  if (extra !== undefined) return undefined;
  if (kind === "users") {
    if (id === undefined) {
      if (method === "GET") return { limitKey: "GET /Users", needsBody: false, run: () => listUsers(state, req.query, base) };
      if (method === "POST") return { limitKey: "POST /Users", needsBody: true, run: (body) => postUser(state, body, base) };
    } else {
      if (method === "GET") return { limitKey: "GET /Users/{id}", needsBody: false, run: () => getUser(state, id, req.query, base) };
      if (method === "PATCH") return { limitKey: "PATCH /Users/{id}", needsBody: true, run: (body) => patchUserRoute(state, id, body, base) };
      if (method === "PUT") return { limitKey: "PUT /Users/{id}", needsBody: true, run: (body) => putUser(state, id, body, base) };
      if (method === "DELETE") return { limitKey: "DELETE /Users/{id}", needsBody: false, run: () => deleteUserRoute(state, id) };
    }
    return methodNotAllowed();
  }
  if (kind === "groups") {
    if (id === undefined && method === "GET") return { limitKey: "GET /Groups", needsBody: false, run: () => listGroups(state, req.query, base) };
    if (id !== undefined && method === "GET") return { limitKey: "GET /Groups/{id}", needsBody: false, run: () => getGroup(state, id, req.query, base) };
    if (id !== undefined && method === "PATCH") {
      // "5 if body > 500 bytes, else 100" (§4.3).
      const key: ScimLimitKey = req.body.length > 500 ? "PATCH /Groups/{id} (body > 500 bytes)" : "PATCH /Groups/{id}";
      return { limitKey: key, needsBody: true, run: (body) => patchGroup(state, id, body) };
    }
    // Legacy model: "You can't create or delete teams via the SCIM API" (§3.1).
    return methodNotAllowed("Groups cannot be created or deleted via the SCIM API");
  }
  if (DISCOVERY.has(resource) && method === "GET") {
    return {
      limitKey: undefined,
      needsBody: false,
      run: () => {
        const found = discovery(segments, base);
        if (!found) throw new ScimRequestError(404, `Resource ${req.path} not found`);
        return scimJson(200, found);
      },
    };
  }
  return undefined;
}

const DISCOVERY = new Set(["ServiceProviderConfig", "ResourceTypes", "Schemas"]);

function methodNotAllowed(detail = "Method not allowed"): Route {
  return { limitKey: undefined, needsBody: false, run: () => scimError(405, detail) };
}

export function handleScim(state: SimState, req: SimRequest): SimResponse | null {
  if (req.path !== SCIM_BASE && !req.path.startsWith(`${SCIM_BASE}/`)) return null;
  const base = `${req.origin}${SCIM_BASE}`;
  const segments = req.path.slice(SCIM_BASE.length).split("/").filter(Boolean);

  // "The API token must be included in every call to SCIM" (§3.1), discovery endpoints included.
  const token = bearerToken(req);
  if (!token || token !== state.scim.token) {
    return scimError(401, "Miro cannot authorize the organization with the authorization token", undefined, { "www-authenticate": 'Bearer realm="scim"' });
  }
  if (!state.scim.enabled) return scimError(403, "SCIM integration is disabled");

  const found = route(state, req, segments, base);
  if (!found) return scimError(404, `Resource ${req.path} not found`);

  let headers: HeaderValues = {};
  if (found.limitKey && state.options.rateLimit) {
    const { scimLimits, scimWindowMs } = state.options.budgets;
    const now = state.clock.now();
    const result = state.limiter.consume(`scim:${found.limitKey}`, 1, scimLimits[found.limitKey], scimWindowMs, now);
    if (state.options.behaviour.scimRateLimitHeaders) headers = rateLimitHeaders(result);
    if (!result.allowed) {
      if (state.options.behaviour.retryAfterHeader) headers = { ...headers, "retry-after": retryAfterSeconds(result, now) };
      return scimError(429, "The user has sent too many requests in a given amount of time", "tooManyRequests", headers);
    }
  }

  let body: unknown;
  if (found.needsBody) {
    if (req.body.length > SCIM_MAX_BODY) return scimError(413, `Payload larger than ${SCIM_MAX_BODY} bytes`, undefined, headers);
    const type = mediaType(req);
    if (type !== "" && !isJsonMedia(type)) return scimError(415, `Unsupported media type '${type}'`, undefined, headers);
    const parsed = parseJson(req.body);
    if (!parsed.ok) return scimError(400, `Invalid JSON body: ${parsed.error}`, "invalidSyntax", headers);
    body = parsed.value;
  }

  try {
    const response = found.run(body);
    response.headers = { ...response.headers, ...headers };
    return response;
  } catch (error) {
    if (error instanceof ScimRequestError) return scimError(error.status, error.message, error.scimType, headers);
    throw error;
  }
}

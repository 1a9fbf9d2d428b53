/**
 * The gate in front of every Enterprise REST endpoint (§1.9, §2, §4.1): bearer token, credit-based
 * rate limit per (user, app), scope, Company Admin, Enterprise plan and org id checks.
 */
import { restError, restTooManyRequests } from "./errors";
import { bearerToken, type HeaderValues, type SimRequest, type SimResponse } from "./http";
import type { AccessToken } from "./model";
import { rateLimitHeaders, retryAfterSeconds } from "./rate-limit";
import type { SimState } from "./state";
import { resolveAccessToken } from "./tokens";

export type RateLevel = 1 | 2 | 3 | 4;

export interface RestGate {
  level: RateLevel;
  scope: string;
  orgId: string;
}

export type GateResult = { ok: true; token: AccessToken; headers: HeaderValues } | { ok: false; response: SimResponse };

export function levelCost(state: SimState, level: RateLevel): number {
  const costs = state.options.budgets.restLevelCosts;
  return level === 1 ? costs.level1 : level === 2 ? costs.level2 : level === 3 ? costs.level3 : costs.level4;
}

export function restGate(state: SimState, req: SimRequest, gate: RestGate): GateResult {
  const raw = bearerToken(req) ?? req.query.get("access_token");
  if (!raw) return { ok: false, response: restError(401, "tokenNotProvided", "No access token provided") };
  const token = resolveAccessToken(state, raw);
  // Not documented for an invalid or expired token; the reference suggests 401 with oauthError (§2.6).
  if (!token) return { ok: false, response: restError(401, "oauthError", "Access token is invalid or expired") };

  let headers: HeaderValues = {};
  if (state.options.rateLimit) {
    const now = state.clock.now();
    const { restCreditsPerWindow, restWindowMs } = state.options.budgets;
    // "each user and application combination has its own quota" (§4.1).
    const result = state.limiter.consume(`rest:${token.userId}:${token.clientId}`, levelCost(state, gate.level), restCreditsPerWindow, restWindowMs, now);
    headers = rateLimitHeaders(result);
    if (!result.allowed) {
      if (state.options.behaviour.retryAfterHeader) headers["retry-after"] = retryAfterSeconds(result, now);
      return { ok: false, response: restTooManyRequests(headers) };
    }
  }

  const deny = (message: string, status = 403) => ({
    ok: false as const,
    response: restError(status, status === 404 ? "notFound" : "forbiddenAccess", message, headers),
  });
  if (!token.scopes.includes(gate.scope)) return deny(`The access token does not have the required scope: ${gate.scope}`);
  const user = state.getMember(token.userId);
  if (!user?.active || user.role !== "organization_internal_admin") {
    return deny("You can only use this endpoint if you have the role of a Company Admin");
  }
  if (state.org.plan !== "company") return deny("This API is available only for Enterprise plan users");
  if (gate.orgId !== state.org.id) {
    return deny(`Organization ${gate.orgId} is not accessible with this token`, state.options.behaviour.orgMismatchStatus);
  }
  return { ok: true, token, headers };
}

/**
 * api.miro.com OAuth endpoints: token exchange and refresh (§1.5, §1.6), token context (§1.7) and
 * both revoke endpoints (§1.8).
 */
import { defaultRestCode, restError } from "./errors";
import { bearerToken, empty, isJsonMedia, isObject, json, mediaType, parseForm, parseJson, rawJson, type SimRequest, type SimResponse } from "./http";
import type { SimState } from "./state";
import { completeInstall, issueTokens, resolveAccessToken, tokenResponseText } from "./tokens";

const oauthError = (message: string, status = 401) => restError(status, "oauthError", message);

/**
 * Miro documents the parameters in the query string and recommends a form body; the SDKs send the
 * query with an empty body. Both are accepted and merged, the body winning; JSON is tolerated.
 */
export function tokenParams(req: SimRequest): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of req.query) params.set(key, value);
  if (req.body.length === 0) return params;
  const type = mediaType(req);
  if (isJsonMedia(type)) {
    const parsed = parseJson(req.body);
    if (parsed.ok && isObject(parsed.value)) {
      for (const [key, value] of Object.entries(parsed.value)) {
        if (typeof value === "string" || typeof value === "number") params.set(key, String(value));
      }
    }
    return params;
  }
  for (const [key, value] of parseForm(req.body)) params.set(key, value);
  return params;
}

export function handleToken(state: SimState, req: SimRequest): SimResponse {
  const params = tokenParams(req);
  const grantType = params.get("grant_type");
  if (!grantType) return oauthError("Missing required parameter: grant_type", 400);
  if (grantType !== "authorization_code" && grantType !== "refresh_token") return oauthError(`Unsupported grant type: ${grantType}`, 400);

  const app = state.apps.get(params.get("client_id") ?? "");
  // No source documents HTTP Basic client authentication, so only parameters count (§1.5).
  if (!app || params.get("client_secret") !== app.clientSecret) return oauthError("Invalid client credentials");

  if (grantType === "authorization_code") {
    const code = state.codes.get(params.get("code") ?? "");
    const now = state.clock.now();
    if (!code || code.used || code.expiresAt <= now || code.clientId !== app.clientId) return oauthError("Invalid authorization code");
    if (params.get("redirect_uri") !== code.redirectUri) return oauthError("Redirect URI mismatch.");
    code.used = true;
    if (state.options.behaviour.installOn === "token") completeInstall(state, app.clientId, code.teamId, code.userId);
    const token = issueTokens(state, app, code.userId, code.teamId, code.scopes);
    return rawJson(200, tokenResponseText(state, token), { "cache-control": "no-store" });
  }

  const refresh = state.refreshTokens.get(params.get("refresh_token") ?? "");
  if (!refresh || refresh.expiresAt <= state.clock.now() || refresh.clientId !== app.clientId) return oauthError("Invalid refresh token");
  const previous = state.accessTokens.get(refresh.accessToken);
  if (!previous) return oauthError("Invalid refresh token");
  // "the old access token and refresh token are no longer valid" (§1.6): rotate both.
  state.revokeAccessToken(previous.token);
  state.refreshTokens.delete(refresh.token);
  const token = issueTokens(state, app, previous.userId, previous.teamId, previous.scopes, previous.createdBy);
  return rawJson(200, tokenResponseText(state, token), { "cache-control": "no-store" });
}

export function handleTokenInfo(state: SimState, req: SimRequest): SimResponse {
  const record = resolveAccessToken(state, bearerToken(req) ?? req.query.get("access_token"));
  if (!record) {
    const status = state.options.behaviour.tokenInfoInvalidStatus;
    return restError(status, status === 400 ? defaultRestCode(400) : "oauthError", "Invalid token provided");
  }
  const team = state.teamById.get(record.teamId);
  const userName = (id: string) => state.getMember(id)?.displayName ?? "Unknown user";
  const body: Record<string, unknown> = { type: "oauth-token" };
  if (!state.options.behaviour.omitTokenInfoOrganization) body.organization = { type: "organization", name: state.org.name, id: state.org.id };
  body.team = { type: "team", name: team?.name ?? "", id: record.teamId };
  body.createdBy = { type: "user", name: userName(record.createdBy), id: record.createdBy };
  body.user = { type: "user", name: userName(record.userId), id: record.userId };
  body.scopes = record.scopes;
  return json(200, body);
}

/** v2: JSON body {accessToken, clientId, clientSecret} → 204, or 404 "Failed to revoke token". */
export function handleRevokeV2(state: SimState, req: SimRequest): SimResponse {
  const parsed = parseJson(req.body);
  if (!parsed.ok || !isObject(parsed.value)) return restError(400, "invalidParameters", "Request body must be JSON {accessToken, clientId, clientSecret}");
  const { accessToken, clientId, clientSecret } = parsed.value;
  if (typeof accessToken !== "string" || typeof clientId !== "string" || typeof clientSecret !== "string") {
    return restError(400, "invalidParameters", "accessToken, clientId and clientSecret are required");
  }
  const app = state.apps.get(clientId);
  const record = state.accessTokens.get(accessToken);
  if (!app || app.clientSecret !== clientSecret || !record || record.clientId !== clientId) {
    return restError(404, "notFound", "Failed to revoke token");
  }
  state.revokeAccessToken(accessToken);
  return empty(204);
}

/** v1 (deprecated): token in the query string → 204, or 400 "Failed to revoke token". */
export function handleRevokeV1(state: SimState, req: SimRequest): SimResponse {
  const token = req.query.get("access_token");
  if (!token || !state.revokeAccessToken(token)) return restError(400, "invalidParameters", "Failed to revoke token");
  return empty(204);
}

export function handleOAuthApi(state: SimState, req: SimRequest): SimResponse | null {
  const routes: Record<string, { method: string; run: () => SimResponse }> = {
    "/v1/oauth/token": { method: "POST", run: () => handleToken(state, req) },
    "/v1/oauth-token": { method: "GET", run: () => handleTokenInfo(state, req) },
    "/v2/oauth/revoke": { method: "POST", run: () => handleRevokeV2(state, req) },
    "/v1/oauth/revoke": { method: "POST", run: () => handleRevokeV1(state, req) },
  };
  const route = routes[req.path.replace(/\/$/, "")];
  if (!route) return null;
  if (req.method !== route.method) return restError(405, "methodNotAllowed", `Use ${route.method}`, { allow: route.method });
  return route.run();
}

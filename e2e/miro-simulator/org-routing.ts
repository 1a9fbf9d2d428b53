/**
 * One simulator origin may host several organizations, as miro.com and api.miro.com serve every
 * company. Each request goes to the organization Miro itself would tell from the request: the org id
 * in a REST path, the bearer token (an OAuth access token or a SCIM token belongs to one org), the
 * code, refresh token or client id of an OAuth call, the email of a sign-in, or the session cookie of
 * the signed-in user. Anything else (the sign-in page, an unknown token) goes to the first org, whose
 * handlers then answer as Miro does (401, 404…).
 */
import { bearerToken, isObject, parseForm, parseJson, type SimRequest } from "./http";
import { AUTHORIZE_PATH } from "./oauth";
import { tokenParams } from "./oauth-token";
import type { SimState } from "./state";

const OAUTH_API_PATHS = ["/v1/oauth/token", "/v2/oauth/revoke", "/v1/oauth/revoke"];

function byClientId(orgs: SimState[], clientId: string | null | undefined): SimState | undefined {
  return clientId ? orgs.find((s) => s.apps.has(clientId)) : undefined;
}

/** The organization a token-endpoint or revoke call belongs to: its code, refresh token or client id. */
function oauthApiOrg(orgs: SimState[], req: SimRequest): SimState | undefined {
  if (req.path.startsWith("/v2/oauth/revoke")) {
    const parsed = req.body.length > 0 ? parseJson(req.body) : undefined;
    const value = parsed?.ok && isObject(parsed.value) ? parsed.value : {};
    const token = typeof value.accessToken === "string" ? value.accessToken : undefined;
    return (token ? orgs.find((s) => s.accessTokens.has(token)) : undefined) ?? byClientId(orgs, typeof value.clientId === "string" ? value.clientId : undefined);
  }
  const params = tokenParams(req);
  const code = params.get("code");
  const refresh = params.get("refresh_token");
  return (
    (code ? orgs.find((s) => s.codes.has(code)) : undefined) ??
    (refresh ? orgs.find((s) => s.refreshTokens.has(refresh)) : undefined) ??
    byClientId(orgs, params.get("client_id"))
  );
}

export function routeToOrg(orgs: readonly SimState[], req: SimRequest): SimState {
  const first = orgs[0];
  if (!first) throw new Error("the simulator hosts no organization");
  if (orgs.length === 1) return first;
  const list = [...orgs];

  if (OAUTH_API_PATHS.some((p) => req.path === p || req.path === `${p}/`)) {
    const org = oauthApiOrg(list, req);
    if (org) return org;
  }
  const token = bearerToken(req) ?? req.query.get("access_token");
  if (token) {
    const org = list.find((s) => s.accessTokens.has(token) || s.scim.token === token);
    if (org) return org;
  }
  const restOrg = /^\/v2\/orgs\/([^/]+)/.exec(req.path)?.[1];
  if (restOrg) {
    const org = list.find((s) => s.org.id === restOrg);
    if (org) return org;
  }
  if (req.path === AUTHORIZE_PATH || req.path === `${AUTHORIZE_PATH}/`) {
    const clientId = req.method === "POST" ? parseForm(req.body).get("client_id") : req.query.get("client_id");
    const org = byClientId(list, clientId);
    if (org) return org;
  }
  if (req.path === "/login" && req.method === "POST") {
    const email = parseForm(req.body).get("email")?.trim() ?? "";
    const org = list.find((s) => s.getMemberByEmail(email));
    if (org) return org;
  }
  // Every org uses the same cookie name (one origin, one signed-in Miro user at a time).
  const sessionId = req.cookies[first.cookieName];
  if (sessionId) {
    const org = list.find((s) => s.sessions.has(sessionId));
    if (org) return org;
  }
  return first;
}

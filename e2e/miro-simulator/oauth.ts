/**
 * miro.com/oauth/authorize (§1.2-§1.4): exact redirect-URI validation, sign-in when there is no
 * session, the "Install & authorize" consent page, and the redirect back with code, state,
 * client_id and team_id. PKCE parameters are ignored (§1.2: not supported for the REST flow).
 */
import { html, json, parseForm, redirect, type SimRequest, type SimResponse } from "./http";
import type { App } from "./model";
import { consentPage } from "./pages/consent";
import { errorPage } from "./pages/error";
import { currentSession, loginRedirect } from "./session";
import type { SimState } from "./state";
import { completeInstall, issueCode } from "./tokens";

export const AUTHORIZE_PATH = "/oauth/authorize";

const MISMATCH = { status: 401, code: "oauthError", message: "Redirect URI mismatch.", type: "error" } as const;

function wantsJson(req: SimRequest): boolean {
  const accept = req.headers.accept ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

function failure(req: SimRequest, status: number, title: string, body: { status: number; code: string; message: string; type: string }): SimResponse {
  if (wantsJson(req)) return json(status, body);
  return html(status, errorPage(title, body.message, body));
}

/** Scopes come from the app settings; a `scope` parameter is ignored unless configured to narrow (§1.1). */
function grantedScopes(state: SimState, app: App, requested: string | null): string[] {
  if (state.options.behaviour.authorizeScopeParam === "ignore" || !requested) return app.scopes;
  const wanted = new Set(requested.split(/[\s,]+/).filter(Boolean));
  return app.scopes.filter((s) => wanted.has(s));
}

export function withParams(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

function validateClient(state: SimState, req: SimRequest, params: URLSearchParams): { app: App; redirectUri: string } | SimResponse {
  const app = state.apps.get(params.get("client_id") ?? "");
  if (!app) return failure(req, 400, "Invalid request", { status: 400, code: "oauthError", message: "Invalid client_id.", type: "error" });
  const redirectUri = params.get("redirect_uri") ?? "";
  // Exact match: scheme, host, www., trailing slash all count (§1.2, pitfall 4).
  if (!app.redirectUris.includes(redirectUri)) return failure(req, 401, "Redirect URI mismatch", MISMATCH);
  return { app, redirectUri };
}

export function handleAuthorize(state: SimState, req: SimRequest): SimResponse | null {
  if (req.path !== AUTHORIZE_PATH && req.path !== `${AUTHORIZE_PATH}/`) return null;
  if (req.method === "GET") return showConsent(state, req);
  if (req.method === "POST") return submitConsent(state, req);
  return html(405, errorPage("Method not allowed", "Use GET or POST."), { allow: "GET, POST" });
}

function showConsent(state: SimState, req: SimRequest): SimResponse {
  const params = req.query;
  const client = validateClient(state, req, params);
  if ("status" in client) return client;
  const { app, redirectUri } = client;
  const stateParam = params.get("state") ?? undefined;
  if (params.get("response_type") !== "code") {
    return redirect(withParams(redirectUri, { error: "unsupported_response_type", error_description: "response_type must be code", state: stateParam || undefined }));
  }
  const signedIn = currentSession(state, req);
  if (!signedIn) return loginRedirect(req);
  const teams = state.userTeams(signedIn.member);
  if (teams.length === 0) return html(403, errorPage("No team", "You are not a member of any team in this organization."));
  const requestedTeam = params.get("team_id");
  const selected = teams.find((t) => t.id === requestedTeam) ?? teams[0];
  const hidden: Record<string, string> = {
    response_type: "code",
    client_id: app.clientId,
    redirect_uri: redirectUri,
    csrf: signedIn.session.csrf,
  };
  if (stateParam !== undefined) hidden.state = stateParam;
  const scope = params.get("scope");
  if (scope) hidden.scope = scope;
  return html(
    200,
    consentPage({
      app,
      scopes: grantedScopes(state, app, scope),
      teams,
      selectedTeamId: selected?.id ?? "",
      installedTeamIds: teams.filter((t) => state.installation(app.clientId, t.id)).map((t) => t.id),
      hidden,
      action: AUTHORIZE_PATH,
      userName: signedIn.member.email,
      orgId: state.org.id,
      showCancel: true,
    }),
  );
}

function submitConsent(state: SimState, req: SimRequest): SimResponse {
  const form = parseForm(req.body);
  const client = validateClient(state, req, form);
  if ("status" in client) return client;
  const { app, redirectUri } = client;
  const stateParam = form.get("state") || undefined;
  const signedIn = currentSession(state, req);
  if (!signedIn) {
    const back = new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: redirectUri });
    if (stateParam) back.set("state", stateParam);
    const teamId = form.get("team_id");
    if (teamId) back.set("team_id", teamId);
    return redirect(`/login?redirect=${encodeURIComponent(`${AUTHORIZE_PATH}?${back.toString()}`)}`, {}, 303);
  }
  if (form.get("csrf") !== signedIn.session.csrf) return html(403, errorPage("Request expired", "Reload the page and try again."));

  if (form.get("action") === "cancel") {
    // Not documented; RFC 6749 §4.1.2.1 shape by default (§1.3.6 [INFERENCE]).
    if (state.options.behaviour.consentDenial === "error-page") {
      return html(200, errorPage("Installation cancelled", `${app.name} was not installed.`));
    }
    return redirect(withParams(redirectUri, { error: "access_denied", error_description: "The user denied the installation of the app", state: stateParam }));
  }

  const teamId = form.get("team_id") ?? "";
  if (!signedIn.member.teamIds.includes(teamId)) return html(400, errorPage("Invalid team", "Select one of your teams."));
  const code = issueCode(state, {
    clientId: app.clientId,
    redirectUri,
    userId: signedIn.member.id,
    teamId,
    scopes: grantedScopes(state, app, form.get("scope")),
  });
  if (state.options.behaviour.installOn === "consent") completeInstall(state, app.clientId, teamId, signedIn.member.id);
  return redirect(withParams(redirectUri, { code: code.code, state: stateParam, client_id: app.clientId, team_id: teamId }));
}

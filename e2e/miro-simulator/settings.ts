/**
 * Miro's own settings pages, so a demo can follow the seed's first two sections: Your Apps (create
 * an app, credentials, redirect URIs, permissions, "Install app and get OAuth token") and the
 * Enterprise integrations page (enable SCIM, API Token). Apps created here are the apps the OAuth
 * endpoints know.
 */
import { html, json, parseForm, redirect, type SimRequest, type SimResponse } from "./http";
import type { Member, Session } from "./model";
import { appSettingsPage, installedTokenPage, PERMISSION_SCOPES } from "./pages/app-settings";
import { consentPage } from "./pages/consent";
import { enterpriseIntegrationsPage, enterpriseIntegrationsPath } from "./pages/enterprise-integrations";
import { errorPage } from "./pages/error";
import { homePage } from "./pages/home";
import { APPS_PATH, yourAppsPage } from "./pages/your-apps";
import { currentSession, loginRedirect } from "./session";
import type { SimState } from "./state";
import { completeInstall, issueTokens } from "./tokens";

interface Ctx {
  state: SimState;
  req: SimRequest;
  member: Member;
  session: Session;
}

const isFetch = (req: SimRequest) => req.headers["x-requested-with"] === "fetch";

export function handleSettings(state: SimState, req: SimRequest): SimResponse | null {
  if (req.path === "/" && req.method === "GET") {
    return html(200, homePage(state.demo, currentSession(state, req)?.member.email));
  }
  const appsRoute = req.path === APPS_PATH || req.path.startsWith(`${APPS_PATH}/`);
  const companyRoute = req.path.startsWith("/app/settings/company/");
  if (!appsRoute && !companyRoute) return null;

  const signedIn = currentSession(state, req);
  if (!signedIn) return req.method === "GET" ? loginRedirect(req) : redirect("/login", {}, 303);
  const ctx: Ctx = { state, req, ...signedIn };
  let form: URLSearchParams | undefined;
  if (req.method === "POST") {
    form = parseForm(req.body);
    if (form.get("csrf") !== signedIn.session.csrf) return html(403, errorPage("Request expired", "Reload the page and try again."));
  }
  return appsRoute ? appsRoutes(ctx, form) : companyRoutes(ctx, form);
}

function appsRoutes(ctx: Ctx, form: URLSearchParams | undefined): SimResponse {
  const { state, req, member, session } = ctx;
  const [clientId, sub, extra] = req.path.slice(APPS_PATH.length).split("/").filter(Boolean);
  const common = { csrf: session.csrf, userEmail: member.email, orgId: state.org.id };

  if (clientId === undefined) {
    if (req.method === "GET") {
      const apps = [...state.apps.values()].filter((a) => a.createdBy === member.id);
      return html(200, yourAppsPage({ ...common, apps, teams: state.userTeams(member), openDialog: req.query.get("create") === "1" }));
    }
    if (form) return createApp(ctx, form);
  }

  const app = clientId ? state.apps.get(clientId) : undefined;
  if (!app || app.createdBy !== member.id || extra !== undefined) return html(404, errorPage("Not found", "This app does not exist or belongs to someone else."));
  const settingsUrl = `${APPS_PATH}/${app.clientId}`;

  if (sub === undefined && req.method === "GET") {
    return html(200, appSettingsPage({ ...common, app, notice: req.query.get("notice") ?? undefined, error: req.query.get("error") ?? undefined }));
  }
  if (sub === "redirect-uris" && form) {
    const remove = form.get("remove");
    if (remove !== null) app.redirectUris = app.redirectUris.filter((u) => u !== remove);
    else {
      const uri = (form.get("redirect_uri") ?? "").trim();
      if (!isAbsoluteUrl(uri)) return redirect(`${settingsUrl}?error=${encodeURIComponent("Enter an absolute URL")}`, {}, 303);
      if (!app.redirectUris.includes(uri)) app.redirectUris.push(uri);
    }
    return redirect(`${settingsUrl}?notice=${encodeURIComponent("Redirect URIs saved")}`, {}, 303);
  }
  if (sub === "permissions" && form) {
    const known = new Set<string>(PERMISSION_SCOPES);
    // Scopes outside the checkbox list (set through the control API) are kept as they are.
    app.scopes = [...app.scopes.filter((s) => !known.has(s)), ...form.getAll("scopes").filter((s) => known.has(s))];
    if (isFetch(req)) return json(200, { scopes: app.scopes });
    return redirect(`${settingsUrl}?notice=${encodeURIComponent("Permissions saved")}`, {}, 303);
  }
  if (sub === "install") {
    const teams = state.userTeams(member);
    if (req.method === "GET") {
      return html(
        200,
        consentPage({
          app,
          scopes: app.scopes,
          teams,
          selectedTeamId: teams.find((t) => t.id === req.query.get("team_id"))?.id ?? teams[0]?.id ?? "",
          installedTeamIds: teams.filter((t) => state.installation(app.clientId, t.id)).map((t) => t.id),
          hidden: { csrf: session.csrf },
          action: `${settingsUrl}/install`,
          userName: member.email,
          orgId: state.org.id,
          showCancel: false,
        }),
      );
    }
    if (form) {
      const team = teams.find((t) => t.id === form.get("team_id"));
      if (!team) return html(400, errorPage("Invalid team", "Select one of your teams."));
      // The shortcut hands the token over directly, so the app counts as installed at once (§1.1).
      const reinstall = state.installation(app.clientId, team.id) !== undefined;
      completeInstall(state, app.clientId, team.id, member.id);
      const token = issueTokens(state, app, member.id, team.id, app.scopes);
      return html(200, installedTokenPage({ app, team, token, userEmail: member.email, orgId: state.org.id, reinstall }));
    }
  }
  return html(404, errorPage("Not found", "No such page."));
}

function isAbsoluteUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function createApp(ctx: Ctx, form: URLSearchParams): SimResponse {
  const { state, member } = ctx;
  const name = (form.get("app_name") ?? "").trim();
  const team = state.userTeams(member).find((t) => t.id === form.get("developer_team_id"));
  if (!name || !team) return redirect(`${APPS_PATH}?create=1`, {}, 303);
  const app = state.createApp({
    name,
    scopes: [],
    redirectUris: [],
    expiringTokens: form.get("expiring_tokens") === "on",
    developerTeamId: team.id,
    createdBy: member.id,
  });
  return redirect(`${APPS_PATH}/${app.clientId}`, {}, 303);
}

function companyRoutes(ctx: Ctx, form: URLSearchParams | undefined): SimResponse {
  const { state, req, member, session } = ctx;
  const path = enterpriseIntegrationsPath(state.org.id);
  if (req.path !== path) return html(404, errorPage("Not found", "No such page in this organization."));
  if (member.role !== "organization_internal_admin") {
    return html(403, errorPage("Company Admins only", "Only Company Admins can open the admin console."));
  }
  if (form) {
    const action = form.get("action");
    if (action === "regenerate" && state.scim.enabled) state.regenerateScimToken();
    if (action === "settings") {
      // "SSO/SAML must be enabled first" (§3.1).
      if (state.options.ssoEnabled) state.scim.enabled = form.get("scim_enabled") === "on";
      state.scim.sendInviteEmails = form.get("send_invites") === "on";
    }
    if (isFetch(req)) return json(200, { enabled: state.scim.enabled, token: state.scim.enabled ? state.scim.token : null });
    return redirect(`${path}?notice=${encodeURIComponent(action === "regenerate" ? "New token generated" : "Settings saved")}`, {}, 303);
  }
  return html(
    200,
    enterpriseIntegrationsPage({
      orgId: state.org.id,
      scim: state.scim,
      ssoEnabled: state.options.ssoEnabled,
      csrf: session.csrf,
      userEmail: member.email,
      notice: req.query.get("notice") ?? undefined,
    }),
  );
}

/** The credentials block the CLI prints at start (also handy for demo launchers). */
import { SCIM_BASE } from "./scim";
import type { SimState } from "./state";
import { enterpriseIntegrationsPath } from "./pages/enterprise-integrations";
import { APPS_PATH } from "./pages/your-apps";

export function formatCredentials(url: string, state: SimState): string {
  const d = state.demo;
  return [
    `  Organization:        ${d.orgName} (id ${d.orgId}, plan ${state.org.plan}, ${state.members.length} members, ${state.teams.length} teams, seed ${state.options.seed})`,
    `  OAuth app:           ${d.appName}`,
    `    Client ID:         ${d.clientId}`,
    `    Client secret:     ${d.clientSecret}`,
    `    Scopes:            ${d.scopes.join(" ")}`,
    `    Tokens:            ${d.expiringTokens ? "expiring (1 h access + 60 d refresh)" : "non-expiring"}`,
    `    Redirect URIs:     ${d.redirectUris.join("\n                       ")}`,
    `    Authorize URL:     ${url}/oauth/authorize?response_type=code&client_id=${d.clientId}&redirect_uri=${encodeURIComponent(d.redirectUris[0] ?? "")}`,
    `    Token URL:         ${url}/v1/oauth/token`,
    `  SCIM base URL:       ${url}${SCIM_BASE}`,
    `    SCIM token:        ${state.scim.token}`,
    `  Company Admin:       ${d.adminEmail} / ${d.adminPassword} (user id ${d.adminUserId}; every simulated user shares this password)`,
    `  Your Apps:           ${url}${APPS_PATH}`,
    `  Enterprise integr.:  ${url}${enterpriseIntegrationsPath(d.orgId)}`,
    `  Rate limits:         ${state.options.rateLimit ? "on" : "off"}; control API: ${url}/__sim/state`,
  ].join("\n");
}

/**
 * An app's settings page (seed steps 10-13): App Credentials, Redirect URI for OAuth 2.0 with Add,
 * Permissions checkboxes, and "Install app and get OAuth token". Permission changes are saved in
 * the background; the install button is disabled until the save has landed so a quick click
 * cannot install with stale scopes.
 */
import type { AccessToken, App, Team } from "../model";
import { scopeDescription } from "./consent";
import { h, layout, raw } from "./html";
import { APPS_PATH } from "./your-apps";

export const PERMISSION_SCOPES = [
  "boards:read",
  "boards:write",
  "identity:read",
  "team:read",
  "auditlogs:read",
  "organizations:read",
  "organizations:teams:read",
  "organizations:teams:write",
] as const;

export function appSettingsPage(input: { app: App; csrf: string; userEmail: string; orgId: string; notice?: string; error?: string }): string {
  const { app } = input;
  const base = `${APPS_PATH}/${app.clientId}`;
  const script = `(function(){var f=document.getElementById("permissions-form"),b=document.getElementById("install-app"),st=document.getElementById("permissions-status");
f.querySelectorAll('input[name="scopes"]').forEach(function(cb){cb.addEventListener("change",function(){b.disabled=true;st.textContent="Saving…";
fetch(f.getAttribute("action"),{method:"POST",headers:{"x-requested-with":"fetch","content-type":"application/x-www-form-urlencoded"},body:new URLSearchParams(new FormData(f)).toString()})
.then(function(r){st.textContent=r.ok?"Saved":"Not saved";b.disabled=false;});});});})();`;
  return layout(
    app.name,
    h`<div class="card"><h1>${app.name}</h1>
      ${input.notice ? h`<p class="note" role="status">${input.notice}</p>` : ""}
      ${input.error ? h`<p class="error" role="alert">${input.error}</p>` : ""}
      <section aria-labelledby="credentials-title"><h2 id="credentials-title">App Credentials</h2>
        <label for="client-id">Client ID</label><input type="text" id="client-id" readonly value="${app.clientId}">
        <label for="client-secret">Client secret</label><input type="text" id="client-secret" readonly value="${app.clientSecret}">
      </section></div>
      <div class="card"><section aria-labelledby="redirect-title"><h2 id="redirect-title">Redirect URI for OAuth 2.0</h2>
        <ul id="redirect-uris">${app.redirectUris.map(
          (uri) => h`<li><code>${uri}</code>
            <form method="post" action="${base}/redirect-uris" style="display:inline"><input type="hidden" name="csrf" value="${input.csrf}">
            <input type="hidden" name="remove" value="${uri}"><button class="secondary" style="margin:0 0 0 8px;padding:2px 8px" aria-label="Remove ${uri}">Remove</button></form></li>`,
        )}</ul>
        <form method="post" action="${base}/redirect-uris" class="row"><input type="hidden" name="csrf" value="${input.csrf}">
          <div><label for="redirect-uri">Redirect URI</label><input type="url" id="redirect-uri" name="redirect_uri" required placeholder="https://example.com/oauth/callback"></div>
          <button type="submit">Add</button></form>
      </section></div>
      <div class="card"><section aria-labelledby="permissions-title"><h2 id="permissions-title">Permissions</h2>
        <form method="post" action="${base}/permissions" id="permissions-form"><input type="hidden" name="csrf" value="${input.csrf}">
        ${PERMISSION_SCOPES.map((scope) => {
          const id = `scope-${scope.replace(/:/g, "-")}`;
          return h`<p class="check"><input type="checkbox" id="${id}" name="scopes" value="${scope}"${app.scopes.includes(scope) ? raw(" checked") : ""}>
            <label for="${id}" style="display:inline;margin:0;font-weight:400"><code>${scope}</code></label> <span class="note">${scopeDescription(scope)}</span></p>`;
        })}
        <button type="submit" class="secondary">Save permissions</button> <span id="permissions-status" class="note" role="status"></span></form>
      </section></div>
      <div class="card"><section aria-labelledby="token-title"><h2 id="token-title">User authorization token</h2>
        <p id="token-expiry">${app.expiringTokens ? "Expiring: access tokens last 1 hour and come with a refresh token." : "Non-expiring: tokens work until the app is uninstalled."}</p>
        <p class="note">This was chosen when the app was created and cannot be changed.</p>
        <form method="get" action="${base}/install"><button type="submit" id="install-app">Install app and get OAuth token</button></form>
      </section></div>
      <script>${raw(script)}</script>`,
    { signedInAs: input.userEmail, orgId: input.orgId },
  );
}

export function installedTokenPage(input: { app: App; team: Team; token: AccessToken; userEmail: string; orgId: string; reinstall: boolean }): string {
  return layout(
    "OAuth token",
    h`<div class="card"><h1>${input.reinstall ? "App reinstalled" : "App installed"}</h1>
      <p><strong>${input.app.name}</strong> is installed on team <strong id="installed-team">${input.team.name}</strong>.</p>
      <label for="access-token">Access token</label><input type="text" id="access-token" readonly value="${input.token.token}">
      ${input.token.refreshToken ? h`<label for="refresh-token">Refresh token</label><input type="text" id="refresh-token" readonly value="${input.token.refreshToken}">` : ""}
      <p class="note">Scopes: <code>${input.token.scopes.join(" ")}</code>. Team ID: <code id="installed-team-id">${input.team.id}</code></p>
      <a class="button" href="${APPS_PATH}/${input.app.clientId}">Back to app settings</a></div>`,
    { signedInAs: input.userEmail, orgId: input.orgId },
  );
}

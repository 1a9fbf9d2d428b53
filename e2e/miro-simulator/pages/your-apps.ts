/** "Your Apps" list with the "Create a new app" dialog (seed steps 5-9). */
import type { App, Team } from "../model";
import { h, layout, raw } from "./html";

export const APPS_PATH = "/app/settings/user-profile/apps";

export function yourAppsPage(input: { apps: App[]; teams: Team[]; csrf: string; userEmail: string; orgId: string; openDialog: boolean; error?: string }): string {
  const script = `(function(){var d=document.getElementById("create-app-dialog");
document.getElementById("create-app-open").addEventListener("click",function(){d.showModal();});
document.getElementById("create-app-cancel").addEventListener("click",function(){d.close();});
${input.openDialog ? "d.showModal();" : ""}})();`;
  return layout(
    "Your Apps",
    h`<div class="card"><h1>Your Apps</h1>
      ${input.error ? h`<p class="error" role="alert">${input.error}</p>` : ""}
      ${input.apps.length === 0
        ? h`<p class="note">You have not created any apps yet.</p>`
        : h`<table><thead><tr><th>App</th><th>Client ID</th></tr></thead><tbody>${input.apps.map(
            (a) => h`<tr><td><a href="${APPS_PATH}/${a.clientId}">${a.name}</a></td><td><code>${a.clientId}</code></td></tr>`,
          )}</tbody></table>`}
      <button type="button" id="create-app-open">Create a new app</button></div>
      <dialog id="create-app-dialog" aria-labelledby="create-app-title">
        <h2 id="create-app-title">Create new app</h2>
        <form method="post" action="${APPS_PATH}">
          <input type="hidden" name="csrf" value="${input.csrf}">
          <label for="app-name">App Name</label>
          <input type="text" id="app-name" name="app_name" required maxlength="100">
          <label for="developer-team">Developer team</label>
          <select id="developer-team" name="developer_team_id">${input.teams.map((t) => h`<option value="${t.id}">${t.name}</option>`)}</select>
          <p class="check"><input type="checkbox" id="expire-token" name="expiring_tokens" value="on" checked>
            <label for="expire-token" style="display:inline;margin:0;font-weight:400">Expire user authorization token</label></p>
          <p class="note">You cannot enable, disable, or update this setting after you create your app.</p>
          <button type="submit">Create app</button>
          <button type="button" class="secondary" id="create-app-cancel">Cancel</button>
        </form>
      </dialog>
      <script>${raw(script)}</script>`,
    { signedInAs: input.userEmail, orgId: input.orgId },
  );
}

/**
 * The "Install & authorize" page (§1.3): app name, scopes, a team select pre-selected from
 * `team_id`, and one submit button that reads "Install", or "Reinstall" when the app is already
 * installed on the selected team. A tiny inline script keeps the label in step with the select.
 */
import type { App, Team } from "../model";
import { h, layout, raw } from "./html";

const SCOPE_TEXT: Record<string, string> = {
  "boards:read": "Retrieve information about boards, board members, or items",
  "boards:write": "Create, update, or delete boards, board members, or items",
  "identity:read": "Read profile information for the current user, including email",
  "team:read": "Read current team information",
  "organizations:read": "Read information about the organization, such as name, plan, number of licenses, organization settings, or organization members",
  "organizations:teams:read": "Read team information, such as the list of teams, team settings, team members, for an organization",
  "organizations:teams:write": "Create or delete teams, update team information, team settings, team members, for an organization",
  "auditlogs:read": "Read audit logs for this team's organization",
};

export function scopeDescription(scope: string): string {
  return SCOPE_TEXT[scope] ?? scope;
}

export interface ConsentView {
  app: App;
  scopes: string[];
  teams: Team[];
  selectedTeamId: string;
  installedTeamIds: string[];
  hidden: Record<string, string>;
  action: string;
  userName: string;
  orgId: string;
  /** The in-settings shortcut has no Cancel: closing the dialog is enough. */
  showCancel: boolean;
}

export function consentPage(view: ConsentView): string {
  const installed = new Set(view.installedTeamIds);
  const label = installed.has(view.selectedTeamId) ? "Reinstall" : "Install";
  const script = `(function(){var s=document.getElementById("team-select"),b=document.getElementById("install-button");
var ids=JSON.parse(b.getAttribute("data-installed-teams"));function u(){b.textContent=ids.indexOf(s.value)>=0?"Reinstall":"Install";}
s.addEventListener("change",u);u();})();`;
  return layout(
    "Install & authorize",
    h`<div class="card"><h1>Install &amp; authorize app</h1>
      <p><strong id="app-name">${view.app.name}</strong> is requesting access to your Miro account.</p>
      <h2>This app will be able to</h2>
      <ul class="scopes">${view.scopes.map((s) => h`<li><code>${s}</code>: ${scopeDescription(s)}</li>`)}</ul>
      <form method="post" action="${view.action}">
        ${Object.entries(view.hidden).map(([k, v]) => h`<input type="hidden" name="${k}" value="${v}">`)}
        <label for="team-select">Select a team</label>
        <select id="team-select" name="team_id">
          ${view.teams.map((t) => h`<option value="${t.id}"${t.id === view.selectedTeamId ? raw(" selected") : ""}>${t.name}</option>`)}
        </select>
        <p class="note">Already installed on: <span id="installed-teams">${
          view.teams.filter((t) => installed.has(t.id)).map((t) => t.name).join(", ") || "no team yet"
        }</span></p>
        <button type="submit" name="action" value="install" id="install-button" data-installed-teams="${JSON.stringify(view.installedTeamIds)}">${label}</button>
        ${view.showCancel ? h`<button type="submit" name="action" value="cancel" class="secondary" formnovalidate>Cancel</button>` : ""}
      </form></div>
      <script>${raw(script)}</script>`,
    { signedInAs: view.userName, orgId: view.orgId },
  );
}

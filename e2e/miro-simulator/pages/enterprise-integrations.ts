/** Admin console → Enterprise integrations (seed "Enable SCIM on your Miro Enterprise account"). */
import type { ScimSettings } from "../model";
import { h, layout, raw } from "./html";

export function enterpriseIntegrationsPath(orgId: string): string {
  return `/app/settings/company/${orgId}/enterprise-integrations`;
}

export function enterpriseIntegrationsPage(input: { orgId: string; scim: ScimSettings; ssoEnabled: boolean; csrf: string; userEmail: string; notice?: string }): string {
  const action = enterpriseIntegrationsPath(input.orgId);
  const script = `(function(){var f=document.getElementById("scim-form"),t=document.getElementById("scim-token-section"),i=document.getElementById("api-token");
f.querySelectorAll('input[type="checkbox"]').forEach(function(cb){cb.addEventListener("change",function(){
fetch(f.getAttribute("action"),{method:"POST",headers:{"x-requested-with":"fetch","content-type":"application/x-www-form-urlencoded"},body:new URLSearchParams(new FormData(f)).toString()})
.then(function(r){return r.json();}).then(function(s){t.hidden=!s.enabled;i.value=s.token||"";});});});})();`;
  const { scim } = input;
  return layout(
    "Enterprise integrations",
    h`<div class="card"><h1>Enterprise integrations</h1>
      ${input.notice ? h`<p class="note" role="status">${input.notice}</p>` : ""}
      <section><h2>SCIM Provisioning</h2>
      ${input.ssoEnabled ? "" : h`<p class="error">SCIM requires SSO/SAML. Enable SSO/SAML first.</p>`}
      <form method="post" action="${action}" id="scim-form"><input type="hidden" name="csrf" value="${input.csrf}"><input type="hidden" name="action" value="settings">
        <p class="check"><input type="checkbox" id="scim-enabled" name="scim_enabled" value="on"${scim.enabled ? raw(" checked") : ""}${input.ssoEnabled ? "" : raw(" disabled")}>
          <label for="scim-enabled" style="display:inline;margin:0">SCIM Provisioning</label></p>
        <div id="scim-token-section"${scim.enabled ? "" : raw(" hidden")}>
          <label for="api-token">API Token</label><input type="text" id="api-token" readonly value="${scim.enabled ? scim.token : ""}">
          <p class="check"><input type="checkbox" id="send-invites" name="send_invites" value="on"${scim.sendInviteEmails ? raw(" checked") : ""}>
            <label for="send-invites" style="display:inline;margin:0;font-weight:400">Send an email invite to join Miro to provisioned users</label></p>
        </div>
        <noscript><button type="submit">Save</button></noscript>
      </form>
      <form method="post" action="${action}"><input type="hidden" name="csrf" value="${input.csrf}"><input type="hidden" name="action" value="regenerate">
        <button type="submit" class="secondary"${scim.enabled ? "" : raw(" disabled")}>Generate new token</button>
        <span class="note">After generating a new token, you must configure the new token in your identity provider.</span></form>
      </section></div>
      <script>${raw(script)}</script>`,
    { signedInAs: input.userEmail, orgId: input.orgId },
  );
}

/** Landing page of the simulator origin: where things are, for a human opening it in a browser. */
import type { DemoCredentials } from "../model";
import { h, layout } from "./html";
import { APPS_PATH } from "./your-apps";
import { enterpriseIntegrationsPath } from "./enterprise-integrations";

export function homePage(demo: DemoCredentials, signedInAs: string | undefined): string {
  return layout(
    "Miro simulator",
    h`<div class="card"><h1>Miro simulator</h1>
      <p>Simulated Enterprise organization <strong>${demo.orgName}</strong> (<code>${demo.orgId}</code>).</p>
      <ul>
        <li><a href="${APPS_PATH}">Your Apps</a> (developer settings)</li>
        <li><a href="${enterpriseIntegrationsPath(demo.orgId)}">Enterprise integrations</a> (SCIM token)</li>
        <li><a href="/__sim/state">Simulator state (JSON)</a></li>
      </ul>
      <p class="note">Sign in as <code>${demo.adminEmail}</code> with password <code>${demo.adminPassword}</code>.</p></div>`,
    signedInAs ? { signedInAs, orgId: demo.orgId } : {},
  );
}

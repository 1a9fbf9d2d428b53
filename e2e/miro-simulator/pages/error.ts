/** Error page for browser-facing endpoints, showing Miro's JSON error body when there is one. */
import { h, layout } from "./html";

export function errorPage(title: string, message: string, detail?: unknown): string {
  return layout(
    title,
    h`<div class="card"><h1>${title}</h1><p class="error" role="alert">${message}</p>
      ${detail === undefined ? "" : h`<pre id="error-body">${JSON.stringify(detail)}</pre>`}</div>`,
  );
}

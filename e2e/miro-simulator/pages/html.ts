/** Shared HTML helpers for the simulator's server-rendered pages (no client framework). */

export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Tagged template that escapes interpolations unless they are marked safe with `raw`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function raw(value: string): SafeHtml {
  return new SafeHtml(value);
}

type Part = string | number | SafeHtml | undefined | null | false | Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return "";
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

export function h(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = "";
  strings.forEach((s, i) => {
    out += s;
    if (i < values.length) out += render(values[i]);
  });
  return new SafeHtml(out);
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f4f7;color:#050038}
header{background:#fff;border-bottom:1px solid #e0e0e6;padding:12px 24px;display:flex;gap:16px;align-items:center}
header .logo{font-weight:800;font-size:20px;background:#ffd02f;padding:2px 8px;border-radius:6px}
header nav{display:flex;gap:14px;flex:1}header a{color:#4262ff;text-decoration:none}
main{max-width:760px;margin:32px auto;padding:0 16px}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(5,0,56,.12);padding:24px;margin-bottom:20px}
h1{font-size:24px;margin:0 0 16px}h2{font-size:17px;margin:0 0 12px}
label{display:block;font-weight:600;margin:12px 0 4px}
input[type=text],input[type=email],input[type=password],input[type=url],select{width:100%;padding:9px 10px;border:1px solid #c7c7d1;border-radius:6px;font-size:15px}
input[readonly]{background:#f4f4f7;font-family:ui-monospace,monospace;font-size:13px}
.check{display:flex;gap:8px;align-items:center;font-weight:400;margin:6px 0}
button,.button{display:inline-block;background:#4262ff;color:#fff;border:0;border-radius:6px;padding:10px 18px;font-size:15px;cursor:pointer;text-decoration:none;margin-top:12px}
button.secondary{background:#fff;color:#050038;border:1px solid #c7c7d1}button:disabled{opacity:.5}
.error{background:#ffe9e9;color:#a30000;padding:10px 12px;border-radius:6px}
.note{color:#5c5c75;font-size:14px}.row{display:flex;gap:8px;align-items:flex-end}.row>*{flex:1}.row button{flex:0 0 auto}
ul.scopes li{margin:4px 0}code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{white-space:pre-wrap;background:#f4f4f7;padding:10px;border-radius:6px}
table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:6px 4px;border-bottom:1px solid #eee}
dialog{border:0;border-radius:12px;box-shadow:0 8px 30px rgba(5,0,56,.25);padding:24px;width:min(480px,90vw)}
`;

export interface LayoutOptions {
  signedInAs?: string;
  orgId?: string;
}

export function layout(title: string, body: SafeHtml, options: LayoutOptions = {}): string {
  const nav = options.signedInAs
    ? h`<nav><a href="/app/settings/user-profile/apps">Your Apps</a>${
        options.orgId ? h`<a href="/app/settings/company/${options.orgId}/enterprise-integrations">Enterprise integrations</a>` : ""
      }</nav><span class="note">Signed in as ${options.signedInAs}</span>
      <form method="post" action="/logout" style="margin:0"><button class="secondary" style="margin:0">Sign out</button></form>`
    : h`<nav></nav>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} | Miro (simulator)</title><style>${CSS}</style></head>
<body><header><span class="logo">miro</span><span class="note">simulator</span>${nav.value}</header><main>${body.value}</main></body></html>`;
}

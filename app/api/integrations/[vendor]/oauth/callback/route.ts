import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { listAdapters } from "@/lib/integrations/registry";
import { completeOAuth } from "@/lib/services/connections/complete-oauth";
import { oauthCallbackQuery } from "@/lib/services/connections/connection-input";
import { withQueryParam, type OAuthErrorCode } from "@/lib/services/connections/oauth-errors";

export const dynamic = "force-dynamic";

const VENDOR_ID = /^[a-z0-9_]{1,40}$/;

/**
 * A relative `Location`: the browser stays on the origin it came to (behind a proxy, the request's
 * own URL may name an internal host), and the path is always one of ours.
 */
function seeOther(path: string): Response {
  return new Response(null, { status: 303, headers: { location: path, "cache-control": "no-store" } });
}

function page(status: number, title: string, sentence: string): Response {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem">
<h1 style="font-size:1.25rem">${esc(title)}</h1><p>${esc(sentence)}</p><p><a href="/connections">Back to Connections &amp; credentials</a></p>
</body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

const failed = (code: OAuthErrorCode) => seeOther(withQueryParam("/connections", "oauth_error", code));

/**
 * The vendor-agnostic OAuth redirect target (`/api/integrations/<vendor>/oauth/callback`): the vendor
 * sends the browser here after consent. The single-use state is checked against the signed-in person
 * by `completeOAuth`; the browser then goes back where the flow started with `?oauth=<connection id>`,
 * and that page reads the outcome from the database. Nothing from the vendor's query reaches a URL.
 */
export async function GET(request: Request, { params }: { params: Promise<{ vendor: string }> }) {
  const { vendor } = await params;
  if (!VENDOR_ID.test(vendor) || !listAdapters().some((a) => a.id === vendor)) {
    return page(404, "Page not found", "There is no such integration.");
  }
  // Next's client router fetches a URL it navigates to (after sign-in, for example) as an RSC
  // request, or prefetches it. The single-use state must only be spent on a real page load: answer
  // such requests with a plain (non-RSC) response, which makes the router load this URL as a page.
  if (request.headers.get("rsc") || request.headers.get("next-router-prefetch")) {
    return new Response("Open this address as a page.", {
      status: 200,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", vary: "rsc, next-router-prefetch" },
    });
  }
  const url = new URL(request.url);

  let actor: Awaited<ReturnType<typeof requirePermission>>;
  try {
    actor = await requirePermission("connections:manage", "create connections");
  } catch (error) {
    if (error instanceof ServiceError && error.code === "unauthenticated") {
      // Sign in first, then come back here: the state stays unused until then.
      return seeOther(withQueryParam("/sign-in", "callbackUrl", `${url.pathname}${url.search}`));
    }
    if (error instanceof ServiceError && error.code === "forbidden") {
      return page(403, "You do not have access to this page", error.message);
    }
    throw error;
  }

  const parsed = oauthCallbackQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return failed("invalid");
  if (!parsed.data.state) return failed("no_state");

  try {
    const outcome = await completeOAuth({ db: await getDb(), actor }, { vendorId: vendor, query: parsed.data });
    if (outcome.connectionId) return seeOther(withQueryParam(outcome.returnPath, "oauth", outcome.connectionId));
    return failed("state");
  } catch (error) {
    console.error("[oauth callback] unexpected error", error);
    return failed("internal");
  }
}

/** A HEAD probe (link previews, checkers) must not spend the single-use state either. */
export function HEAD() {
  return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
}

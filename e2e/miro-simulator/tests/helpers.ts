/** Test helpers: drive the simulator over real HTTP the way a client or a browser would. */
import { startMiroSimulator, type MiroSimulator, type MiroSimulatorOptions } from "../server";

export type Sim = MiroSimulator;

export async function startSim(options: MiroSimulatorOptions = {}): Promise<Sim> {
  return startMiroSimulator({ members: 300, seed: 7, ...options });
}

export async function control<T = unknown>(sim: Sim, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${sim.url}/__sim${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  user_id: string;
  team_id: string;
  scope: string;
  token_type: string;
}

/** Mints a token through the control API (no browser), for tests that are not about OAuth. */
export async function mintToken(sim: Sim, body: Record<string, unknown> = {}): Promise<TokenResponse> {
  const res = await control<TokenResponse>(sim, "POST", "/tokens", body);
  if (res.status !== 201) throw new Error(`mint failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function api(sim: Sim, path: string, token?: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  return fetch(`${sim.url}${path}`, { ...init, headers });
}

export async function scim(sim: Sim, path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${init.token ?? sim.state.scim.token}`);
  headers.set("accept", "application/scim+json");
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/scim+json");
    body = JSON.stringify(init.json);
  }
  return fetch(`${sim.url}/api/v1/scim${path}`, { ...init, headers, body });
}

export function patchOp(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: operations };
}

export async function signIn(sim: Sim, email = sim.state.demo.adminEmail, password = sim.state.demo.adminPassword): Promise<string> {
  const res = await fetch(`${sim.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirect: "/" }),
  });
  const cookie = res.headers.get("set-cookie");
  if (res.status !== 303 || !cookie) throw new Error(`sign-in failed with ${res.status}`);
  return cookie.split(";")[0] ?? "";
}

export function authorizeUrl(sim: Sim, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: sim.state.demo.clientId,
    redirect_uri: sim.state.demo.redirectUris[0] ?? "",
    ...params,
  });
  return `${sim.url}/oauth/authorize?${query.toString()}`;
}

export function hiddenInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    out[match[1] ?? ""] = decodeEntities(match[2] ?? "");
  }
  return out;
}

export function decodeEntities(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

export function installButtonLabel(html: string): string | undefined {
  return /id="install-button"[^>]*>([^<]+)</.exec(html)?.[1];
}

/** Consent page → Install (or Cancel) → the redirect Location, as a browser would. */
export async function consent(
  sim: Sim,
  cookie: string,
  params: Record<string, string> = {},
  choose: { teamId?: string; action?: "install" | "cancel" } = {},
): Promise<{ page: string; location: URL; status: number }> {
  const pageRes = await fetch(authorizeUrl(sim, params), { headers: { cookie }, redirect: "manual" });
  const page = await pageRes.text();
  if (pageRes.status !== 200) throw new Error(`consent page returned ${pageRes.status}`);
  const hidden = hiddenInputs(page);
  const selected = /<option value="(\d+)" selected>/.exec(page)?.[1] ?? "";
  const form = new URLSearchParams({ ...hidden, team_id: choose.teamId ?? selected, action: choose.action ?? "install" });
  const res = await fetch(`${sim.url}/oauth/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: form,
  });
  return { page, location: new URL(res.headers.get("location") ?? "about:blank"), status: res.status };
}

export async function exchangeCode(sim: Sim, code: string, overrides: Record<string, string> = {}, placement: "query" | "form" | "json" = "form"): Promise<Response> {
  const params = {
    grant_type: "authorization_code",
    client_id: sim.state.demo.clientId,
    client_secret: sim.state.demo.clientSecret,
    code,
    redirect_uri: sim.state.demo.redirectUris[0] ?? "",
    ...overrides,
  };
  if (placement === "query") return fetch(`${sim.url}/v1/oauth/token?${new URLSearchParams(params).toString()}`, { method: "POST" });
  if (placement === "json") {
    return fetch(`${sim.url}/v1/oauth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(params) });
  }
  return fetch(`${sim.url}/v1/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params) });
}

/** The whole browser flow: sign in, consent, exchange. */
export async function oauthToken(sim: Sim, params: Record<string, string> = {}): Promise<TokenResponse> {
  const cookie = await signIn(sim);
  const { location } = await consent(sim, cookie, params);
  const code = location.searchParams.get("code") ?? "";
  const res = await exchangeCode(sim, code, params.redirect_uri ? { redirect_uri: params.redirect_uri } : {});
  if (res.status !== 200) throw new Error(`token exchange failed ${res.status}`);
  return (await res.json()) as TokenResponse;
}

export async function walkMembers(sim: Sim, token: string, query = "", limit = 100): Promise<{ ids: string[]; pages: number; lastPage: Record<string, unknown> }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  let lastPage: Record<string, unknown> = {};
  for (;;) {
    const qs = new URLSearchParams(query);
    qs.set("limit", String(limit));
    if (cursor) qs.set("cursor", cursor);
    const res = await api(sim, `/v2/orgs/${sim.state.org.id}/members?${qs.toString()}`, token);
    if (res.status !== 200) throw new Error(`page failed ${res.status}`);
    const page = (await res.json()) as { data: { id: string }[]; cursor?: string; size: number };
    pages += 1;
    lastPage = page;
    ids.push(...page.data.map((m) => m.id));
    cursor = page.cursor;
    if (!cursor || page.data.length === 0) return { ids, pages, lastPage };
    if (pages > 10_000) throw new Error("pagination does not end");
  }
}

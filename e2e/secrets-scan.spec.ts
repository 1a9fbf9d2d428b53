import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO, signIn } from "./support/auth";
import { publishMiroProfile } from "./support/profile-flow";
import { sim, simState, type SimState } from "./support/sim";

/**
 * Item 14's secret scan: with a published Miro profile (so an OAuth connection with its access and
 * refresh tokens, and a SCIM token, are stored), every kind of page, fetched as HTML and as its RSC
 * payload (`RSC: 1`, what the client router fetches), holds none of the secrets: the simulator's
 * client secret and SCIM token, the tokens it issued, the server's AUTH_SECRET and encryption key,
 * nor any ciphertext of them.
 */
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
let profileUrl = "";
let state: SimState;

/** The server's own keys: from its environment when set, else the demo secrets it generated in .data/. */
function serverKeys(): string[] {
  const keys = [process.env.AUTH_SECRET, process.env.OPENSAM_ENCRYPTION_KEY].filter((k): k is string => !!k);
  const file = path.join(process.cwd(), ".data", "dev-secrets.json");
  if (keys.length < 2 && existsSync(file)) {
    const local = JSON.parse(readFileSync(file, "utf8")) as { authSecret: string; encryptionKey: string };
    keys.push(local.authSecret, local.encryptionKey);
  }
  return keys;
}

async function secrets(): Promise<string[]> {
  const now = await simState();
  const tokens = now.tokens.list.flatMap((t) => Object.values(t).filter((v): v is string => typeof v === "string" && v.length >= 20));
  return [state.credentials.clientSecret, state.credentials.scimToken, ...tokens, ...serverKeys()];
}

/** A ciphertext of the vault (lib/security/secrets.ts): `v1.<12-byte iv>.<16-byte tag>.<ciphertext>`, base64url. */
const CIPHERTEXT = /v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+/;

/** The first link on a list page whose path matches, e.g. a rule's record. */
async function firstLink(page: Page, listPath: string, pattern: RegExp): Promise<string | null> {
  await page.goto(listPath);
  const hrefs = await page.locator("a[href]").evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? ""));
  return hrefs.find((h) => pattern.test(h)) ?? null;
}

async function fetchBoth(request: APIRequestContext, pagePath: string): Promise<{ html: string; rsc: string }> {
  const html = await request.get(pagePath, { maxRedirects: 0 });
  expect(html.status(), `${pagePath} (HTML)`).toBe(200);
  expect(html.headers()["content-type"], pagePath).toContain("text/html");
  // Next answers an RSC request without its cache-busting `_rsc` parameter with a redirect to the
  // same path carrying one; follow it, and check it stayed on the page.
  const rsc = await request.get(pagePath, { headers: { RSC: "1" } });
  expect(rsc.status(), `${pagePath} (RSC)`).toBe(200);
  expect(new URL(rsc.url()).pathname, `${pagePath} (RSC)`).toBe(new URL(pagePath, "http://x").pathname);
  expect(rsc.headers()["content-type"], pagePath).toContain("text/x-component");
  return { html: await html.text(), rsc: await rsc.text() };
}

test("a Miro profile is published, so that a connection with tokens and a SCIM token exist", async ({ page }) => {
  test.setTimeout(180_000);
  await sim("reset", { seed: 11, members: 200 });
  state = await simState();
  await signIn(page, DEMO.integrator);
  profileUrl = await publishMiroProfile(page, state, `Secrets scan ${stamp}`);
  expect(profileUrl).toMatch(/^\/integration-profiles\/[0-9a-f-]{36}$/);
});

for (const who of [DEMO.admin, DEMO.integrator] as const) {
  test(`every page kind, as HTML and as RSC payload, holds no secret (signed in as ${who})`, async ({ page }) => {
    test.setTimeout(180_000);
    const known = await secrets();
    expect(known.length).toBeGreaterThanOrEqual(6);
    for (const s of known) expect(s.length).toBeGreaterThanOrEqual(20);
    await signIn(page, who);

    const fixed = [
      "/",
      "/subscriptions",
      "/software-models",
      "/unrecognized-identifiers",
      "/subscription-exclusions",
      "/removal-candidates",
      "/reclamation-rules",
      "/license-usage",
      "/entitlements",
      "/scheduled-jobs",
      "/scheduled-jobs/results",
      "/audit-log",
      "/connections",
      "/connections/miro_spoke.Miro_Enterprise",
      "/connections/miro_spoke.Miro_Enterprise_SCIM",
      "/integration-profiles",
      "/admin/user-directory",
      "/entitlements/new",
      "/mailbox",
      profileUrl,
      ...["subscriptions", "software-models", "unrecognized-identifiers", "identifier-exclusions", "user-exclusions", "removal-candidates", "scheduled-jobs", "job-results"].map((s) => `${profileUrl}/${s}`),
    ];
    // Pages only one of the two roles may open (users:manage; profiles:manage).
    const ownRole = who === DEMO.admin ? ["/admin/users"] : ["/integration-profiles/new", "/integration-profiles/new/miro"];
    // Record pages reached through their lists, one at a time on the one page: the publish made a
    // rule; candidates and entitlements exist when earlier specs made them.
    const records: string[] = [];
    for (const [list, pattern] of [
      ["/reclamation-rules", /^\/reclamation-rules\/[0-9a-f-]{36}$/],
      ["/removal-candidates", /^\/removal-candidates\/[0-9a-f-]{36}$/],
      ["/entitlements", /^\/entitlements\/[0-9a-f-]{36}$/],
    ] as const) {
      const href = await firstLink(page, list, pattern);
      if (href) records.push(href);
    }
    expect(records.some((r) => r.startsWith("/reclamation-rules/"))).toBe(true);
    const paths = [...fixed, ...ownRole, ...records];

    for (const pagePath of paths) {
      const { html, rsc } = await fetchBoth(page.request, pagePath);
      for (const [kind, body] of [["HTML", html], ["RSC", rsc]] as const) {
        for (const secret of known) expect(body.includes(secret), `${pagePath} (${kind}) holds a secret`).toBe(false);
        expect(CIPHERTEXT.test(body), `${pagePath} (${kind}) holds a ciphertext`).toBe(false);
      }
    }
  });
}

test("the public pages and the sign-in page hold no secret either", async ({ request }) => {
  const known = await secrets();
  for (const pagePath of ["/sign-in", `/respond/${"x".repeat(43)}`, "/respond/done?result=invalid"]) {
    const { html, rsc } = await fetchBoth(request, pagePath);
    for (const body of [html, rsc]) {
      for (const secret of known) expect(body.includes(secret), pagePath).toBe(false);
      expect(CIPHERTEXT.test(body), pagePath).toBe(false);
    }
  }
});

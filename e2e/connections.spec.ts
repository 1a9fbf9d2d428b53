import { expect, test, type Page, type Request, type Response } from "@playwright/test";
import { parseCsv } from "../lib/csv/parse";
import { DEMO, signIn } from "./support/auth";

/**
 * Connections & credentials: the vendor aliases, child aliases, the two Create Connection and
 * Credential dialogs, secrets that never come back, and the OAuth callback's refusals. (The full
 * OAuth round trip through the Miro simulator is in integration-profile.spec.ts.)
 */
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const OAUTH = "miro_spoke.Miro_Enterprise";
const SCIM = "miro_spoke.Miro_Enterprise_SCIM";
const CHILD = `${OAUTH}_E2E_${stamp}`;
const STATE_SENTENCE =
  "This authorization answer is not valid for you: it was used already, it is older than 10 minutes, or it was started by someone else. Start again with Create and Get OAuth Token.";

/** Every HTML page and RSC payload the browser receives from the app. */
function recordPayloads(page: Page, baseURL: string): string[] {
  const bodies: string[] = [];
  page.on("response", async (res: Response) => {
    if (!res.url().startsWith(baseURL)) return;
    const type = res.headers()["content-type"] ?? "";
    if (!/html|text\/x-component|json|text\/plain/.test(type)) return;
    try {
      bodies.push(await res.text());
    } catch {
      // redirects and aborted responses have no body
    }
  });
  return bodies;
}

const aliasPath = (id: string) => `/connections/${id}`;

test("the Miro aliases are listed, filtered and exported", async ({ page }) => {
  await signIn(page, DEMO.integrator);
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Connections & credentials", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Connections & credentials" })).toBeVisible();
  const table = page.getByTestId("connections-table");
  await expect(table.getByRole("link", { name: OAUTH, exact: true })).toBeVisible();
  await expect(table.getByRole("link", { name: SCIM, exact: true })).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(`${SCIM} .*API token`) })).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(`${OAUTH} .*OAuth`) })).toBeVisible();

  await page.getByLabel("Kind").selectOption("api_token");
  await expect(page).toHaveURL(/kind=api_token/);
  await expect(table.getByRole("link", { name: OAUTH, exact: true })).toHaveCount(0);
  await expect(table.getByRole("link", { name: SCIM, exact: true })).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = parseCsv(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString("utf8")));
  expect(csv[0]).toEqual(["Alias", "Name", "Vendor", "Kind", "Parent alias", "Active connection", "Token state", "Organization", "Updated"]);
  expect(csv.slice(1).map((r) => r[0])).toContain(SCIM);
  expect(csv.slice(1).map((r) => r[0])).not.toContain(OAUTH);
  expect(csv.find((r) => r[0] === SCIM)?.[2]).toBe("Miro Enterprise");
});

test("opened from a profile, the alias page links back to it; anything but a profile id is ignored", async ({ page }) => {
  const profile = "3f0c9a52-8d7e-4b1a-9c3e-2a6b5d4e1f00";
  await signIn(page, DEMO.integrator);
  await page.goto(`${aliasPath(SCIM)}?profile=${profile}`);
  await expect(page.getByRole("link", { name: "← Back to the profile" })).toHaveAttribute("href", `/integration-profiles/${profile}`);
  await page.getByRole("button", { name: "Create New Connection & Credential" }).click();
  await expect(page.getByRole("dialog").locator('input[name="returnTo"]')).toHaveValue(`/integration-profiles/${profile}`);
  await page.goto(`${aliasPath(SCIM)}?profile=${encodeURIComponent("https://evil.example/")}`);
  await expect(page.getByRole("link", { name: "← Back to the profile" })).toHaveCount(0);
  await page.getByRole("button", { name: "Create New Connection & Credential" }).click();
  await expect(page.getByRole("dialog").locator('input[name="returnTo"]')).toHaveCount(0);
});

test("an integrator creates a child alias, so a second organization can have its own connection", async ({ page }) => {
  await signIn(page, DEMO.integrator);
  await page.goto(aliasPath(OAUTH));
  await expect(page.getByText("Connection & Credential Aliases")).toBeVisible();
  await expect(page.getByRole("heading", { name: OAUTH })).toBeVisible();

  // No name: a message at the field, nothing created.
  await page.getByRole("button", { name: "Create child alias" }).click();
  await expect(page.getByText("Enter a name for the child alias.")).toBeVisible();

  await page.getByLabel("Child alias name").fill(`E2E ${stamp}`);
  await page.getByRole("button", { name: "Create child alias" }).click();
  await expect(page.getByTestId("child-aliases").getByRole("link", { name: CHILD })).toBeVisible();

  // The same name again is refused at the field.
  await page.getByLabel("Child alias name").fill(`E2E ${stamp}`);
  await page.getByRole("button", { name: "Create child alias" }).click();
  await expect(page.getByText("This name is taken.")).toBeVisible();

  await page.getByTestId("child-aliases").getByRole("link", { name: CHILD }).click();
  await expect(page.getByRole("heading", { name: CHILD })).toBeVisible();
  await expect(page.getByTestId("alias-details").getByRole("link", { name: OAUTH, exact: true })).toBeVisible();
  // A child alias cannot have children of its own.
  await expect(page.getByLabel("Child alias name")).toHaveCount(0);

  await page.goto("/connections?child=true");
  await expect(page.getByTestId("connections-table").getByRole("link", { name: CHILD })).toBeVisible();
  await expect(page.getByTestId("connections-table").getByRole("link", { name: SCIM, exact: true })).toHaveCount(0);
});

test("an API token is stored on the SCIM alias, shown masked, and never sent to the browser", async ({ page, baseURL }) => {
  const token = `scim-e2e-${stamp}-${Math.random().toString(36).slice(2)}-do-not-leak`;
  const bodies = recordPayloads(page, baseURL!);
  await signIn(page, DEMO.integrator);
  await page.goto(aliasPath(SCIM));
  await page.getByRole("button", { name: "Create New Connection & Credential" }).click();
  const dialog = page.getByRole("dialog", { name: "Create Connection and Credential" });
  await expect(dialog.getByLabel("Connection Name")).toHaveValue("Miro Enterprise SCIM");
  await expect(dialog.getByLabel("API Token")).toHaveAttribute("type", "password");
  await expect(dialog.getByLabel("OAuth Client ID")).toHaveCount(0);

  await dialog.getByLabel("API Token").fill("short");
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog.getByText("Paste the API Token from Miro's Enterprise integrations page.")).toBeVisible();

  await dialog.getByLabel("Connection Name").fill(`SCIM E2E ${stamp}`);
  await dialog.getByLabel("API Token").fill(token);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("connection-created")).toContainText(`SCIM E2E ${stamp} is now the active connection`);

  const active = page.getByTestId("active-connection");
  await expect(active).toContainText(`SCIM E2E ${stamp}`);
  await expect(active).toContainText("API Token••••••••");
  await expect(active).toContainText("Integrator");

  // The dialog never shows the stored token again: replacing it means typing a new one.
  await page.getByRole("button", { name: "Create New Connection & Credential" }).click();
  await expect(page.getByRole("dialog").getByLabel("API Token")).toHaveValue("");
  await page.keyboard.press("Escape");

  await page.goto("/connections");
  await expect(page.getByRole("row", { name: new RegExp(`${SCIM} .*SCIM E2E ${stamp}.*API token stored`) })).toBeVisible();

  // Not in the DOM, not in any HTML or RSC payload, not in a fresh server render.
  await page.goto(aliasPath(SCIM));
  const fresh = await (await page.request.get(aliasPath(SCIM))).text();
  const freshRsc = await (await page.request.get(aliasPath(SCIM), { headers: { RSC: "1" } })).text();
  expect(fresh).toContain(`SCIM E2E ${stamp}`);
  const everything = [...bodies, await page.content(), fresh, freshRsc].join("\n");
  expect(everything).not.toContain(token);
  expect(everything).not.toMatch(/v1\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./); // no ciphertext either
});

test("the OAuth dialog sends the browser to the vendor's consent page with a single-use state", async ({ page, baseURL }) => {
  const callback = `${baseURL}/api/integrations/miro/oauth/callback`;
  await signIn(page, DEMO.integrator);
  await page.goto(aliasPath(CHILD));
  await page.getByRole("button", { name: "Create New Connection & Credential" }).click();
  const dialog = page.getByRole("dialog", { name: "Create Connection and Credential" });
  await expect(dialog.getByLabel("Connection Name")).toHaveValue(`Miro Enterprise E2E ${stamp}`);
  await expect(dialog.getByLabel("OAuth Redirect URL")).toHaveValue(callback);
  await expect(dialog.getByLabel("OAuth Redirect URL")).toHaveAttribute("readonly", "");
  await expect(dialog.getByLabel("OAuth Client Secret")).toHaveAttribute("type", "password");
  await expect(dialog.getByLabel("API Token")).toHaveCount(0);

  // Missing fields: messages at the fields; what was typed stays.
  await dialog.getByLabel("OAuth Client ID").fill("e2e-client-id");
  await dialog.getByRole("button", { name: "Create and Get OAuth Token" }).click();
  await expect(dialog.getByText("Enter the OAuth Client Secret from Miro's app settings.")).toBeVisible();
  await expect(dialog.getByLabel("OAuth Client ID")).toHaveValue("e2e-client-id");

  const consent = page.waitForRequest((r) => r.isNavigationRequest() && r.url().includes("/oauth/authorize"));
  await dialog.getByLabel("OAuth Client Secret").fill(`e2e-client-secret-${stamp}`);
  await dialog.getByRole("button", { name: "Create and Get OAuth Token" }).click();
  const authorize = new URL((await consent).url());
  expect(authorize.searchParams.get("client_id")).toBe("e2e-client-id");
  expect(authorize.searchParams.get("redirect_uri")).toBe(callback);
  expect(authorize.searchParams.get("response_type")).toBe("code");
  expect(authorize.searchParams.get("state")?.length ?? 0).toBeGreaterThanOrEqual(32);
  await page.waitForURL((url) => !url.href.startsWith(baseURL!));

  // Back in the workspace: the attempt is pending, its secret is not shown.
  await page.goto(aliasPath(CHILD));
  await expect(page.getByTestId("latest-attempt")).toContainText("waiting for the authorization");
  await expect(page.getByTestId("connection-history").getByRole("row", { name: new RegExp(`Miro Enterprise E2E ${stamp} Pending`) })).toBeVisible();
  expect(await page.content()).not.toContain(`e2e-client-secret-${stamp}`);
  await page.goto(`/connections?q=E2E_${stamp}`);
  await expect(page.getByRole("row", { name: new RegExp(`${CHILD} .*Pending`) })).toBeVisible();

  // The vendor's answer reaches a signed-out browser: sign in first, and the state still works
  // (it gets as far as the code exchange, which the vendor refuses for this made-up code).
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  const answer = `/api/integrations/miro/oauth/callback?code=made-up-code&state=${authorize.searchParams.get("state")}`;
  await page.goto(answer);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.getByLabel("Email").fill(DEMO.integrator);
  await page.getByLabel("Password").fill("opensam-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/connections/${CHILD}\\?oauth=[0-9a-f-]{36}$`));
  const banner = page.getByTestId("oauth-outcome");
  await expect(banner).toHaveAttribute("data-kind", "error");
  await expect(banner).toContainText(/Create and Get OAuth Token/);
  await expect(page.getByTestId("latest-attempt")).toContainText(/Create and Get OAuth Token/);

  // The same answer again: the state was single-use.
  await page.goto(answer);
  await expect(page).toHaveURL(/\/connections\?oauth_error=state$/);
  await expect(page.getByTestId("oauth-error")).toHaveText(STATE_SENTENCE);
});

test("a sam_user sees no Create links, and the actions refuse when called directly", async ({ page, browser }) => {
  // Capture the integrator's real server-action requests.
  const context = await browser.newContext();
  const integrator = await context.newPage();
  await signIn(integrator, DEMO.integrator);
  await integrator.goto(aliasPath(SCIM));
  const captured: Request[] = [];
  integrator.on("request", (r) => {
    if (r.method() === "POST" && r.headers()["next-action"]) captured.push(r);
  });
  await integrator.getByLabel("Child alias name").fill(`Replay ${stamp}`);
  await integrator.getByRole("button", { name: "Create child alias" }).click();
  const child = `${SCIM}_Replay_${stamp}`;
  await integrator.getByTestId("child-aliases").getByRole("link", { name: child }).click();
  await integrator.getByRole("button", { name: "Create New Connection & Credential" }).click();
  await integrator.getByRole("dialog").getByLabel("Connection Name").fill(`Legit ${stamp}`);
  await integrator.getByRole("dialog").getByLabel("API Token").fill(`legit-token-${stamp}`);
  await integrator.getByRole("dialog").getByRole("button", { name: "Create", exact: true }).click();
  await expect(integrator.getByTestId("active-connection")).toContainText(`Legit ${stamp}`);
  const [childRequest, tokenRequest] = captured;
  expect(tokenRequest).toBeDefined();

  await signIn(page, DEMO.user);
  await page.goto(aliasPath(SCIM));
  await expect(page.getByRole("heading", { name: SCIM })).toBeVisible();
  await expect(page.getByTestId("active-connection")).toContainText("••••••••");
  await expect(page.getByRole("button", { name: "Create New Connection & Credential" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Create child alias" })).toHaveCount(0);
  await expect(page.getByText("Related links")).toHaveCount(0);

  const replay = async (request: Request, from: string, to: string) => {
    const headers = { ...request.headers() };
    delete headers.cookie;
    const body = request.postDataBuffer()!.toString("latin1").replace(from, to);
    return (await page.request.post(request.url(), { headers, data: Buffer.from(body, "latin1") })).text();
  };
  expect(await replay(childRequest!, `Replay ${stamp}`, `Sneaky ${stamp}`)).toContain("You do not have permission to create child aliases");
  expect(await replay(tokenRequest!, `Legit ${stamp}`, `Sneaky ${stamp}`)).toContain("You do not have permission to create connections");

  // Nothing was created.
  await integrator.goto(aliasPath(SCIM));
  await expect(integrator.getByRole("link", { name: `${SCIM}_Sneaky_${stamp}` })).toHaveCount(0);
  await integrator.goto(aliasPath(child));
  await expect(integrator.getByText(`Sneaky ${stamp}`)).toHaveCount(0);
  await context.close();
});

test("the OAuth callback refuses a forged state with a fixed sentence, and asks a signed-out person to sign in first", async ({ page }) => {
  const forged = "/api/integrations/miro/oauth/callback?code=abc&state=forged-state-value";

  // Signed out: sign in, then the same answer is handled (and refused: the state is forged).
  await page.goto(forged);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.getByLabel("Email").fill(DEMO.integrator);
  await page.getByLabel("Password").fill("opensam-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/connections\?oauth_error=state$/);
  await expect(page.getByTestId("oauth-error")).toHaveText(STATE_SENTENCE);

  // Signed in: straight to the sentence; the vendor's words in the query never reach the page.
  await page.goto(`${forged}&error=access_denied&error_description=${encodeURIComponent("Call 555-EVIL now")}`);
  await expect(page).toHaveURL(/\/connections\?oauth_error=state$/);
  await expect(page.getByText(STATE_SENTENCE)).toBeVisible();
  await expect(page.getByText("555-EVIL")).toHaveCount(0);

  // Unknown codes and connection ids show nothing made up from the URL.
  await page.goto("/connections?oauth_error=%3Cb%3Eyou%20were%20hacked%3C%2Fb%3E");
  await expect(page.getByTestId("oauth-error")).toHaveCount(0);
  await expect(page.getByText("you were hacked")).toHaveCount(0);
  await page.goto(`${aliasPath(OAUTH)}?oauth=00000000-0000-4000-8000-000000000000`);
  await expect(page.getByTestId("oauth-outcome")).toHaveText("This connection no longer exists. Start again with Create and Get OAuth Token.");

  // An unknown vendor is not found.
  expect((await page.request.get("/api/integrations/nosuchvendor/oauth/callback?state=x")).status()).toBe(404);
  expect((await page.request.get("/api/integrations/Miro%2E..%2F/oauth/callback?state=x")).status()).toBe(404);
});

test("a sam_user cannot complete an OAuth answer", async ({ page }) => {
  await signIn(page, DEMO.user);
  const res = await page.goto("/api/integrations/miro/oauth/callback?code=abc&state=some-state");
  expect(res?.status()).toBe(403);
  await expect(page.getByText("You do not have permission to create connections.")).toBeVisible();
});

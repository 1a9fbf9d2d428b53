import { expect, test, type Page, type Request } from "@playwright/test";
import { DEMO, signIn } from "./support/auth";
import { approveOnMiro, sim, simState, type SimState } from "./support/sim";

/** The failure paths of connecting and validating a Miro Enterprise profile, each ending in words. */
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const STATE_SENTENCE = "This authorization answer is not valid for you";

const DOWNLOAD_ALIAS = `miro_spoke.Miro_Enterprise_Fail_${stamp}`;
const RECLAIM_ALIAS = `miro_spoke.Miro_Enterprise_SCIM_Fail_${stamp}`;

/**
 * A Draft on child aliases of its own, so that connections other specs made on the vendor's aliases
 * (the suite shares one database) cannot make a failure path pass.
 */
async function draft(page: Page, name: string): Promise<string> {
  for (const parent of ["miro_spoke.Miro_Enterprise", "miro_spoke.Miro_Enterprise_SCIM"]) {
    await page.goto(`/connections/${parent}`);
    await page.getByLabel("Child alias name").fill(`Fail ${stamp}`);
    await page.getByRole("button", { name: "Create child alias" }).click();
    await expect(page.getByRole("link", { name: `${parent}_Fail_${stamp}` })).toBeVisible();
  }
  await page.goto("/integration-profiles/new/miro");
  await page.getByLabel("Display Name").fill(name);
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForURL(/\/integration-profiles\/[0-9a-f-]{36}/);
  await page.getByLabel("Connection & credential").first().selectOption(DOWNLOAD_ALIAS);
  await page.getByLabel("Connection & credential").nth(1).selectOption(RECLAIM_ALIAS);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  return new URL(page.url()).pathname.split("/")[2]!;
}

async function startOAuth(page: Page, state: SimState, profileId: string, secret = state.credentials.clientSecret) {
  await page.goto(`/connections/${DOWNLOAD_ALIAS}?profile=${profileId}`);
  await page.getByRole("button", { name: "Create New Connection & Credential" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("OAuth Client ID").fill(state.credentials.clientId);
  await dialog.getByLabel("OAuth Client Secret").fill(secret);
  await dialog.getByRole("button", { name: "Create and Get OAuth Token" }).click();
}

async function addScim(page: Page, token: string, profileId: string) {
  await page.goto(`/connections/${RECLAIM_ALIAS}?profile=${profileId}`);
  await page.getByRole("button", { name: "Create New Connection & Credential" }).click();
  await page.getByRole("dialog").getByLabel("API Token").fill(token);
  await page.getByRole("dialog").getByRole("button", { name: "Create", exact: true }).click();
  await page.waitForURL(new RegExp(`/integration-profiles/${profileId}`));
}

async function validate(page: Page) {
  await page.getByRole("button", { name: "Validate Connection" }).click();
  await expect(page.getByTestId("profile-action-result")).toBeVisible({ timeout: 30_000 });
}

let profileId = "";
let state: SimState;

test.beforeAll(async () => {
  await sim("reset", { seed: 1, members: 300 });
  state = await simState();
});

test("a forged state on the callback is refused with a sentence", async ({ page }) => {
  await signIn(page, DEMO.integrator);
  await page.goto("/api/integrations/miro/oauth/callback?code=abc&state=forged-state-value");
  await expect(page).toHaveURL(/\/connections/);
  await expect(page.getByText(STATE_SENTENCE)).toBeVisible();
});

test("an expired code fails in Miro's words, and replaying the answer is refused", async ({ page }) => {
  await signIn(page, DEMO.integrator);
  profileId = await draft(page, `Failure paths ${stamp}`);
  // Hold Miro's answer: take the redirect to our callback from the consent form's response
  // instead of following it.
  let callbackUrl = "";
  await page.route("**/oauth/authorize**", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const response = await route.fetch({ maxRedirects: 0 });
    callbackUrl = new URL(response.headers().location ?? "", route.request().url()).href;
    await route.fulfill({ status: 200, contentType: "text/html", body: "<h1>held</h1>" });
  });
  await startOAuth(page, state, profileId);
  await approveOnMiro(page, state);
  await expect(page.getByRole("heading", { name: "held" })).toBeVisible();
  await page.unroute("**/oauth/authorize**");
  expect(callbackUrl).toContain("/api/integrations/miro/oauth/callback?code=");
  // Eleven minutes pass at Miro: the 10-minute code expires.
  await sim("clock", { advanceSeconds: 11 * 60 });
  await page.goto(callbackUrl);
  await expect(page).toHaveURL(new RegExp(`/integration-profiles/${profileId}\\?oauth=`));
  await expect(page.getByText(/Invalid authorization code/).first()).toBeVisible();
  await expect(page.getByText(/Create and Get OAuth Token/).first()).toBeVisible();
  // The same answer again: the state was single-use.
  await page.goto(callbackUrl);
  await expect(page).toHaveURL(/\/connections\?oauth_error=state/);
  await expect(page.getByText(STATE_SENTENCE)).toBeVisible();
});

test("a wrong client secret ends in Miro's words and Validate fails", async ({ page }) => {
  await signIn(page, DEMO.integrator);
  await startOAuth(page, state, profileId, "not-the-client-secret");
  await approveOnMiro(page, state);
  await page.waitForURL(/\?oauth=/);
  await expect(page.getByText(/refused/).first()).toBeVisible();
  await validate(page);
  await expect(page.getByTestId("check-token")).toHaveAttribute("data-ok", "false");
  await expect(page.getByRole("button", { name: "Publish" })).toBeDisabled();
});

test("install, then reinstall on the same team; an expired token is refreshed before Validate", async ({ page }) => {
  await signIn(page, DEMO.integrator);
  await startOAuth(page, state, profileId);
  await approveOnMiro(page, state, { button: "Install" });
  await page.waitForURL(/\?oauth=/);
  await expect(page.getByText(/OAuth token available/).first()).toBeVisible();
  await startOAuth(page, state, profileId);
  await approveOnMiro(page, state, { button: "Reinstall" });
  await page.waitForURL(/\?oauth=/);
  await expect(page.getByText(/OAuth token available/).first()).toBeVisible();
  await addScim(page, state.credentials.scimToken, profileId);

  // Two hours pass: the 1-hour access token has expired; Validate refreshes it first.
  await sim("clock", { advanceSeconds: 2 * 60 * 60 });
  await sim("requests", undefined, "DELETE");
  await validate(page);
  for (const key of ["token", "token_context", "organization", "members_first_page", "scim_users"]) {
    await expect(page.getByTestId(`check-${key}`)).toHaveAttribute("data-ok", "true");
  }
  const log = await sim<{ requests?: { method: string; path: string; body?: unknown }[] } | { method: string; path: string; body?: unknown }[]>("requests");
  const entries = Array.isArray(log) ? log : (log.requests ?? []);
  const refreshes = entries.filter((r) => r.method === "POST" && r.path === "/v1/oauth/token" && JSON.stringify(r.body ?? "").includes("refresh_token"));
  expect(refreshes).toHaveLength(1);
});

test("a wrong SCIM token fails only the reclaim check; Publish stays allowed", async ({ page }) => {
  await signIn(page, DEMO.integrator);
  await sim("scim-token/regenerate", {});
  await page.goto(`/integration-profiles/${profileId}`);
  await validate(page);
  await expect(page.getByTestId("check-members_first_page")).toHaveAttribute("data-ok", "true");
  await expect(page.getByTestId("check-scim_users")).toHaveAttribute("data-ok", "false");
  await expect(page.getByTestId("check-scim_users")).toContainText(/SCIM/);
  await expect(page.getByRole("button", { name: "Publish" })).toBeEnabled();
});

test("a sam_user cannot save, validate, publish or delete, even calling the actions directly", async ({ page, browser }) => {
  // The integrator's real server-action requests (the profile is published and deleted on the way).
  const context = await browser.newContext();
  const integrator = await context.newPage();
  await signIn(integrator, DEMO.integrator);
  await integrator.goto(`/integration-profiles/${profileId}`);
  const captured: Request[] = [];
  integrator.on("request", (r) => {
    if (r.method() === "POST" && r.headers()["next-action"]) captured.push(r);
  });
  await integrator.getByRole("button", { name: "Save" }).click();
  await expect(integrator.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await validate(integrator);
  await integrator.getByRole("button", { name: "Publish" }).click();
  await integrator.getByRole("dialog", { name: "Publish Confirmation" }).getByRole("button", { name: "OK" }).click();
  await expect(integrator.getByLabel("Status")).toHaveValue("Published");
  await integrator.getByRole("button", { name: "Delete" }).click();
  await integrator.getByRole("dialog").getByRole("button", { name: "Delete profile" }).click();
  await integrator.waitForURL(/\/integration-profiles\?deleted=1/);
  const [save, validateRequest, publish, remove] = captured;
  expect(remove).toBeDefined();

  await signIn(page, DEMO.user);
  await page.goto("/integration-profiles");
  await expect(page.getByRole("link", { name: "New", exact: true })).toHaveCount(0);
  const replay = async (request: Request) => {
    const headers = { ...request.headers() };
    delete headers.cookie;
    return (await page.request.post(request.url(), { headers, data: request.postDataBuffer() ?? "" })).text();
  };
  expect(await replay(save!)).toContain("You do not have permission to edit integration profiles");
  expect(await replay(validateRequest!)).toContain("You do not have permission to validate integration profiles");
  expect(await replay(publish!)).toContain("You do not have permission to publish integration profiles");
  expect(await replay(remove!)).toContain("You do not have permission to delete integration profiles");
  await context.close();
});

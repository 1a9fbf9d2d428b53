/**
 * Drives the Miro simulator's sign-in and "Install & authorize" pages in Chromium. Self-contained:
 * it starts the simulator in-process and a tiny local HTTP server that plays the app's redirect URI.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { startMiroSimulator, type MiroSimulator } from "./miro-simulator/server";

let sim: MiroSimulator;
let callbackServer: Server;
let redirectUri: string;

test.beforeAll(async () => {
  callbackServer = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://callback.invalid");
    const rows = [...url.searchParams].map(([k, v]) => `<li data-param="${k}">${k}=${v.replace(/</g, "&lt;")}</li>`).join("");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>Callback</title><h1>App callback</h1><ul>${rows}</ul>`);
  });
  await new Promise<void>((resolve) => callbackServer.listen(0, "127.0.0.1", resolve));
  redirectUri = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/api/integrations/miro/oauth/callback`;
  sim = await startMiroSimulator({ port: 0, members: 300, seed: 1, redirectUris: [redirectUri] });
});

test.afterAll(async () => {
  await sim?.close();
  await new Promise<void>((resolve) => (callbackServer ? callbackServer.close(() => resolve()) : resolve()));
});

function authorizeUrl(params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ response_type: "code", client_id: sim.state.demo.clientId, redirect_uri: redirectUri, ...params });
  return `${sim.url}/oauth/authorize?${query.toString()}`;
}

async function exchange(code: string): Promise<number> {
  const res = await fetch(`${sim.url}/v1/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: sim.state.demo.clientId,
      client_secret: sim.state.demo.clientSecret,
      code,
      redirect_uri: redirectUri,
    }),
  });
  return res.status;
}

test("sign in, pick a team, Install, land on the redirect URI; the same team then offers Reinstall", async ({ page }) => {
  const [firstTeam, secondTeam] = sim.state.teams;
  if (!firstTeam || !secondTeam) throw new Error("the simulated org needs two teams");

  // First run: no session yet, so Miro asks to sign in and comes back to the consent page.
  await page.goto(authorizeUrl({ state: "first-run" }));
  await expect(page).toHaveURL(/\/login\?redirect=/);
  await page.getByLabel("Work email").fill(sim.state.demo.adminEmail);
  await page.getByLabel("Password").fill(sim.state.demo.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("heading", { name: "Install & authorize app" })).toBeVisible();
  await expect(page.locator("#app-name")).toHaveText("OpenSAM");
  await page.getByLabel("Select a team").selectOption(secondTeam.id);
  await expect(page.getByRole("button", { name: "Reinstall" })).toHaveCount(0);
  await page.getByRole("button", { name: "Install", exact: true }).click();

  await page.waitForURL((url) => url.pathname.endsWith("/api/integrations/miro/oauth/callback"));
  const landed = new URL(page.url());
  expect(`${landed.origin}${landed.pathname}`).toBe(redirectUri);
  expect(landed.searchParams.get("state")).toBe("first-run");
  expect(landed.searchParams.get("client_id")).toBe(sim.state.demo.clientId);
  expect(landed.searchParams.get("team_id")).toBe(secondTeam.id);
  const code = landed.searchParams.get("code") ?? "";
  expect(code).toMatch(/^eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_/);
  await expect(page.getByRole("heading", { name: "App callback" })).toBeVisible();

  // The app exchanges the code; Miro then counts the app as installed on that team (§1.3.4).
  expect(await exchange(code)).toBe(200);

  // Second run: still signed in; the label follows the selected team, in the browser.
  await page.goto(authorizeUrl({ state: "second-run" }));
  const team = page.getByLabel("Select a team");
  await team.selectOption(firstTeam.id);
  await expect(page.getByRole("button", { name: "Install", exact: true })).toBeVisible();
  await team.selectOption(secondTeam.id);
  await expect(page.getByRole("button", { name: "Reinstall" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Install", exact: true })).toHaveCount(0);

  // Pre-selected through team_id, the server already renders "Reinstall".
  await page.goto(authorizeUrl({ state: "third-run", team_id: secondTeam.id }));
  await expect(page.getByLabel("Select a team")).toHaveValue(secondTeam.id);
  await expect(page.getByRole("button", { name: "Reinstall" })).toBeVisible();
  await page.getByRole("button", { name: "Reinstall" }).click();
  await page.waitForURL((url) => url.pathname.endsWith("/callback"));
  const second = new URL(page.url());
  expect(second.searchParams.get("state")).toBe("third-run");
  expect(second.searchParams.get("code")).not.toBe(code);
  expect(await exchange(second.searchParams.get("code") ?? "")).toBe(200);
  expect(sim.state.installation(sim.state.demo.clientId, secondTeam.id)?.installCount).toBe(2);
});

test("Cancel sends the user back with error=access_denied", async ({ page }) => {
  await page.goto(authorizeUrl({ state: "deny" }));
  if (page.url().includes("/login")) {
    await page.getByLabel("Work email").fill(sim.state.demo.adminEmail);
    await page.getByLabel("Password").fill(sim.state.demo.adminPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.waitForURL((url) => url.pathname.endsWith("/callback"));
  const landed = new URL(page.url());
  expect(landed.searchParams.get("error")).toBe("access_denied");
  expect(landed.searchParams.get("state")).toBe("deny");
  expect(landed.searchParams.get("code")).toBeNull();
});

test("a redirect URI that is not registered gets Miro's error page", async ({ page }) => {
  const response = await page.goto(authorizeUrl({ redirect_uri: `${redirectUri}/` }));
  expect(response?.status()).toBe(401);
  await expect(page.getByRole("alert")).toHaveText("Redirect URI mismatch.");
  await expect(page.locator("#error-body")).toHaveText('{"status":401,"code":"oauthError","message":"Redirect URI mismatch.","type":"error"}');
});

test("Miro's settings pages: create an app, add a redirect URI, grant organizations:read, install, read the SCIM token", async ({ page }) => {
  await page.goto(`${sim.url}/app/settings/user-profile/apps`);
  await page.getByLabel("Work email").fill(sim.state.demo.adminEmail);
  await page.getByLabel("Password").fill(sim.state.demo.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();

  await page.getByRole("button", { name: "Create a new app" }).click();
  const dialog = page.getByRole("dialog", { name: "Create new app" });
  await dialog.getByLabel("App Name").fill("ServiceNow SAM");
  await dialog.getByLabel("Developer team").selectOption({ index: 1 });
  await expect(dialog.getByLabel("Expire user authorization token")).toBeChecked();
  await dialog.getByRole("button", { name: "Create app" }).click();

  await expect(page.getByRole("heading", { name: "ServiceNow SAM" })).toBeVisible();
  const clientId = await page.getByLabel("Client ID").inputValue();
  const clientSecret = await page.getByLabel("Client secret").inputValue();
  expect(sim.state.apps.get(clientId)?.clientSecret).toBe(clientSecret);

  await page.getByLabel("Redirect URI", { exact: true }).fill("https://instance.service-now.com/oauth_redirect.do");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.locator("#redirect-uris")).toContainText("https://instance.service-now.com/oauth_redirect.do");

  await page.getByLabel("organizations:read", { exact: true }).check();
  await expect(page.locator("#permissions-status")).toHaveText("Saved");
  await page.getByRole("button", { name: "Install app and get OAuth token" }).click();
  await page.getByLabel("Select a team").selectOption({ index: 0 });
  await page.getByRole("button", { name: "Install", exact: true }).click();
  const accessToken = await page.getByLabel("Access token").inputValue();
  const info = (await (await fetch(`${sim.url}/v1/oauth-token`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { scopes: string[] };
  expect(info.scopes).toEqual(["organizations:read"]);

  await page.getByRole("link", { name: "Enterprise integrations" }).click();
  const scimToggle = page.getByLabel("SCIM Provisioning");
  await expect(scimToggle).toBeChecked();
  await expect(page.getByLabel("API Token")).toHaveValue(sim.state.scim.token);
  await expect(page.getByLabel("Send an email invite to join Miro to provisioned users")).not.toBeChecked();
  await scimToggle.uncheck();
  await expect(page.getByLabel("API Token")).toBeHidden();
  await expect.poll(() => sim.state.scim.enabled).toBe(false);
  await scimToggle.check();
  await expect(page.getByLabel("API Token")).toHaveValue(sim.state.scim.token);
  expect(sim.state.scim.enabled).toBe(true);
});

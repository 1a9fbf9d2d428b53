import { expect, type Page } from "@playwright/test";
import { approveOnMiro, type SimState } from "./sim";
import { APP_URL } from "./sim-url";

/** The seed page's steps in the UI, shared by the end-to-end specs (page-object style). */
export async function createDraft(page: Page, name: string) {
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Direct integration profiles" }).click();
  await page.getByRole("link", { name: "New", exact: true }).first().click();
  await page.getByLabel("Vendor").selectOption({ label: "Miro Enterprise" });
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Display Name").fill(name);
  await expect(page.getByLabel("Profile Type")).toHaveValue("Miro Enterprise Subscription");
  await expect(page.getByRole("table", { name: "Vendor configuration" })).toContainText("organizations:read");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
  await expect(page.getByLabel("Status")).toHaveValue("Draft");
}

export async function connectOAuth(page: Page, state: SimState, aliasId: string, options: { button?: "Install" | "Reinstall" } = {}) {
  await page.getByRole("link", { name: `Open record ${aliasId}` }).first().click();
  await page.getByRole("button", { name: "Create New Connection & Credential" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Connection Name")).not.toHaveValue("");
  await expect(dialog.getByLabel("OAuth Redirect URL")).toHaveValue(`${APP_URL}/api/integrations/miro/oauth/callback`);
  await dialog.getByLabel("OAuth Client ID").fill(state.credentials.clientId);
  await dialog.getByLabel("OAuth Client Secret").fill(state.credentials.clientSecret);
  await dialog.getByRole("button", { name: "Create and Get OAuth Token" }).click();
  await approveOnMiro(page, state, options);
  await page.waitForURL(/\/integration-profiles\/[0-9a-f-]+\?oauth=/);
  await expect(page.getByText(`OAuth token available for the organization ${state.credentials.orgName}`).first()).toBeVisible();
}

export async function connectScim(page: Page, state: SimState, aliasId: string) {
  await page.getByRole("link", { name: `Open record ${aliasId}` }).first().click();
  await page.getByRole("button", { name: "Create New Connection & Credential" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("API Token").fill(state.credentials.scimToken);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await page.waitForURL(/\/integration-profiles\/[0-9a-f-]+/);
  await expect(page.getByTestId("connection-status")).toContainText("SCIM API token stored");
}

export async function validateAndPublish(page: Page, name: string) {
  await page.getByRole("button", { name: "Validate Connection" }).click();
  await expect(page.getByTestId("profile-action-result")).toHaveText("Connection validated: every download check passed.", { timeout: 30_000 });
  for (const key of ["token", "token_context", "organization", "members_first_page", "scim_users"]) {
    await expect(page.getByTestId(`check-${key}`)).toHaveAttribute("data-ok", "true");
  }
  await page.getByRole("button", { name: "Publish" }).click();
  const confirm = page.getByRole("dialog", { name: "Publish Confirmation" });
  await confirm.getByRole("button", { name: "OK" }).click();
  await expect(page.getByLabel("Status")).toHaveValue("Published");
  await page.getByRole("navigation", { name: "Profile sections" }).getByRole("link", { name: "Scheduled Jobs" }).click();
  const row = page.getByRole("row", { name: new RegExp(`SAM - Refresh ${name} Subscriptions`) });
  await expect(row).toBeVisible();
  await expect(row).toContainText("Daily at 02:00 UTC");
}


/**
 * The whole seed-page flow for a new Miro profile on the simulator (draft, OAuth, SCIM token,
 * validate, publish) up to the end of its first download; returns the profile's path.
 */
export async function publishMiroProfile(page: Page, state: SimState, name: string): Promise<string> {
  await createDraft(page, name);
  const profileUrl = new URL(page.url()).pathname;
  await connectOAuth(page, state, "miro_spoke.Miro_Enterprise");
  await connectScim(page, state, "miro_spoke.Miro_Enterprise_SCIM");
  await validateAndPublish(page, name);
  await expect(page.getByTestId("job-progress")).toHaveCount(0, { timeout: 90_000 });
  return profileUrl;
}

import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./support/auth";

const NAV = [
  "Overview",
  "Direct integration profiles",
  "All user subscriptions",
  "Removal candidates",
  "Reclamation rules",
  "Subscription exclusions",
  "Unrecognized subscription identifiers",
  "License usage",
  "Entitlements",
  "Software models",
  "Scheduled jobs",
  "Connections & credentials",
  "Audit log",
  "User directory",
];

test("a signed-out visitor is sent to the sign-in page", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: /Sign in/ })).toBeVisible();
});

for (const [role, email] of [
  ["sam_admin", DEMO.admin],
  ["sam_integrator", DEMO.integrator],
  ["sam_user", DEMO.user],
] as const) {
  test(`${role} signs in and sees the workspace navigation`, async ({ page }) => {
    await signIn(page, email);
    await expect(page.getByTestId("current-roles")).toHaveText(role);
    const nav = page.getByRole("navigation", { name: "Workspace" });
    for (const label of NAV) await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Users", exact: true })).toHaveCount(role === "sam_admin" ? 1 : 0);
    // Only whoever may record entitlements is offered to start one (other specs may have made some).
    await nav.getByRole("link", { name: "Entitlements", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Entitlements", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "New", exact: true })).toHaveCount(role === "sam_admin" ? 1 : 0);
  });
}

test("a wrong password gets a clear message and nothing more", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO.admin);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("sign-in-error")).toHaveText("The email or password is not correct.");
  await expect(page).toHaveURL(/\/sign-in/);
  // An unknown email gets exactly the same answer.
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("sign-in-error")).toHaveText("The email or password is not correct.");
});

test("ten wrong passwords for an account: the next attempt is refused with the wait, whatever the password", async ({ page }) => {
  const email = `guess-${Date.now().toString(36)}@example.com`;
  await page.goto("/sign-in");
  for (let i = 0; i < 10; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`guess-${i}`);
    // One attempt at a time: the answer to each comes back before the next is sent.
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Sign in" }).click()]);
    await expect(page.getByTestId("sign-in-error")).toHaveText("The email or password is not correct.");
    // React resets the form once the answer is shown: the password is cleared, the email kept. Waiting
    // for that keeps the next attempt's typing from being wiped by this one's reset.
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(page.getByLabel("Email")).toHaveValue(email);
  }
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("guess-10");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("sign-in-error")).toHaveText(/^Too many sign-in attempts for this account or from this address\. Wait 1[45] minutes, then try again\.$/);
});

test("sign-out ends the session", async ({ page }) => {
  await signIn(page, DEMO.user);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

import { expect, test, type Request } from "@playwright/test";
import { DEMO, signIn } from "./support/auth";

const stamp = Date.now().toString(36);

test("an admin creates, deactivates and activates exclusion rules on Subscription exclusions", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Subscription exclusions" }).click();
  await expect(page.getByRole("heading", { name: "Subscription exclusions", exact: true })).toBeVisible();

  // User rule: bad input gets messages at the fields, then the rule is created.
  await page.getByRole("button", { name: "New user rule" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New Subscription User Exclusion Rule" });
  await dialog.getByLabel("User principal name").fill("two words");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByText("A user principal name has no spaces.")).toBeVisible();
  await expect(dialog.getByText("Say why these subscriptions are excluded.")).toBeVisible();
  const upn = `svc-${stamp}@northwind.example`;
  await dialog.getByLabel("User principal name").fill(upn);
  await dialog.getByLabel("Reason").fill("Service account");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("list-notice")).toContainText(`${upn} is now excluded`);
  const row = page.getByRole("row", { name: new RegExp(upn) });
  await expect(row).toContainText("Subscription User Exclusion Rule");
  await expect(row).toContainText("Active");

  // The same person again (any case) is refused at the field.
  await page.getByRole("button", { name: "New user rule" }).click();
  const again = page.getByRole("dialog", { name: "New Subscription User Exclusion Rule" });
  await again.getByLabel("User principal name").fill(upn.toUpperCase());
  await again.getByLabel("Reason").fill("twice");
  await again.getByRole("button", { name: "Create" }).click();
  await expect(again.getByText("A rule for this user principal name exists already.")).toBeVisible();
  await again.getByRole("button", { name: "Close" }).click();

  await row.getByRole("button", { name: `Deactivate ${upn}` }).click();
  await expect(page.getByTestId("list-notice")).toContainText(`The rule for ${upn} is inactive`);
  await expect(row).toContainText("Inactive");
  await row.getByRole("button", { name: `Activate ${upn}` }).click();
  await expect(page.getByTestId("list-notice")).toContainText(`The rule for ${upn} is active`);
  await expect(row).not.toContainText("Inactive");

  // Identifier rule for the Miro profile type.
  const identifier = `trial_${stamp}`;
  await page.getByRole("button", { name: "New identifier rule" }).click();
  const idDialog = page.getByRole("dialog", { name: "New Subscription Identifier Exclusion Rule" });
  await idDialog.getByLabel("Subscription identifier").fill(identifier);
  await idDialog.getByLabel("Reason").fill("Trials cost nothing");
  await idDialog.getByRole("button", { name: "Create" }).click();
  await expect(idDialog).toBeHidden();
  const idRow = page.getByRole("row", { name: new RegExp(identifier) });
  await expect(idRow).toContainText("Miro Enterprise Subscription");
  await page.getByLabel("Rule", { exact: true }).selectOption("identifier");
  await expect(page).toHaveURL(/kind=identifier/);
  await expect(page.getByRole("row", { name: new RegExp(upn) })).toHaveCount(0);
  await expect(idRow).toBeVisible();

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("row", { name: new RegExp(`Deactivated user exclusion rule ${upn}`) })).toBeVisible();
});

test("a sam_user sees the rules but cannot change them, even by replaying the server action", async ({ page, browser }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO.admin);
  await admin.goto("/subscription-exclusions");
  let captured: Request | undefined;
  admin.on("request", (r) => {
    if (r.method() === "POST" && r.headers()["next-action"]) captured = r;
  });
  const legit = `legit-${stamp}@northwind.example`;
  await admin.getByRole("button", { name: "New user rule" }).first().click();
  const dialog = admin.getByRole("dialog", { name: "New Subscription User Exclusion Rule" });
  await dialog.getByLabel("User principal name").fill(legit);
  await dialog.getByLabel("Reason").fill("Legit");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog).toBeHidden();
  expect(captured).toBeDefined();

  await signIn(page, DEMO.user);
  await page.goto("/subscription-exclusions");
  await expect(page.getByRole("row", { name: new RegExp(legit) })).toBeVisible();
  await expect(page.getByRole("button", { name: "New user rule" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Deactivate / })).toHaveCount(0);

  const headers = { ...captured!.headers() };
  delete headers.cookie;
  const body = captured!.postDataBuffer()!.toString("latin1").replace(legit, `sneaky-${stamp}@northwind.example`);
  const res = await page.request.post(captured!.url(), { headers, data: Buffer.from(body, "latin1") });
  const text = await res.text();
  expect(text).toContain("You do not have permission to manage exclusion rules");
  expect(text).not.toContain("is now excluded");
  await admin.reload();
  await expect(admin.getByRole("row", { name: new RegExp(`sneaky-${stamp}`) })).toHaveCount(0);
  await adminContext.close();
});

test("the lists of this feature open for everyone, with their empty states and CSV export", async ({ page }) => {
  await signIn(page, DEMO.user);
  const nav = page.getByRole("navigation", { name: "Workspace" });
  await nav.getByRole("link", { name: "All user subscriptions" }).click();
  await expect(page.getByRole("heading", { name: "All user subscriptions", exact: true })).toBeVisible();
  await nav.getByRole("link", { name: "Unrecognized subscription identifiers" }).click();
  await expect(page.getByRole("heading", { name: "Unrecognized subscription identifiers", exact: true })).toBeVisible();
  await nav.getByRole("link", { name: "Software models" }).click();
  await expect(page.getByRole("heading", { name: "Software models", exact: true })).toBeVisible();
  await nav.getByRole("link", { name: "Scheduled jobs" }).click();
  await expect(page.getByRole("heading", { name: "Scheduled jobs", exact: true })).toBeVisible();
  await page.getByRole("navigation", { name: "Scheduled jobs sections" }).getByRole("link", { name: "Scheduled job results" }).click();
  await expect(page).toHaveURL(/\/scheduled-jobs\/results/);
  const res = await page.request.get("/api/lists/subscription-exclusions/export?kind=user");
  expect(res.status()).toBe(200);
  expect((await res.text()).split("\r\n")[0]).toBe("Excludes,Rule,Profile Type,Active,Reason,Excluded subscriptions,Created");
  const progress = await page.request.get("/api/job-results/not-a-uuid");
  expect(progress.status()).toBe(404);
});

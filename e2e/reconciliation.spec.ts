import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./support/auth";
import { sim, simState } from "./support/sim";
import { publishMiroProfile } from "./support/profile-flow";

/**
 * Entitlements and reconciliation end to end: an entitlement 30 rights short of the Full licenses in
 * use at 12 EUR a month → Not compliant, true-up 30 × 12; 40 reclaimed → Compliant, over-licensed
 * 10 × 12, actual savings recorded; the Overview's cards equal License usage's figures. (The Full
 * model is shared with the profiles other specs published, so the counts are read, then checked.)
 */
test.describe.configure({ mode: "serial" });

type SimMember = { id: string; email: string; license: string; role: string; active: boolean };
const stamp = Date.now().toString(36);
const name = `Reconcile ${stamp}`;
const RECLAIM = 40;
let profileUrl = "";
let entitlementUrl = "";

const fullRow = (page: Page) => page.getByRole("table", { name: "Reconciliation by software model" }).getByRole("row", { name: /^Miro Enterprise — Full \d/ });
const cell = async (page: Page, column: number) => ((await fullRow(page).getByRole("cell").nth(column).textContent()) ?? "").trim();

async function reconcile(page: Page) {
  await page.goto("/license-usage");
  const run = page.getByTestId("reconciliation-run");
  const before = (await run.count()) ? await run.getAttribute("data-run") : null;
  await page.getByRole("button", { name: "Run reconciliation" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reconciliation is running" })).toBeVisible();
  await expect(async () => {
    await page.reload();
    expect(await run.getAttribute("data-run", { timeout: 1_000 })).not.toBe(before);
    await expect(fullRow(page)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
}

test("an entitlement 30 short of what is used: Not compliant, true-up 30 × 12", async ({ page }) => {
  test.setTimeout(240_000);
  await sim("reset", { seed: 9, members: 300 });
  const { members } = await sim<{ members: SimMember[] }>("members?limit=1000");
  const chosen = new Set(members.filter((m) => m.license === "full" && m.role === "organization_internal_user" && m.active).slice(0, RECLAIM).map((m) => m.id));
  expect(chosen.size).toBe(RECLAIM);
  for (const m of members) await sim(`members/${m.id}`, chosen.has(m.id) ? { lastActivityDaysAgo: 143, licenseAssignedDaysAgo: 400 } : { lastActivityDaysAgo: 1, licenseAssignedDaysAgo: 400 });

  // A sam_admin records one right first (so that the candidates carry a saving) and turns Notify user off.
  await signIn(page, DEMO.admin);
  await page.goto("/entitlements/new");
  await page.getByLabel("Software model").selectOption({ label: "Miro Enterprise — Full" });
  await page.getByLabel("Purchased rights").fill("1");
  await page.getByLabel("Unit cost").fill("12");
  await page.getByLabel("Currency").fill("EUR");
  await page.getByLabel("Subscription period").selectOption("monthly");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Entitlement saved.")).toBeVisible();
  await page.getByRole("link", { name: "Miro Enterprise — Full" }).first().click();
  await page.waitForURL(/\/entitlements\/[0-9a-f-]{36}$/);
  entitlementUrl = new URL(page.url()).pathname;
  await page.goto("/reclamation-rules?q=Full");
  await page.getByRole("link", { name: "Miro Enterprise — Full — unused for 60 days" }).last().click();
  await page.getByLabel("Notify user").uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, DEMO.integrator);
  const state = await simState();
  profileUrl = await publishMiroProfile(page, state, name);

  await page.context().clearCookies();
  await signIn(page, DEMO.admin);
  await reconcile(page);
  const used = Number((await cell(page, 2)).replace(/,/g, ""));
  expect(used).toBeGreaterThan(RECLAIM);
  await page.goto(entitlementUrl);
  await page.getByLabel("Purchased rights").fill(String(used - 30));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Entitlement saved.")).toBeVisible();
  await reconcile(page);
  expect(await cell(page, 1)).toBe((used - 30).toLocaleString("en-US"));
  expect(await cell(page, 5)).toBe("30");
  expect(await cell(page, 6)).toBe("Not compliant");
  expect(await cell(page, 8)).toBe("360.00 EUR");
  await page.goto("/");
  await expect(page.getByTestId("kpi-True-up Cost")).toHaveText("360.00 EUR");
});

test("40 reclaimed: Compliant, over-licensed 10 × 12, and the actual savings on the Overview", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, DEMO.admin);
  await page.goto(`${profileUrl}/removal-candidates?state=ready`);
  await expect(page.getByTestId("row-count").filter({ visible: true })).toHaveText(new RegExp(`of ${RECLAIM}$`));
  await page.getByRole("button", { name: "Reclaim All" }).click();
  await page.getByRole("dialog").getByRole("button", { name: `Deactivate ${RECLAIM} Miro users` }).click();
  await expect(async () => {
    await page.goto(`${profileUrl}/removal-candidates?state=closed_complete`);
    await expect(page.getByTestId("row-count").filter({ visible: true })).toHaveText(new RegExp(`of ${RECLAIM}$`), { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await reconcile(page);
  expect(await cell(page, 6)).toBe("Compliant");
  expect(await cell(page, 4)).toBe("10");
  expect(await cell(page, 7)).toBe("120.00 EUR");
  expect(await cell(page, 8)).toBe("0.00 EUR");
  // 40 seats of 12 a month: 144 a year each.
  expect(await cell(page, 10)).toBe("5,760.00 EUR");
  await page.goto("/");
  await expect(page.getByTestId("kpi-Actual Savings YTD")).toHaveText("5,760.00 EUR");
  await expect(page.getByTestId("kpi-True-up Cost")).toHaveText("0.00 EUR");
  const health = page.getByRole("table", { name: "Integration health" }).getByRole("row", { name: new RegExp(name) });
  await expect(health).toContainText("Passed");

  // Renewals: the entitlement ends in 60 days with 30 days' notice → listed, with the seats that could go.
  const end = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  await page.goto(entitlementUrl);
  await page.getByLabel("End date").fill(end);
  await page.getByLabel("Notice period (days)").fill("30");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Entitlement saved.")).toBeVisible();
  await page.goto("/");
  const renewal = page.getByRole("table", { name: "Renewals" }).getByRole("row").filter({ hasText: end });
  await expect(renewal).toContainText("in 30 days");
  const cells = (await renewal.getByRole("cell").allTextContents()).map((c) => Number(c.trim().replace(/,/g, "")));
  const [rights, inUse, open, droppable] = cells.slice(3);
  // Rights minus active use (10 after the reclaim) plus the open candidates' seats, at most this entitlement's rights.
  expect(rights! - inUse!).toBe(10);
  expect(droppable).toBe(Math.min(rights!, 10 + open!));
});

test("Import CSV of entitlements: a bad line is named and nothing is imported; a good file is previewed, then imported", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.goto("/entitlements");
  const name = `Imported ${stamp}`;
  const header = "Software model,Name,Purchased rights,Unit cost,Period,State";
  const upload = async (csv: string) => {
    await page.getByLabel("CSV file").setInputFiles({ name: "entitlements.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("dialog").getByRole("button", { name: "Preview" }).click();
  };
  await page.getByRole("button", { name: "Import CSV" }).click();
  await upload(`${header}\nMiro Enterprise — Full,${name},5,12.00 EUR,Monthly,Retired\nMiro Enterprise — Full,${name} bad,many,12.00 EUR,Monthly,Retired\n`);
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Purchased rights");
  await expect(dialog.getByRole("row").filter({ hasText: /^3/ })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Import", exact: true })).toBeDisabled();

  await upload(`${header}\nMiro Enterprise — Full,${name},5,12.00 EUR,Monthly,Retired\n`);
  await expect(dialog.getByRole("button", { name: "Import", exact: true })).toBeEnabled();
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("Imported: 1 entitlement created.").first()).toBeVisible();
  await page.goto(`/entitlements?q=${encodeURIComponent(name)}`);
  await expect(page.getByTestId("row-count").filter({ visible: true })).toHaveText(/of 1$/);
  await expect(page.getByRole("cell", { name: "Retired" })).toBeVisible();
});

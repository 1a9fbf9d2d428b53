import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./support/auth";
import { sim, simState } from "./support/sim";
import { connectOAuth, connectScim, createDraft, validateAndPublish } from "./support/profile-flow";

/**
 * The daily download, end to end: publish a profile against a 2,000-member simulated organization,
 * watch the first run, and check the subscriptions against the simulator's own counts.
 */
test.describe.configure({ mode: "serial" });

type Counts = { members: number; neverActive: number; byLicense: Record<string, number> };
type SimMember = { id: string; email: string; license: string };

const stamp = Date.now().toString(36);
const name = `Download ${stamp}`;
let profileUrl = "";
let unknownMembers: SimMember[] = [];

/** The pagination's "1–50 of N"; while the total streams in, React may keep a hidden copy of it. */
const rowCount = (page: Page) => page.getByTestId("row-count").filter({ visible: true });

async function total(page: Page): Promise<number> {
  // The total streams in after the rows ("1–50 of …" until then).
  await expect(rowCount(page)).toHaveText(/of\s+(?:about\s+)?[\d,]+/);
  const text = (await rowCount(page).textContent()) ?? "";
  const m = /of\s+(?:about\s+)?([\d,]+)/.exec(text);
  return m ? Number(m[1]!.replace(/,/g, "")) : 0;
}

async function subscriptionsCount(page: Page, query: string): Promise<number> {
  await page.goto(`${profileUrl}/subscriptions?${query}`);
  // An empty filter shows both the sentence and "0–0 of 0".
  await expect(rowCount(page).or(page.getByText("No rows match these filters")).first()).toBeVisible();
  if (await page.getByText("No rows match these filters").isVisible()) return 0;
  return total(page);
}

test("publish against 2,000 members: the first run shows progress and the subscriptions equal the simulator's", async ({ page }) => {
  test.setTimeout(180_000);
  await sim("reset", { seed: 1, members: 2000 });
  // A license value OpenSAM has no model for (Miro's enum grows): three members get it.
  const { members } = await sim<{ members: SimMember[] }>("members?license=occasional&limit=3");
  unknownMembers = members;
  for (const m of members) await sim(`members/${m.id}`, { license: "unknown" });
  // Slow Miro down a little so that the run is long enough to watch.
  await sim("faults", { path: "/v2/orgs/", method: "GET", delayMs: 150, count: 40 });
  const state = await simState();
  const counts = (state as unknown as { counts: Counts }).counts;

  await signIn(page, DEMO.integrator);
  await createDraft(page, name);
  profileUrl = new URL(page.url()).pathname;
  await connectOAuth(page, state, "miro_spoke.Miro_Enterprise");
  await connectScim(page, state, "miro_spoke.Miro_Enterprise_SCIM");
  await validateAndPublish(page, name);

  // Live progress above the tabs, then the run completes without a reload.
  const progress = page.getByTestId("job-progress").first();
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(/members read/i);
  await expect(page.getByTestId("job-progress")).toHaveCount(0, { timeout: 90_000 });
  await page.getByRole("navigation", { name: "Profile sections" }).getByRole("link", { name: "Scheduled Job Results" }).click();
  const result = page.getByRole("row", { name: /Completed/ }).first();
  await expect(result).toBeVisible();
  await expect(result).toContainText("2,000");

  // Exactly the simulator's members, per identifier.
  expect(await subscriptionsCount(page, "")).toBe(counts.members);
  for (const [license, n] of Object.entries(counts.byLicense)) {
    if (n === 0) continue;
    expect(await subscriptionsCount(page, `identifier=${license}`), license).toBe(n);
  }
  // Free licenses are excluded by the rules created at Publish, and shown with their rule.
  expect(await subscriptionsCount(page, "identifier=free&excluded=true")).toBe(counts.byLicense.free ?? 0);
  expect(await subscriptionsCount(page, "identifier=free_restricted&excluded=true")).toBe(counts.byLicense.free_restricted ?? 0);
  await page.goto(`${profileUrl}/subscriptions?identifier=free`);
  await expect(page.getByText("Identifier rule: free").first()).toBeVisible();
  // Never-active members are shown as never.
  expect(await subscriptionsCount(page, "never=true")).toBe(counts.neverActive);
  await expect(page.getByRole("cell", { name: "Never", exact: true }).first()).toBeVisible();
});

test("a user exclusion rule excludes that person at once; mapping an unrecognized identifier updates its subscriptions", async ({ page }) => {
  const { members } = await sim<{ members: SimMember[] }>("members?license=full&active=true&limit=1");
  const person = members[0]!;
  await signIn(page, DEMO.admin);
  await page.goto(`${profileUrl}/subscriptions?q=${encodeURIComponent(person.email)}`);
  await expect(page.getByRole("row", { name: new RegExp(person.email) })).not.toContainText("User rule");

  await page.goto(`${profileUrl}/user-exclusions`);
  // "New" in the empty state, "New user rule" above a list.
  await page.getByRole("button", { name: /^New( user rule)?$/ }).first().click();
  const dialog = page.getByRole("dialog", { name: "New Subscription User Exclusion Rule" });
  await dialog.getByLabel("User principal name").fill(person.email);
  await dialog.getByLabel("Reason").fill("Service account");
  await dialog.getByRole("button", { name: "Create" }).click();
  // The dialog closes once the rule is saved (leaving earlier would cancel the action).
  await expect(dialog).toBeHidden();
  await page.goto(`${profileUrl}/subscriptions?q=${encodeURIComponent(person.email)}`);
  await expect(page.getByRole("row", { name: new RegExp(person.email) })).toContainText(`User rule: ${person.email}`);

  await page.goto(`${profileUrl}/unrecognized-identifiers`);
  const row = page.getByRole("row", { name: /unknown/ });
  await expect(row).toContainText("3");
  await row.getByRole("button", { name: "Map unknown to model" }).click();
  const map = page.getByRole("dialog", { name: "Map to model" });
  await map.getByLabel("A new software model").check();
  await map.getByLabel("New model name").fill(`Miro Enterprise — Legacy ${stamp}`);
  await map.getByRole("button", { name: "Map", exact: true }).click();
  await expect(map).toBeHidden();
  for (const m of unknownMembers) {
    await page.goto(`${profileUrl}/subscriptions?q=${encodeURIComponent(m.email)}`);
    await expect(page.getByRole("row", { name: new RegExp(m.email) })).toContainText(`Miro Enterprise — Legacy ${stamp}`);
  }
});

test("Execute Now while a run is going is refused with a sentence", async ({ page }) => {
  await sim("faults", { path: "/v2/orgs/", method: "GET", delayMs: 300, count: 30 });
  await signIn(page, DEMO.integrator);
  await page.goto(`${profileUrl}/scheduled-jobs`);
  const button = page.getByRole("button", { name: new RegExp(`Execute Now: SAM - Refresh ${name} Subscriptions`) });
  await button.click();
  await expect(page.getByTestId("execute-now-result")).toBeVisible();
  await page.reload();
  await page.getByRole("button", { name: new RegExp(`Execute Now: SAM - Refresh ${name} Subscriptions`) }).click();
  await expect(page.getByTestId("execute-now-result")).toContainText("is already running");
  await sim("faults", undefined, "DELETE");
  await expect(page.getByTestId("job-progress")).toHaveCount(0, { timeout: 90_000 });
  // Once the run it was refused for has finished, the refusal is old news: it goes.
  await expect(page.getByText("Completed").first()).toBeVisible();
  await expect(page.getByTestId("execute-now-result")).toHaveCount(0);
});

test("a listing Miro cuts short removes nothing: the run ends Completed with warnings, and an integrator confirms the removals", async ({ page }) => {
  test.setTimeout(180_000);
  type Listed = SimMember & { active: boolean; role: string; lastActivityAt?: string; licenseAssignedAt?: string };
  const { members } = await sim<{ members: Listed[] }>("members?limit=1");
  const first = members[0]!;
  const asListed = { id: first.id, email: first.email, active: first.active, role: first.role, license: first.license, type: "organization-member" };
  // Miro answers the first page with one member and no cursor: the listing ends there.
  await sim("faults", { path: "/v2/orgs/*/members", method: "GET", status: 200, count: 1, body: { type: "cursor-list", limit: 100, size: 1, data: [asListed] } });

  await signIn(page, DEMO.integrator);
  await page.goto(`${profileUrl}/scheduled-jobs`);
  await page.getByRole("button", { name: new RegExp(`Execute Now: SAM - Refresh ${name} Subscriptions`) }).click();
  await expect(page.getByTestId("execute-now-result")).toBeVisible();
  await expect(page.getByTestId("job-progress")).toHaveCount(0, { timeout: 90_000 });

  await page.goto(`${profileUrl}/job-results`);
  const held = page.getByRole("row", { name: /Completed with warnings/ }).first();
  await expect(held).toBeVisible();
  await expect(held).toContainText("so nothing was removed");
  await expect(held).toContainText("more than the profile's 10 % guard");
  expect(await subscriptionsCount(page, "")).toBeGreaterThan(1000);

  await page.goto(`${profileUrl}/job-results`);
  await page.getByRole("row", { name: /Completed with warnings/ }).first().getByRole("button", { name: "Confirm removals" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm removals?" });
  await expect(dialog).toContainText("did not see as removed");
  await dialog.getByRole("button", { name: /^Remove [\d,]+ subscriptions$/ }).click();
  // The run's row says what was done (the button goes: nothing is held back any more).
  await expect(page.getByRole("row", { name: /Completed with warnings/ }).first()).toContainText(/Removals confirmed: [\d,]+ subscriptions marked removed\./);
  await expect(page.getByRole("row", { name: /Completed with warnings/ }).first().getByRole("button", { name: "Confirm removals" })).toHaveCount(0);
  expect(await subscriptionsCount(page, "")).toBe(1);

  // The next full listing brings everyone back.
  await page.goto(`${profileUrl}/scheduled-jobs`);
  await page.getByRole("button", { name: new RegExp(`Execute Now: SAM - Refresh ${name} Subscriptions`) }).click();
  await expect(page.getByTestId("execute-now-result")).toBeVisible();
  // The run may still be queued when the page first shows it: wait for what the user waits for.
  await expect.poll(() => subscriptionsCount(page, ""), { timeout: 90_000 }).toBeGreaterThan(1000);
});

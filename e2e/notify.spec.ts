import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./support/auth";
import { sim, simState } from "./support/sim";
import { publishMiroProfile } from "./support/profile-flow";

/**
 * Notify user end to end through the real SMTP capture server and its Mailbox page: a rule with
 * Notify user → the email arrives with the reason, the date and both links → Keep my license →
 * confirm → Awaiting Approval → a sam_admin declines → Closed Skipped and a second email; then Release
 * it now → Closed Complete and the member deactivated in the simulator; and a third person who never
 * answers: the app's and the simulator's clocks moved to the day before (the reminder), then past the
 * date → SAM - Process Removal Candidates reclaims.
 */
test.describe.configure({ mode: "serial" });

type SimMember = { id: string; email: string; license: string; role: string; active: boolean };
const stamp = Date.now().toString(36);
const name = `Notify ${stamp}`;
let profileUrl = "";
let chosen: SimMember[] = [];

const member = (id: string) => sim<SimMember>(`members/${id}`);

/**
 * Moves the app's date (its test clock, OPENSAM_TEST_CLOCK in playwright.config.ts; a sam_admin's
 * session) and the simulator's by the same days, as if that much time had passed for both.
 */
async function advanceClocks(page: Page, days: number): Promise<void> {
  const res = await page.request.post("/api/test-clock", { data: { advanceDays: days } });
  expect(res.status(), await res.text()).toBe(200);
  await sim("clock", { advanceDays: days });
}

/** Execute Now on the workspace job (a sam_integrator's session); retried while an earlier run of it is still open. */
async function executeProcessCandidates(page: Page): Promise<void> {
  await expect(async () => {
    await page.goto("/scheduled-jobs?q=Process%20Removal%20Candidates");
    await page.getByRole("button", { name: "Execute Now: SAM - Process Removal Candidates" }).click();
    await expect(page.getByTestId("execute-now-result")).toHaveText("The run is queued; its progress shows here.", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
}

/** The link of an email in the Mailbox, for one person. */
async function linkFromMailbox(page: Page, email: string, text: "keep" | "release"): Promise<string> {
  await page.goto("/mailbox");
  const mail = page.getByTestId("mail").filter({ hasText: `To ${email}` }).filter({ hasText: "No activity in Miro for 143 days" }).first();
  await expect(mail).toBeVisible();
  const href = await mail.getByRole("link", { name: new RegExp(`/respond/.+\\?choice=${text}$`) }).getAttribute("href");
  expect(href).toBeTruthy();
  return href!;
}

test("a rule with Notify user: new candidates get an email with the reason, the date and both links", async ({ page }) => {
  test.setTimeout(180_000);
  await sim("reset", { seed: 5, members: 150 });
  const { members } = await sim<{ members: SimMember[] }>("members?limit=1000");
  for (const m of members) await sim(`members/${m.id}`, { lastActivityDaysAgo: 1, licenseAssignedDaysAgo: 400 });
  chosen = members.filter((m) => m.license === "full" && m.role === "organization_internal_user" && m.active).slice(0, 3);
  const state = await simState();

  await signIn(page, DEMO.integrator);
  profileUrl = await publishMiroProfile(page, state, name);

  // A sam_admin turns Notify user on for the Full rule; then three members stop using Miro (the third
  // never answers: the last test).
  await page.context().clearCookies();
  await signIn(page, DEMO.admin);
  await page.goto("/reclamation-rules?q=Full");
  await page.getByRole("link", { name: "Miro Enterprise — Full — unused for 60 days" }).last().click();
  // The template's preview, as a candidate of the rule would read it (not saved here).
  await page.getByLabel("Notice subject").fill("{{product}}: do you still need it by {{date}}?");
  await page.getByRole("button", { name: "Preview email" }).click();
  await expect(page.getByTestId("notice-preview")).toContainText(/Miro Enterprise — Full: do you still need it by \w+day/);
  await expect(page.getByTestId("notice-preview")).toContainText("[Keep my license link]");
  await page.getByLabel("Notice subject").fill("");
  await page.getByLabel("Notify user").check();
  await page.getByLabel("Days before auto-reclamation").fill("7");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  for (const m of chosen) await sim(`members/${m.id}`, { lastActivityDaysAgo: 143 });

  await page.context().clearCookies();
  await signIn(page, DEMO.integrator);
  await page.goto(`${profileUrl}/scheduled-jobs`);
  await page.getByRole("button", { name: new RegExp(`Execute Now: SAM - Refresh ${name} Subscriptions`) }).click();
  await expect(page.getByTestId("execute-now-result")).toBeVisible();
  await expect(async () => {
    await page.goto(`${profileUrl}/removal-candidates?state=awaiting_user`);
    await expect(page.getByTestId("row-count").filter({ visible: true })).toHaveText(/of 3$/, { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });

  await page.goto("/mailbox");
  const mail = page.getByTestId("mail").filter({ hasText: `To ${chosen[0]!.email}` }).filter({ hasText: "143 days" }).first();
  await expect(mail).toContainText(/will be reclaimed on \w+day, \w+ \d+, \d{4}/);
  await expect(mail).toContainText("No activity in Miro for 143 days");
  await expect(mail).toContainText("your Miro account is deactivated");
  await expect(mail.getByRole("link", { name: /choice=keep$/ })).toBeVisible();
  await expect(mail.getByRole("link", { name: /choice=release$/ })).toBeVisible();
});

test("Keep my license → confirm → Awaiting Approval; a sam_admin declines → Closed Skipped and a second email", async ({ page }) => {
  await signIn(page, DEMO.admin);
  const keep = await linkFromMailbox(page, chosen[0]!.email, "keep");
  await page.context().clearCookies();
  // The public page: no sign-in; showing it changes nothing.
  await page.goto(keep);
  await expect(page.getByRole("heading", { name: "Keep my license" })).toBeVisible();
  await page.getByLabel("Why do you need it? (optional)").fill("I run the quarterly workshop");
  await page.getByRole("button", { name: "Confirm: keep my license" }).click();
  await expect(page.getByText("Your request to keep the license was recorded")).toBeVisible();
  // The link is spent.
  await page.goto(keep);
  await expect(page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();

  await signIn(page, DEMO.admin);
  await page.goto(`${profileUrl}/removal-candidates?q=${encodeURIComponent(chosen[0]!.email)}`);
  await page.getByRole("link", { name: /^RCC\d{7}$/ }).click();
  await expect(page.getByTestId("candidate-state")).toHaveText("Awaiting Approval");
  await expect(page.getByRole("list", { name: "History" })).toContainText("I run the quarterly workshop");
  await page.getByRole("button", { name: "Decline", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason (sent to the person)").fill("The workshop needs it.");
  await dialog.getByRole("button", { name: "Decline: they keep it" }).click();
  await expect(page.getByTestId("candidate-state")).toHaveText("Closed Skipped");
  await page.goto("/mailbox");
  await expect(page.getByTestId("mail").filter({ hasText: `To ${chosen[0]!.email}` }).filter({ hasText: "you keep it. The workshop needs it." })).toBeVisible();
});

test("Release it now → confirm → Closed Complete, and the simulator shows the member deactivated", async ({ page }) => {
  await signIn(page, DEMO.admin);
  const release = await linkFromMailbox(page, chosen[1]!.email, "release");
  await page.context().clearCookies();
  await page.goto(release);
  await expect(page.getByRole("heading", { name: "Release it now" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm: release it now" }).click();
  await expect(page.getByText("The license is being taken back now")).toBeVisible();
  await expect.poll(async () => (await member(chosen[1]!.id)).active, { timeout: 30_000 }).toBe(false);
  await signIn(page, DEMO.admin);
  await page.goto(`${profileUrl}/removal-candidates?q=${encodeURIComponent(chosen[1]!.email)}`);
  await expect(page.getByRole("row", { name: new RegExp(chosen[1]!.email.replace(/[.+]/g, "\\$&")) })).toContainText("Closed Complete");
});

test("no answer: the clocks a day before the date → one reminder; past the date → SAM - Process Removal Candidates reclaims", async ({ page }) => {
  test.setTimeout(180_000);
  const silent = chosen[2]!;
  const escaped = silent.email.replace(/[.+]/g, "\\$&");
  // The notice of the first test gave a date 7 days on; 6.5 days later it is tomorrow.
  await signIn(page, DEMO.admin);
  await advanceClocks(page, 6.5);
  await page.context().clearCookies();
  await signIn(page, DEMO.integrator);
  await executeProcessCandidates(page);
  const reminders = page.getByTestId("mail").filter({ hasText: "Reminder: this happens tomorrow." });
  await expect(async () => {
    await page.goto("/mailbox");
    await expect(reminders.filter({ hasText: `To ${silent.email}` })).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  // Nobody else waits for an answer: the other two have answered.
  await expect(reminders).toHaveCount(1);
  expect((await member(silent.id)).active).toBe(true);

  // A day and a half later the date has passed.
  await page.context().clearCookies();
  await signIn(page, DEMO.admin);
  await advanceClocks(page, 1.5);
  await page.context().clearCookies();
  await signIn(page, DEMO.integrator);
  await executeProcessCandidates(page);
  await expect.poll(async () => (await member(silent.id)).active, { timeout: 60_000 }).toBe(false);
  await expect(async () => {
    await page.goto(`${profileUrl}/removal-candidates?q=${encodeURIComponent(silent.email)}`);
    await expect(page.getByRole("row", { name: new RegExp(escaped) })).toContainText("Closed Complete", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole("link", { name: /^RCC\d{7}$/ }).click();
  await expect(page.getByRole("list", { name: "History" })).toContainText(/No answer by \w+day, \w+ \d+, \d{4}: reclaimed as announced\./);
  // The reminder was the only one: a candidate past its date gets none.
  await page.goto("/mailbox");
  await expect(reminders).toHaveCount(1);
});

test.afterAll(async ({ browser }) => {
  // Later spec files share this app and simulator: both clocks go back to real time.
  const page = await browser.newPage();
  try {
    await signIn(page, DEMO.admin);
    const res = await page.request.post("/api/test-clock", { data: { reset: true } });
    expect(res.status(), await res.text()).toBe(200);
  } finally {
    await page.close();
  }
  await sim("clock", { reset: true });
});

test("the public page is rate limited per address and says how long to wait", async ({ page }) => {
  let last = "";
  for (let i = 0; i < 31; i++) {
    const res = await page.request.get(`/respond/${"x".repeat(43)}?choice=keep`);
    last = await res.text();
  }
  expect(last).toContain("Too many attempts");
  await page.goto(`/respond/${"x".repeat(43)}?choice=keep`);
  await expect(page.getByText(/Wait \d+ seconds, then open the link from your email again/)).toBeVisible();
});

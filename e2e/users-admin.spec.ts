import { expect, test, type Page, type Request } from "@playwright/test";
import { parseCsv } from "../lib/csv/parse";
import { DEMO, signIn } from "./support/auth";

const stamp = Date.now().toString(36);

async function createPerson(page: Page, p: { name: string; email: string; password: string; roles: string[] }) {
  await page.getByRole("button", { name: "New person" }).click();
  const dialog = page.getByRole("dialog", { name: "New person" });
  await dialog.getByLabel("Name").fill(p.name);
  await dialog.getByLabel("Email").fill(p.email);
  await dialog.getByLabel("Password").fill(p.password);
  for (const r of p.roles) await dialog.getByRole("checkbox", { name: new RegExp(`^${r}`) }).check();
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog).toBeHidden();
}

test("a sam_user can neither open Administration › Users nor call its server action", async ({ page, browser }) => {
  // Capture the real server-action request the admin's browser sends when creating a person.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO.admin);
  await admin.goto("/admin/users");
  let actionRequest: Request | undefined;
  admin.on("request", (r) => {
    if (r.method() === "POST" && r.headers()["next-action"]) actionRequest = r;
  });
  await createPerson(admin, { name: "Legit Person", email: `legit-${stamp}@example.com`, password: "a-long-enough-password", roles: ["sam_user"] });
  expect(actionRequest).toBeDefined();

  await signIn(page, DEMO.user);
  await expect(page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Users", exact: true })).toHaveCount(0);
  const res = await page.goto("/admin/users");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();

  // Replay the same action with the sam_user's session and a new email: the action itself refuses.
  const headers = { ...actionRequest!.headers() };
  delete headers.cookie;
  const body = actionRequest!.postDataBuffer()!.toString("latin1").replace(`legit-${stamp}@example.com`, `sneaky-${stamp}@example.com`);
  const replay = await page.request.post(actionRequest!.url(), { headers, data: Buffer.from(body, "latin1") });
  const text = await replay.text();
  expect(text).toContain("You do not have permission to create people");
  expect(text).not.toContain("can now sign in");

  // Nothing was created: the admin does not find the sneaky email.
  await admin.goto(`/admin/users?q=sneaky-${stamp}`);
  await expect(admin.getByText(`sneaky-${stamp}@example.com`)).toHaveCount(0);
  await adminContext.close();
});

test("an admin creates a person who signs in with the roles given; the audit log shows it", async ({ page, browser }) => {
  await signIn(page, DEMO.admin);
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Users", exact: true }).click();
  const email = `new-${stamp}@example.com`;

  // Bad input gets a message at the field and creates nothing.
  await page.getByRole("button", { name: "New person" }).click();
  const dialog = page.getByRole("dialog", { name: "New person" });
  await dialog.getByLabel("Email").fill("not-an-email");
  await dialog.getByLabel("Password").fill("short");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();
  await expect(dialog.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(dialog.getByText("Give the person at least one role.")).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();

  await createPerson(page, { name: "Nora New", email, password: "a-long-enough-password", roles: ["sam_integrator", "sam_admin"] });
  await expect(page.getByRole("row", { name: new RegExp(email) })).toBeVisible();

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Audit log" }).click();
  const row = page.getByRole("row", { name: new RegExp(`Created ${email}`) });
  await expect(row).toBeVisible();
  await expect(row).toContainText(DEMO.admin);
  await expect(row).toContainText("user.create");

  const other = await browser.newContext();
  const person = await other.newPage();
  await signIn(person, email, "a-long-enough-password");
  await expect(person.getByTestId("current-roles")).toHaveText(/sam_integrator\s*sam_admin/);
  await other.close();
});

test("the Users list sorts, filters and exports CSV with the same rows the screen shows", async ({ page }) => {
  const s = `${stamp}s`;
  await signIn(page, DEMO.admin);
  await page.goto("/admin/users");
  for (let i = 0; i < 3; i++) {
    await createPerson(page, { name: `Sorter ${i}`, email: `sort${i}-${s}@example.com`, password: "a-long-enough-password", roles: [i === 1 ? "sam_integrator" : "sam_user"] });
  }
  await page.getByLabel("Search").fill(s);
  await expect(page).toHaveURL(new RegExp(`q=${s}`));
  await page.getByLabel("Role").selectOption("sam_user");
  await expect(page).toHaveURL(/role=sam_user/);
  await page.getByRole("button", { name: "Email" }).click();
  await expect(page).toHaveURL(/sort=email\.asc/);
  await page.getByRole("button", { name: "Email" }).click();
  await expect(page).toHaveURL(/sort=email\.desc/);
  await expect(page.getByRole("columnheader", { name: "Email" })).toHaveAttribute("aria-sort", "descending");

  const table = page.getByTestId("users-table");
  await expect(table.getByRole("row")).toHaveCount(3); // header + 2 sam_user rows
  const screenEmails = await table.locator("tbody tr td:nth-child(2)").allTextContents();
  expect(screenEmails).toEqual([`sort2-${s}@example.com`, `sort0-${s}@example.com`]);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = parseCsv(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString("utf8")));
  expect(csv[0]).toEqual(["Name", "Email", "Roles", "Active", "Last sign-in", "Created"]);
  expect(csv.slice(1).map((r) => r[1])).toEqual(screenEmails);

  // Hiding a column hides it on screen and in the export.
  await page.getByRole("button", { name: "Columns" }).click();
  await page.getByRole("menuitemcheckbox", { name: "Roles" }).click();
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/hide=roles/);
  await expect(page.getByRole("columnheader", { name: "Roles" })).toHaveCount(0);
  const [download2] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv2 = parseCsv(await (await download2.createReadStream()).toArray().then((c) => Buffer.concat(c).toString("utf8")));
  expect(csv2[0]).toEqual(["Name", "Email", "Active", "Last sign-in", "Created"]);
});

import { expect, test, type Page, type Request } from "@playwright/test";
import { DEMO, signIn } from "./support/auth";

const stamp = Date.now().toString(36);

function captureAction(page: Page): () => Request | undefined {
  let captured: Request | undefined;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.headers()["next-action"]) captured = r;
  });
  return () => captured;
}

/** Replays a captured server-action request with another person's session and returns the answer's text. */
async function replay(as: Page, request: Request, edit: (body: string) => string = (b) => b): Promise<string> {
  const headers = { ...request.headers() };
  delete headers.cookie;
  const body = edit(request.postDataBuffer()!.toString("latin1"));
  const res = await as.request.post(request.url(), { headers, data: Buffer.from(body, "latin1") });
  return res.text();
}

test("the demo directory matches the simulated Miro organization", async ({ page }) => {
  await signIn(page, DEMO.user);
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "User directory" }).click();
  await expect(page.getByRole("heading", { name: "User directory" })).toBeVisible();
  await page.getByLabel("Search").fill("admin@northwind.example");
  const row = page.getByRole("row", { name: /Alex Morgan/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText("IT");
  // A sam_user sees the directory but not its admin actions.
  await expect(page.getByRole("button", { name: "New person" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Import CSV" })).toHaveCount(0);
});

test("an admin adds a person and imports a CSV file after a preview; rejected rows say why", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.goto("/admin/user-directory");

  await page.getByRole("button", { name: "New person" }).click();
  const dialog = page.getByRole("dialog", { name: "New person" });
  await dialog.getByLabel("Name", { exact: true }).fill("Quinn Quality");
  await dialog.getByLabel("Email", { exact: true }).fill("not-an-email");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();
  await dialog.getByLabel("Email", { exact: true }).fill(`quinn-${stamp}@dir.example`);
  await dialog.getByLabel("Department").fill("Quality");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("list-notice")).toContainText(`quinn-${stamp}@dir.example`);

  const csv = [
    "name,email,user_name,department,cost_center,manager_email,active",
    `Rae Report,rae-${stamp}@dir.example,rae,Quality,CC-9,QUINN-${stamp}@dir.example,true`,
    `Quinn Quality,quinn-${stamp}@dir.example,quinn,Quality Assurance,CC-9,,true`,
    `Sam Side,not-an-email,,,,,`,
  ].join("\r\n");
  await page.getByRole("button", { name: "Import CSV" }).click();
  const importDialog = page.getByRole("dialog", { name: "Import CSV" });
  await importDialog.getByLabel("CSV file").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await importDialog.getByRole("button", { name: "Preview" }).click();
  const summary = importDialog.getByTestId("import-summary");
  await expect(importDialog.getByRole("status")).toContainText("Preview: 1 created, 1 updated, 1 rejected");
  await expect(summary.getByRole("row", { name: /not-an-email/ })).toContainText("email: Enter a valid email address.");
  await importDialog.getByRole("button", { name: "Import" }).click();
  await expect(importDialog).toBeHidden();
  await expect(page.getByTestId("list-notice")).toContainText("Imported: 1 created, 1 updated, 1 rejected");
  await page.getByLabel("Search").fill(`rae-${stamp}`);
  const rae = page.getByRole("row", { name: new RegExp(`rae-${stamp}`) });
  await expect(rae).toContainText("Quinn Quality");
  await page.getByLabel("Search").fill(`quinn-${stamp}`);
  await expect(page.getByRole("row", { name: new RegExp(`quinn-${stamp}`) })).toContainText("Quality Assurance");

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("row", { name: /Imported people.csv into the user directory: 1 created, 1 updated, 0 unchanged, 1 rejected/ }).first()).toBeVisible();
});

test("a sam_user's replayed directory actions are refused and write nothing", async ({ page, browser }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO.admin);
  await admin.goto("/admin/user-directory");
  const captured = captureAction(admin);
  await admin.getByRole("button", { name: "New person" }).click();
  const dialog = admin.getByRole("dialog", { name: "New person" });
  await dialog.getByLabel("Name", { exact: true }).fill("Legit Person");
  await dialog.getByLabel("Email", { exact: true }).fill(`legit-${stamp}@dir.example`);
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog).toBeHidden();
  const create = captured();
  expect(create).toBeDefined();

  await admin.getByRole("button", { name: "Import CSV" }).click();
  const importDialog = admin.getByRole("dialog", { name: "Import CSV" });
  await importDialog
    .getByLabel("CSV file")
    .setInputFiles({ name: "one.csv", mimeType: "text/csv", buffer: Buffer.from(`name,email\r\nOne Legit,one-legit-${stamp}@dir.example\r\n`) });
  await importDialog.getByRole("button", { name: "Preview" }).click();
  await expect(importDialog.getByRole("status")).toContainText("Preview: 1 created");
  const preview = captured();

  await signIn(page, DEMO.user);
  const createAnswer = await replay(page, create!, (b) => b.replace(`legit-${stamp}@dir.example`, `sneaky-${stamp}@dir.example`));
  expect(createAnswer).toContain("You do not have permission to manage the user directory");
  const importAnswer = await replay(page, preview!, (b) => b.replace('"preview"', '"import"').replace(`one-legit-${stamp}`, `sneaky-import-${stamp}`));
  expect(importAnswer).toContain("You do not have permission to manage the user directory");

  await admin.goto(`/admin/user-directory?q=sneaky`);
  await expect(admin.getByText("No rows match these filters")).toBeVisible();
  await adminContext.close();
});

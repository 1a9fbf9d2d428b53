import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { can, type Permission } from "../lib/auth/permissions";
import type { Role } from "../lib/db/schema/users";
import { DEMO, signIn } from "./support/auth";

/**
 * The roles matrix of the pages (hardening item 11, the part the server-action and route tables do
 * not reach): every page under app/(workspace), found on disk with the permission its
 * requirePageActor(...) asks for, is opened by each demo person and by nobody. Allowed: the page
 * (200; 404 for a record id that does not exist). Refused: 403 with the "no access" page, and the
 * refusal is in the Audit log. Signed out: sent to the sign-in page. A new page is in the matrix
 * without a change here.
 */
test.describe.configure({ mode: "serial" });

const ROOT = path.join(process.cwd(), "app", "(workspace)");
const PEOPLE: { email: string; roles: Role[] }[] = [
  { email: DEMO.user, roles: ["sam_user"] },
  { email: DEMO.integrator, roles: ["sam_integrator"] },
  { email: DEMO.admin, roles: ["sam_admin"] },
];
const MISSING_ID = "00000000-0000-4000-8000-000000000000";

type PageFile = { file: string; route: string; permission: Permission };

function pageFiles(dir = ROOT): PageFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pageFiles(full);
    if (entry.name !== "page.tsx") return [];
    const source = readFileSync(full, "utf8");
    // The page's check: requirePageActor(permission?), or a list page's reads, which make it (lib/lists/list-page.ts).
    const calls = [...source.matchAll(/(?:requirePageActor|readListPage|readProfileListPage)\(([^;]*?)\);/g)];
    expect(calls.length, `${full} checks who may open it`).toBeGreaterThan(0);
    const permission = /"([a-z-]+:[a-z-]+)"\s*$/.exec(calls[0]![1]!)?.[1] ?? "workspace:view";
    const route = `/${path.relative(ROOT, path.dirname(full)).split(path.sep).join("/")}`.replace(/\/$/, "") || "/";
    return [{ file: path.relative(process.cwd(), full), route, permission: permission as Permission }];
  });
}

/** A URL for a route: the dynamic segments filled with a record that exists, or one that does not. */
function urlOf(route: string, ids: { profileId: string }): { url: string; missingRecord: boolean } {
  let missingRecord = false;
  const url = route
    .replace("[aliasId]", "miro_spoke.Miro_Enterprise")
    .replace("[vendor]", "miro")
    .replace("[profileId]", ids.profileId)
    .replace("[id]", () => {
      missingRecord = true;
      return MISSING_ID;
    });
  return { url, missingRecord };
}

const pages = pageFiles();
let profileId = MISSING_ID;

test("the matrix covers every page of the workspace", async ({ page }) => {
  expect(pages.length).toBeGreaterThanOrEqual(30);
  expect(pages.filter((p) => p.permission !== "workspace:view").map((p) => p.route).sort()).toEqual(
    ["/admin/users", "/audit-log", "/integration-profiles/new", "/integration-profiles/new/[vendor]"].sort(),
  );
  // A profile published by an earlier spec, when there is one, so its related lists open for real.
  await signIn(page, DEMO.integrator);
  await page.goto("/integration-profiles");
  const hrefs = await page.locator("a[href]").evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? ""));
  const profile = hrefs.find((h) => /^\/integration-profiles\/[0-9a-f-]{36}$/.test(h));
  if (profile) profileId = profile.split("/").pop()!;
});

for (const person of PEOPLE) {
  test(`each page opens, or is refused and audited, as its permission says (${person.roles.join(", ")})`, async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, person.email);
    const refused: string[] = [];
    for (const p of pages) {
      const { url, missingRecord } = urlOf(p.route, { profileId });
      const allowed = can(person.roles, p.permission);
      const response = await page.request.get(url, { maxRedirects: 0 });
      const expected = !allowed ? 403 : missingRecord || (p.route.includes("[profileId]") && profileId === MISSING_ID) ? 404 : 200;
      expect(response.status(), `${p.file} as ${person.roles.join(", ")} (${p.permission})`).toBe(expected);
      if (!allowed) {
        expect(await response.text()).toContain("You do not have access to this page");
        refused.push(url);
      }
    }
    if (refused.length === 0) return;
    // Every refusal is on the record, in words.
    await page.context().clearCookies();
    await signIn(page, DEMO.admin);
    await expectRefusalsAudited(page, person.email, refused.length);
  });
}

async function expectRefusalsAudited(page: Page, email: string, atLeast: number) {
  await page.goto(`/audit-log?q=${encodeURIComponent(`${email} was refused: open this page`)}`);
  await expect(page.getByTestId("row-count").filter({ visible: true })).toHaveText(/of \d+$/);
  const text = (await page.getByTestId("row-count").filter({ visible: true }).textContent()) ?? "";
  const total = Number(text.match(/of (\d+)$/)?.[1]);
  expect(total).toBeGreaterThanOrEqual(atLeast);
}

test("signed out, every page sends the visitor to the sign-in page", async ({ request }) => {
  for (const p of pages) {
    const { url } = urlOf(p.route, { profileId });
    const response = await request.get(url, { maxRedirects: 0 });
    expect([302, 303, 307], `${p.file} signed out`).toContain(response.status());
    expect(response.headers().location ?? "", p.file).toContain("/sign-in");
  }
});

import { expect, test, type Page, type Response } from "@playwright/test";
import { DEMO, signIn } from "./support/auth";
import { sim, simState, type SimState } from "./support/sim";
import { connectOAuth, connectScim, createDraft, validateAndPublish } from "./support/profile-flow";
import { APP_URL } from "./support/sim-url";

/**
 * The seed page, end to end, through the Miro simulator's real sign-in and consent pages: an asset
 * manager creates, connects, validates and publishes a Miro Enterprise profile.
 */
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);

/** Every HTML page and RSC/JSON payload the browser receives during the test. */
function recordPayloads(page: Page): string[] {
  const bodies: string[] = [];
  page.on("response", async (res: Response) => {
    if (!res.url().startsWith(APP_URL)) return;
    const type = res.headers()["content-type"] ?? "";
    if (!/html|text\/x-component|json|javascript|text\/plain/.test(type)) return;
    try {
      bodies.push(await res.text());
    } catch {
      // redirects and aborted responses have no body
    }
  });
  return bodies;
}

async function secretsOf(state: SimState): Promise<string[]> {
  const now = await simState();
  const tokenStrings = now.tokens.list.flatMap((t) => Object.values(t).filter((v): v is string => typeof v === "string" && v.length >= 20));
  return [state.credentials.clientSecret, state.credentials.scimToken, ...tokenStrings];
}

test("an integrator follows the seed page: draft, OAuth consent, SCIM token, validate, publish; no secret reaches the browser", async ({ page }) => {
  await sim("reset", { seed: 1, members: 2000 });
  const state = await simState();
  const bodies = recordPayloads(page);
  const name = `Miro Enterprise Integration ${stamp}`;

  await signIn(page, DEMO.integrator);
  await createDraft(page, name);
  await connectOAuth(page, state, "miro_spoke.Miro_Enterprise");
  await connectScim(page, state, "miro_spoke.Miro_Enterprise_SCIM");
  await validateAndPublish(page, name);

  const sections = page.getByRole("navigation", { name: "Profile sections" });
  await sections.getByRole("link", { name: "Software Models" }).click();
  await expect(page.getByRole("cell", { name: "Miro Enterprise — Full", exact: true })).toBeVisible();
  await sections.getByRole("link", { name: "Subscription Identifier Exclusion Rule" }).click();
  await expect(page.getByRole("row", { name: /free_restricted/ })).toBeVisible();

  // The secrets the workspace holds never appear in any page or payload the browser received.
  const secrets = await secretsOf(state);
  expect(secrets.length).toBeGreaterThanOrEqual(4);
  const everything = bodies.join("\n") + (await page.content());
  for (const secret of secrets) expect(everything).not.toContain(secret);
});

test("a second profile on child aliases holds a second Miro organization and also publishes", async ({ page }) => {
  // A second simulated organization (another seed: other ids, other app, other admin).
  await sim("reset", { seed: 2, members: 500 });
  const state = await simState();
  expect(state.credentials.orgName).not.toBe("Northwind Traders");
  const name = `Second organization ${stamp}`;

  await signIn(page, DEMO.integrator);
  for (const parent of ["miro_spoke.Miro_Enterprise", "miro_spoke.Miro_Enterprise_SCIM"]) {
    await page.goto(`/connections/${parent}`);
    await page.getByLabel("Child alias name").fill(`Org2 ${stamp}`);
    await page.getByRole("button", { name: "Create child alias" }).click();
    await expect(page.getByRole("link", { name: `${parent}_Org2_${stamp}` })).toBeVisible();
  }
  await createDraft(page, name);
  await page.getByLabel("Connection & credential").first().selectOption(`miro_spoke.Miro_Enterprise_Org2_${stamp}`);
  await page.getByLabel("Connection & credential").nth(1).selectOption(`miro_spoke.Miro_Enterprise_SCIM_Org2_${stamp}`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await connectOAuth(page, state, `miro_spoke.Miro_Enterprise_Org2_${stamp}`);
  await connectScim(page, state, `miro_spoke.Miro_Enterprise_SCIM_Org2_${stamp}`);
  await validateAndPublish(page, name);
  await sim("reset", { seed: 1, members: 2000 });
});

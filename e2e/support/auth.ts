import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "opensam-demo";
export const DEMO = {
  admin: "admin@example.com",
  integrator: "integrator@example.com",
  user: "user@example.com",
} as const;

/** Signs in through the real sign-in form and waits for the workspace. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-person")).toContainText(email);
}

import { expect, type Page } from "@playwright/test";
import { callSimulatorControl } from "../miro-simulator/control-client";
import { SIM_URL } from "./sim-url";

export { SIM_URL };

export type SimState = {
  credentials: { clientId: string; clientSecret: string; scimToken: string; adminEmail: string; adminPassword: string; orgName: string; orgId: string };
  teams: { id: string; name: string }[];
  tokens: { list: Record<string, unknown>[] };
};

/** The simulator's control API (test tool only): GET without a body, POST with one. */
export function sim<T = unknown>(path: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<T> {
  return callSimulatorControl<T>(SIM_URL, method, `/${path}`, body);
}

export const simState = () => sim<SimState>("state");

/**
 * On Miro's side of the OAuth flow: sign in as the simulated Company Admin when asked, pick the
 * team and select Install (or Reinstall).
 */
export async function approveOnMiro(page: Page, state: SimState, options: { button?: "Install" | "Reinstall"; teamId?: string } = {}) {
  await page.waitForURL((url) => url.href.startsWith(SIM_URL));
  if (await page.getByRole("heading", { name: "Sign in to Miro" }).isVisible()) {
    await page.getByLabel("Work email").fill(state.credentials.adminEmail);
    await page.getByLabel("Password").fill(state.credentials.adminPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await expect(page.getByRole("heading", { name: "Install & authorize app" })).toBeVisible();
  if (options.teamId) await page.getByLabel("Select a team").selectOption(options.teamId);
  await page.getByRole("button", { name: options.button ?? "Install", exact: true }).click();
}

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./support/auth";
import { APP_PORT, SIM_PORT } from "./support/sim-url";

/*
 * README command 1 as a newcomer runs it: `npm run demo` (here with a data folder of its own, the
 * build the suite made, and ports beside the suite's server) → sign in → the Overview shows figures
 * at first sight; stop it, start it again → the demo workspace is kept, and Execute Now on its
 * profile completes with the connection the first start made (the simulator's state was kept).
 */
test.describe.configure({ mode: "serial" });

const PORT = APP_PORT + 40;
const DEMO_URL = `http://127.0.0.1:${PORT}`;
const dataDir = mkdtempSync(path.join(tmpdir(), "opensam-demo-e2e-"));
let demo: ChildProcess | undefined;
let output = "";

test.use({ baseURL: DEMO_URL });

/** Starts `npm run demo` and resolves once it printed `until` (what the server says when the workspace is made). */
async function startDemo(until: RegExp): Promise<void> {
  output = "";
  demo = spawn(
    "npx",
    ["tsx", "--conditions=react-server", "scripts/demo.ts", "--port", String(PORT), "--sim-port", String(SIM_PORT + 40), "--members", "300", "--data-dir", dataDir, "--no-build"],
    {
      env: { ...process.env, APP_URL: DEMO_URL, OPENSAM_MAIL_CAPTURE_PORT: String(SIM_PORT + 41), PORT: String(PORT) },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so that stopping it is Ctrl+C in a terminal: every process gets SIGINT.
      detached: true,
    },
  );
  demo.stdout?.on("data", (d) => {
    output += d;
  });
  demo.stderr?.on("data", (d) => {
    output += d;
  });
  await expect.poll(() => until.test(output) || demo?.exitCode !== null, { timeout: 240_000, intervals: [500] }).toBe(true);
  expect(demo.exitCode, output).toBeNull();
  expect(output).toContain(`OpenSAM is running at ${DEMO_URL}`);
}

async function stopDemo(): Promise<void> {
  const child = demo;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid!, "SIGINT");
  await exited;
}

test.afterAll(async () => {
  await stopDemo();
  rmSync(dataDir, { recursive: true, force: true });
});

test("first start: the Overview shows the demo workspace's figures at first sight", async ({ page }) => {
  test.setTimeout(300_000);
  await startDemo(/\[opensam\] Demo workspace: (Contoso Ltd is published|.*could not)/);
  expect(output).toMatch(/\[opensam\] Demo workspace: Contoso Ltd is published with 300 subscriptions downloaded/);
  await signIn(page, DEMO.admin);
  await expect(page.getByTestId("kpi-Assigned Subscriptions")).not.toHaveText("0");
  for (const kpi of ["Current Subscription Spend", "Potential Savings", "Actual Savings YTD", "% Unused Subscriptions"]) {
    await expect(page.getByTestId(`kpi-${kpi}`)).not.toHaveText("—");
  }
  await expect(page.getByRole("table", { name: "Integration health" })).toContainText("Contoso Ltd");
  await page.goto("/removal-candidates?state=closed_complete");
  await expect(page.getByTestId("row-count").filter({ visible: true })).not.toHaveText(/of 0$/);
});

test("stopped and started again: the workspace is kept and Execute Now on its profile completes", async ({ page }) => {
  test.setTimeout(300_000);
  await stopDemo();
  await startDemo(/\[opensam\] Demo workspace: (kept as it is|.*could not)/);
  expect(output).toContain("Demo workspace: kept as it is");
  await signIn(page, DEMO.integrator);
  await page.goto("/integration-profiles");
  await page.getByRole("link", { name: "Contoso Ltd" }).first().click();
  await page.waitForURL(/\/integration-profiles\/[0-9a-f-]{36}/);
  const profileUrl = new URL(page.url()).pathname.match(/^\/integration-profiles\/[0-9a-f-]{36}/)![0];
  const completed = async () => {
    await page.goto(`${profileUrl}/job-results`);
    return page.getByRole("row", { name: /Completed/ }).count();
  };
  const before = await completed();
  expect(before).toBeGreaterThan(0);
  await page.goto(`${profileUrl}/scheduled-jobs`);
  await page.getByRole("button", { name: /Execute Now: SAM - Refresh Contoso Ltd Subscriptions/ }).click();
  await expect(page.getByTestId("execute-now-result")).toBeVisible();
  await expect.poll(completed, { timeout: 120_000, intervals: [2_000] }).toBe(before + 1);
  await expect(page.getByRole("table").first()).not.toContainText("Invalid refresh token");
});

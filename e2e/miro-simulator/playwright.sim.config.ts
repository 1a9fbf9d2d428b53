/**
 * Stand-alone Playwright config for the simulator's consent spec, until it is folded into the
 * main config: npx playwright test e2e/miro-simulator-consent.spec.ts --config e2e/miro-simulator/playwright.sim.config.ts
 * The spec starts its own simulator, so there is no webServer.
 */
import { defineConfig } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "../support/chromium";

export default defineConfig({
  testDir: "..",
  testMatch: /miro-simulator-consent\.spec\.ts$/,
  fullyParallel: false,
  workers: 1,
  reporter: "list",
  outputDir: "../../test-results/miro-simulator",
  use: {
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
});

import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "./e2e/support/chromium";
import { APP_PORT, APP_URL, SIM_PORT, SIM_URL } from "./e2e/support/sim-url";

const PORT = APP_PORT;
const baseURL = APP_URL;


/**
 * End-to-end tests in Debian's Chromium (Playwright cannot download browsers here) against the
 * built app, started by Playwright with demo people on a fresh database: the PostgreSQL database
 * named by E2E_DATABASE_URL when set (the test command creates it), else an in-memory PGlite.
 */
export default defineConfig({
  testDir: "./e2e",
  testMatch: /.*\.spec\.ts$/,
  outputDir: "./test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: `npx tsx e2e/miro-simulator/cli.ts --port ${SIM_PORT} --members 2000 --seed 1 --rate-limit off --redirect-uri ${baseURL}/api/integrations/miro/oauth/callback`,
      url: `${SIM_URL}/__sim/state`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
    command: process.env.E2E_SKIP_BUILD ? `npx next start -p ${PORT}` : `npm run build && npx next start -p ${PORT}`,
    url: `${baseURL}/api/ping`,
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      OPENSAM_DEMO: "1",
      // `next start` runs with NODE_ENV=production; demo mode there must be asked for explicitly.
      OPENSAM_DEMO_IN_PRODUCTION: "1",
      // notify.spec.ts moves the app's date past a reclaim date through /api/test-clock (allowed under
      // `next start` by OPENSAM_DEMO_IN_PRODUCTION above); the job worker runs in this same server.
      OPENSAM_TEST_CLOCK: "1",
      APP_URL: baseURL,
      MIRO_AUTHORIZE_BASE_URL: SIM_URL,
      MIRO_API_BASE_URL: SIM_URL,
      MIRO_SCIM_BASE_URL: `${SIM_URL}/api/v1/scim`,
      // As in `npm run demo`, the demo directory is read from the simulator's members (the credential
      // hints of OPENSAM_SIMULATOR_URL stay off: the tests check that no secret reaches a page).
      OPENSAM_DEMO_DIRECTORY_SOURCE: SIM_URL,
      OPENSAM_MAIL_CAPTURE_PORT: String(SIM_PORT + 15),
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : { DATABASE_URL: "", PGLITE_DIR: "memory://" }),
    },
    },
  ],
});

import type { LaunchOptions } from "@playwright/test";

/**
 * How the Playwright configs launch Debian's Chromium (Playwright cannot download browsers here):
 * CHROMIUM_PATH when set, else /usr/bin/chromium, with the flags a container without a GPU or a
 * shared-memory mount needs and nothing that talks to Google.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
} satisfies LaunchOptions;

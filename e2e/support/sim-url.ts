/** The local Miro simulator the app under test talks to (the real Miro cannot be reached). */
export const SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 4110);
export const SIM_URL = `http://127.0.0.1:${SIM_PORT}`;

/** The app under test (playwright.config.ts starts it here). */
export const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;

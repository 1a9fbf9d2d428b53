/** The local Miro simulator the app under test talks to (the real Miro cannot be reached). */
export const SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 4110);
export const SIM_URL = `http://127.0.0.1:${SIM_PORT}`;

/**
 * Runs once when the Next server starts (never during `next build`): migrations and demo data.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { onServerStart } = await import("./lib/server-start");
  await onServerStart();
}

import "server-only";
import { defineRunKind, runQueue } from "../definitions";

/** **SAM - Clean Up Expired Sign-In Data**: daily, expired OAuth states and abandoned pending connections. */
export const cleanUpJob = defineRunKind({
  id: "clean-up",
  kind: "clean_up",
  label: "Clean up expired sign-in data",
  subject: "The clean-up",
  scope: "workspace",
  workspaceJob: { name: "SAM - Clean Up Expired Sign-In Data", cron: "30 3 * * *" },
  queue: runQueue(10 * 60),
  pollingIntervalSeconds: 5,
  async run(ctx) {
    const { cleanUpExpired } = await import("../../services/housekeeping/clean-up");
    return { details: { cleanUp: await cleanUpExpired(ctx.db, ctx.actor) } };
  },
});

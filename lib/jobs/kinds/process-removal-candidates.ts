import "server-only";
import { defineRunKind, runQueue } from "../definitions";

/**
 * **SAM - Process Removal Candidates** (product.md §5): daily, for the whole workspace, the notices,
 * the reminders and the reclaim of unanswered candidates on their date.
 */
export const processRemovalCandidatesJob = defineRunKind({
  id: "process-removal-candidates",
  kind: "process_removal_candidates",
  label: "Process removal candidates",
  subject: "The candidate processing",
  scope: "workspace",
  workspaceJob: { name: "SAM - Process Removal Candidates", cron: "0 6 * * *" },
  queue: runQueue(30 * 60),
  pollingIntervalSeconds: 5,
  async run(ctx) {
    const { processRemovalCandidates } = await import("../../services/reclamation/process-candidates");
    const { appNow } = await import("../../clock/app-clock");
    // The app's clock decides what is due, so a test can move a date days away (lib/clock/app-clock.ts).
    const outcome = await processRemovalCandidates(ctx.db, ctx.actor, await appNow(ctx.db));
    return { details: { notify: outcome }, ...(outcome.warning ? { warning: outcome.warning } : {}) };
  },
});

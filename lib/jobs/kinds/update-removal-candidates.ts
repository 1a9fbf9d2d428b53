import "server-only";
import { defineRunKind, runQueue } from "../definitions";

/**
 * **SAM - Updating Existing Reclamation Candidates** (product.md §5): weekly, for the whole
 * workspace, closes the candidates whose subscription disappeared.
 */
export const updateRemovalCandidatesJob = defineRunKind({
  id: "update-removal-candidates",
  kind: "update_removal_candidates",
  label: "Update reclamation candidates",
  subject: "The candidate update",
  scope: "workspace",
  workspaceJob: { name: "SAM - Updating Existing Reclamation Candidates", cron: "0 3 * * 0" },
  queue: runQueue(30 * 60),
  pollingIntervalSeconds: 5,
  async run(ctx) {
    const { updateExistingCandidates } = await import("../../services/reclamation/update-existing");
    const outcome = await updateExistingCandidates(ctx.db, ctx.actor);
    return { details: { candidates: { created: 0, canceled: 0, skipped: outcome.skipped, completed: outcome.completed } } };
  },
});

import "server-only";
import { defineRunKind, runQueue } from "../definitions";

/**
 * **SAM - Reconcile Subscriptions** (product.md §6): weekly, and **Run reconciliation** on demand
 * (a sam_admin): what is owned against what is used, per software model.
 */
export const reconcileSubscriptionsJob = defineRunKind({
  id: "reconcile-subscriptions",
  kind: "reconciliation",
  label: "Reconcile subscriptions",
  subject: "The reconciliation",
  scope: "workspace",
  runPermission: "reconciliation:run",
  workspaceJob: { name: "SAM - Reconcile Subscriptions", cron: "0 4 * * 1" },
  queue: runQueue(30 * 60),
  pollingIntervalSeconds: 2,
  async run(ctx) {
    const { runReconciliation } = await import("../../services/reconciliation/run-reconciliation");
    const outcome = await runReconciliation(ctx.db, ctx.actor, { jobResultId: ctx.jobResultId });
    return { details: { reconciliation: outcome } };
  },
});

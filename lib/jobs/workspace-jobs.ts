import "server-only";
import type { Db } from "../db/client";
import { scheduledJobs } from "../db/schema";
import { runKinds } from "./registry";

/**
 * Creates the one scheduled job of every workspace-wide kind that declares one (the weekly candidate
 * update, reconciliation), when it is missing. Idempotent and safe with several workers starting at
 * once (the unique index on a workspace job's kind); an existing job keeps what a person set.
 */
export async function ensureWorkspaceJobs(db: Db): Promise<void> {
  for (const kind of runKinds()) {
    if (kind.scope !== "workspace" || !kind.workspaceJob) continue;
    await db
      .insert(scheduledJobs)
      .values({ name: kind.workspaceJob.name, kind: kind.kind, cron: kind.workspaceJob.cron, profileId: null })
      // Any unique index may be the one a concurrent start hits first (the kind's, or the name's).
      .onConflictDoNothing();
  }
}

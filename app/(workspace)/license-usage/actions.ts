"use server";
import { and, eq, isNull } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { scheduledJobs } from "@/lib/db/schema";
import { ServiceError } from "@/lib/errors";
import { requestRun } from "@/lib/services/jobs/request-run";

/** **Run reconciliation** (sam_admin): a run of the weekly job now, with its progress in Job results. */
export const runReconciliationAction = defineAction({
  permission: "reconciliation:run",
  what: "run reconciliation",
  schema: z.object({}),
  handler: async (_input, ctx) => {
    const [job] = await ctx.db.select({ id: scheduledJobs.id }).from(scheduledJobs).where(and(eq(scheduledJobs.kind, "reconciliation"), isNull(scheduledJobs.profileId)));
    if (!job) throw new ServiceError("conflict", "The reconciliation job is created when the job worker starts: start OpenSAM (or npm run worker), then try again.");
    const { jobResultId } = await requestRun(ctx, { scheduledJobId: job.id, trigger: "manual" });
    revalidatePath("/license-usage");
    return { data: { jobResultId }, message: "Reconciliation is running; this page shows its results when it completes (reload in a few seconds)." };
  },
});

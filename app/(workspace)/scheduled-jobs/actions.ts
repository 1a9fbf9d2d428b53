"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { confirmRemovals } from "@/lib/services/downloads/confirm-removals";
import { requestRun } from "@/lib/services/jobs/request-run";

/** **Execute Now**: runs the scheduled job at once; refused with a sentence while a run is open. */
export const executeNowAction = defineAction({
  permission: "jobs:run",
  what: "run scheduled jobs",
  schema: z.object({ scheduledJobId: z.uuid() }),
  handler: async (input, ctx) => {
    const { jobResultId } = await requestRun(ctx, { scheduledJobId: input.scheduledJobId, trigger: "manual" });
    revalidatePath("/", "layout");
    return { data: { jobResultId }, message: "The run is queued; its progress shows here." };
  },
});

/** **Confirm removals** on a download run that held them back (Completed with warnings). */
export const confirmRemovalsAction = defineAction({
  permission: "jobs:run",
  what: "confirm removals",
  schema: z.object({ jobResultId: z.uuid() }),
  handler: async (input, ctx) => {
    const { removed } = await confirmRemovals(ctx, input);
    revalidatePath("/", "layout");
    return { data: { removed }, message: `${removed.toLocaleString("en-US")} subscription${removed === 1 ? "" : "s"} marked removed.` };
  },
});

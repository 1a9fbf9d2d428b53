"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import type { ServiceContext } from "@/lib/services/context";
import { profileRemovalCandidatesSpec, removalCandidatesSpec } from "@/lib/lists/removal-candidates-spec";
import { addWorkNote } from "@/lib/services/reclamation/add-work-note";
import { closeCandidate } from "@/lib/services/reclamation/close-candidate";
import { decideApproval } from "@/lib/services/reclamation/decide-approval";
import { readyCandidateIds } from "@/lib/services/reclamation/list-candidates";
import { requestReclaim } from "@/lib/services/reclamation/request-reclaim";
import { restoreCandidate } from "@/lib/services/reclamation/restore-candidate";
import { parseListParams } from "@/lib/table/list-spec";
import { textField } from "@/lib/services/text-input";

const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

function queuedMessage(queued: number, skipped: number): string {
  const more = skipped > 0 ? ` ${plural(skipped, "candidate")} had changed meanwhile and ${skipped === 1 ? "was" : "were"} left alone.` : "";
  return `${plural(queued, "reclaim")} handed to the worker: each candidate shows Awaiting Revocation until it is done.${more}`;
}

/** **Reclaim** (one or a few, confirmed in the browser) and **Resume Reclaim**. */
export const reclaimAction = defineAction({
  permission: "candidates:act",
  what: "reclaim subscriptions",
  schema: z.object({ ids: z.array(z.uuid()).min(1).max(1000), resume: z.boolean().default(false) }),
  handler: async (input, ctx) => {
    const out = await requestReclaim(ctx, input);
    revalidatePath("/", "layout");
    return { data: out, message: queuedMessage(out.queued, out.skipped) };
  },
});

const filterSchema = z.object({
  /** The list's search parameters as the page read them (q, state, profile). */
  search: z.record(z.string().max(60), textField(200)),
  profileId: z.uuid().optional(),
  /** The count the confirmation named: refused when the filter now selects another number. */
  expected: z.number().int().min(1),
});

async function readyOf(input: z.output<typeof filterSchema>, ctx: ServiceContext) {
  const params = input.profileId ? parseListParams(profileRemovalCandidatesSpec, input.search) : parseListParams(removalCandidatesSpec, input.search);
  return readyCandidateIds(ctx, { params, profileId: input.profileId });
}

/** **Reclaim All**: every Ready candidate of the current filter, after a confirmation that named the count. */
export const reclaimAllAction = defineAction({
  permission: "candidates:act",
  what: "reclaim subscriptions",
  schema: filterSchema,
  handler: async (input, ctx) => {
    const ids = await readyOf(input, ctx);
    if (ids.length !== input.expected) {
      return { data: { queued: 0, skipped: 0, changed: true }, message: `The filter now selects ${plural(ids.length, "Ready candidate")}, not ${input.expected}: nothing was done. Look again and confirm.` };
    }
    const out = await requestReclaim(ctx, { ids });
    revalidatePath("/", "layout");
    return { data: { ...out, changed: false }, message: queuedMessage(out.queued, out.skipped) };
  },
});

/** **Close Complete** / **Close Skipped**, with the reason. */
export const closeCandidateAction = defineAction({
  permission: "candidates:act",
  what: "close removal candidates",
  schema: z.object({ id: z.uuid(), to: z.enum(["closed_complete", "closed_skipped"]), reason: textField(1000, "Say why, in a few words.") }),
  handler: async (input, ctx) => {
    const row = await closeCandidate(ctx, input);
    revalidatePath("/", "layout");
    return { data: { state: row.state }, message: `${row.number} is ${input.to === "closed_complete" ? "Closed Complete" : "Closed Skipped"}.` };
  },
});

/** **Restore** (sam_admin): reactivates the member and reverses the saving. */
export const restoreCandidateAction = defineAction({
  permission: "candidates:restore",
  what: "restore reclaimed subscriptions",
  schema: z.object({ id: z.uuid() }),
  handler: async (input, ctx) => {
    const row = await restoreCandidate(ctx, input);
    revalidatePath("/", "layout");
    return { data: { state: row.state }, message: `${row.number}: the member is active again and the saving is reversed.` };
  },
});

/** **Approve reclaim** / **Decline** on a Keep (sam_admin); a decline tells the person. */
export const decideApprovalAction = defineAction({
  permission: "approvals:decide",
  what: "decide on kept licenses",
  schema: z.object({ id: z.uuid(), decision: z.enum(["approve", "decline"]), reason: textField(1000, "Say why, in a few words: the person reads it.") }),
  handler: async (input, ctx) => {
    const row = await decideApproval(ctx, input);
    revalidatePath("/", "layout");
    return { data: { state: row.state }, message: input.decision === "approve" ? `${row.number}: reclaim approved and handed to the worker.` : `${row.number} is Closed Skipped; the person is told they keep the license.` };
  },
});

/** A work note on the candidate's record. */
export const addWorkNoteAction = defineAction({
  permission: "candidates:act",
  what: "add work notes",
  schema: z.object({ id: z.uuid(), text: textField(4000, "Write the note first.") }),
  handler: async (input, ctx) => {
    await addWorkNote(ctx, input);
    revalidatePath(`/removal-candidates/${input.id}`);
    return { data: null, message: "Work note added." };
  },
});

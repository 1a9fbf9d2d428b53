import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../auth/actor";
import { removalCandidates } from "../../db/schema";
import { ServiceError } from "../../errors";
import type { ServiceContext } from "../context";
import { addCandidateEvent } from "./candidate-history";

const inputSchema = z.object({ id: z.uuid(), text: z.string().trim().min(1).max(4000) });

/** A work note on a candidate's record: a line of its history, with who wrote it and when. */
export async function addWorkNote(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<void> {
  authorize(ctx.actor, "candidates:act", "add work notes");
  const input = inputSchema.parse(raw);
  const [row] = await ctx.db.select({ id: removalCandidates.id }).from(removalCandidates).where(eq(removalCandidates.id, input.id));
  if (!row) throw new ServiceError("not_found", "This removal candidate does not exist.");
  await addCandidateEvent(ctx.db, ctx.actor, input.id, { kind: "note", text: input.text });
}

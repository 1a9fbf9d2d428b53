import "server-only";
import { and, eq, lte } from "drizzle-orm";
import type { Actor } from "../../auth/actor";
import type { Db } from "../../db";
import { removalCandidates } from "../../db/schema";
import { ServiceError } from "../../errors";
import { addCandidateEvent, moveCandidate } from "./candidate-history";
import { dueDateWords, sendNotices, sendReminders } from "./notify";
import { requestReclaim } from "./request-reclaim";

export type ProcessOutcome = { noticesSent: number; noticesFailed: number; reminders: number; reclaimed: number; warning?: string };

/**
 * **SAM - Process Removal Candidates** (daily): notices not sent yet, the reminder the day before,
 * and the reclaim of whoever did not answer by their date (the same reclaim job, with its re-check
 * before and verification after).
 */
export async function processRemovalCandidates(db: Db, actor: Actor, now = new Date()): Promise<ProcessOutcome> {
  const notices = await sendNotices(db, actor, now);
  const reminders = await sendReminders(db, actor, now);
  const due = await db
    .select({ id: removalCandidates.id, responseDueAt: removalCandidates.responseDueAt })
    .from(removalCandidates)
    .where(and(eq(removalCandidates.state, "awaiting_user"), lte(removalCandidates.responseDueAt, now)))
    .limit(1000);
  const ready: string[] = [];
  for (const c of due) {
    const text = `No answer by ${dueDateWords(c.responseDueAt ?? now)}: reclaimed as announced.`;
    const moved = await db.transaction((tx) => moveCandidate(tx, actor, c.id, { from: ["awaiting_user"], to: "ready", text }));
    if (moved) ready.push(c.id);
  }
  let warning: string | undefined;
  let reclaimed = 0;
  if (ready.length) {
    try {
      reclaimed = (await requestReclaim({ db, actor }, { ids: ready })).queued;
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      warning = `${ready.length} unanswered candidate${ready.length === 1 ? " is" : "s are"} Ready but not reclaimed: ${error.message}`;
      for (const id of ready) await addCandidateEvent(db, actor, id, { kind: "note", text: `Not reclaimed on its date: ${error.message}` });
    }
  }
  return { noticesSent: notices.sent, noticesFailed: notices.failed, reminders, reclaimed, ...(warning ? { warning } : {}) };
}

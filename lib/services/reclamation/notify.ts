import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lte, sql } from "drizzle-orm";
import type { Actor } from "../../auth/actor";
import type { Db } from "../../db";
import { env } from "../../env";
import {
  candidateEmails,
  directoryUsers,
  integrationProfiles,
  reclamationRules,
  removalCandidates,
  softwareModels,
  type CandidateEmailKind,
  type RemovalCandidate,
} from "../../db/schema";
import { getAdapter } from "../../integrations/registry";
import { sendMail } from "../../mail/send";
import { writeAudit } from "../audit/write-audit";
import { addCandidateEvent, moveCandidate } from "./candidate-history";
import { noticeMail } from "./notice-email";

const DAY_MS = 86_400_000;
const BATCH = 200;

/** 32 random bytes (256 bits) in base64url: the secret of a Keep/Release link; only its hash is stored. */
export function newResponseToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashResponseToken(token) };
}

export const hashResponseToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The day a notified person's license is reclaimed, as the email and the page say it. */
export const dueDateWords = (d: Date) => d.toLocaleDateString("en-US", { weekday: "long", year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });

type Context = {
  candidate: RemovalCandidate;
  recipient: string;
  name: string;
  product: string;
  effect: string;
  template: { subject: string | null; body: string | null };
  days: number;
};

async function contextOf(db: Db, candidate: RemovalCandidate): Promise<Context> {
  const [row] = await db
    .select({
      directoryEmail: directoryUsers.email,
      directoryName: directoryUsers.name,
      product: softwareModels.displayName,
      vendorId: integrationProfiles.vendorId,
      subject: reclamationRules.noticeSubject,
      body: reclamationRules.noticeBody,
      days: reclamationRules.daysBeforeAutoReclamation,
    })
    .from(removalCandidates)
    .leftJoin(directoryUsers, eq(directoryUsers.id, removalCandidates.directoryUserId))
    .leftJoin(softwareModels, eq(softwareModels.id, removalCandidates.softwareModelId))
    .leftJoin(integrationProfiles, eq(integrationProfiles.id, removalCandidates.profileId))
    .leftJoin(reclamationRules, eq(reclamationRules.id, removalCandidates.ruleId))
    .where(eq(removalCandidates.id, candidate.id));
  const reclaim = row?.vendorId ? getAdapter(row.vendorId).reclaim : undefined;
  const effect = reclaim?.effectForPerson ?? reclaim?.effect ?? "the license is taken back";
  return {
    candidate,
    recipient: row?.directoryEmail ?? candidate.userPrincipalName,
    name: row?.directoryName ?? candidate.userPrincipalName,
    product: row?.product ?? "software",
    effect,
    template: { subject: row?.subject ?? null, body: row?.body ?? null },
    days: row?.days ?? 7,
  };
}

/**
 * Sends one email of a candidate, at most once per kind: the row is claimed first (its link's hash
 * stored before anything leaves), then the message goes out over SMTP. Returns null when it was sent
 * (now or before), or the error in words.
 */
async function deliver(db: Db, c: Context, kind: Exclude<CandidateEmailKind, "declined">, due: Date): Promise<string | null> {
  const { token, hash } = newResponseToken();
  const link = (choice: "keep" | "release") => `${env().APP_URL}/respond/${token}?choice=${choice}`;
  const mail = noticeMail(c.template, { name: c.name, product: c.product, reason: c.candidate.reason, date: dueDateWords(due), effect: c.effect, keepLink: link("keep"), releaseLink: link("release") }, kind);
  await db
    .insert(candidateEmails)
    .values({ candidateId: c.candidate.id, kind, recipient: c.recipient, subject: mail.subject })
    .onConflictDoNothing();
  // A row already sent is never sent again; one that failed gets a fresh link and another try.
  const [claimed] = await db
    .update(candidateEmails)
    .set({ tokenHash: hash, subject: mail.subject, recipient: c.recipient, attempts: sql`${candidateEmails.attempts} + 1` })
    .where(and(eq(candidateEmails.candidateId, c.candidate.id), eq(candidateEmails.kind, kind), isNull(candidateEmails.sentAt)))
    .returning({ id: candidateEmails.id });
  if (!claimed) return null;
  try {
    await sendMail({ to: c.recipient, ...mail });
  } catch (error) {
    const words = `The email to ${c.recipient} could not be sent: ${(error as Error).message}`;
    await db.update(candidateEmails).set({ error: words }).where(eq(candidateEmails.id, claimed.id));
    return words;
  }
  await db.update(candidateEmails).set({ sentAt: new Date(), error: null }).where(eq(candidateEmails.id, claimed.id));
  return null;
}

/**
 * **Notify user**: every Ready candidate of a rule with Notify user that was not told yet gets its
 * notice; sent, it becomes Awaiting User with its date. A failed send leaves it Ready with the error
 * in words, and the next pass tries again.
 */
export async function sendNotices(db: Db, actor: Actor, now = new Date()): Promise<{ sent: number; failed: number }> {
  const pending = await db
    .select()
    .from(removalCandidates)
    .where(and(eq(removalCandidates.state, "ready"), eq(removalCandidates.notifyUser, true), isNull(removalCandidates.notifiedAt)))
    .orderBy(removalCandidates.number)
    .limit(BATCH);
  let sent = 0;
  let failed = 0;
  for (const candidate of pending) {
    const c = await contextOf(db, candidate);
    const due = new Date(now.getTime() + c.days * DAY_MS);
    const error = await deliver(db, c, "notice", due);
    if (error) {
      failed++;
      await db.update(removalCandidates).set({ noticeError: error, updatedAt: new Date() }).where(eq(removalCandidates.id, candidate.id));
      if (candidate.noticeError !== error) await addCandidateEvent(db, actor, candidate.id, { kind: "note", text: `${error} It stays Ready; the notice is tried again.` });
      continue;
    }
    sent++;
    await db.transaction(async (tx) => {
      const text = `Notice sent to ${c.recipient}: ${c.product} will be reclaimed on ${dueDateWords(due)} unless they answer Keep.`;
      const moved = await moveCandidate(tx, actor, candidate.id, { from: ["ready"], to: "awaiting_user", text, set: { notifiedAt: now, responseDueAt: due, noticeError: null } });
      if (moved) await writeAudit(tx, actor, { action: "removal_candidate.notify", entityType: "removal_candidate", entityId: candidate.id, summary: `${candidate.number}: ${text}` });
    });
  }
  return { sent, failed };
}

/** One reminder, the day before the date, to whoever has not answered yet. */
export async function sendReminders(db: Db, actor: Actor, now = new Date()): Promise<number> {
  const due = await db
    .select()
    .from(removalCandidates)
    .where(and(eq(removalCandidates.state, "awaiting_user"), isNull(removalCandidates.reminderSentAt), lte(removalCandidates.responseDueAt, new Date(now.getTime() + DAY_MS))))
    .limit(BATCH);
  let sent = 0;
  for (const candidate of due) {
    if (!candidate.responseDueAt || candidate.responseDueAt <= now) continue;
    const c = await contextOf(db, candidate);
    const error = await deliver(db, c, "reminder", candidate.responseDueAt);
    if (error) {
      await addCandidateEvent(db, actor, candidate.id, { kind: "note", text: `${error} The reminder is tried again.` });
      continue;
    }
    sent++;
    await db.update(removalCandidates).set({ reminderSentAt: now }).where(eq(removalCandidates.id, candidate.id));
    await addCandidateEvent(db, actor, candidate.id, { kind: "note", text: `Reminder sent to ${c.recipient}: the license is reclaimed tomorrow unless they answer.` });
  }
  return sent;
}

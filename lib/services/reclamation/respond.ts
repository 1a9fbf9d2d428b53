import "server-only";
import { and, eq, gt, inArray } from "drizzle-orm";
import { z } from "zod";
import { jobActor } from "../../auth/actor";
import type { Db } from "../../db";
import { candidateEmails, removalCandidates, softwareModels } from "../../db/schema";
import { writeAudit } from "../audit/write-audit";
import { textField } from "../text-input";
import { moveCandidate } from "./candidate-history";
import { dueDateWords, hashResponseToken } from "./notify";
import { requestReclaim } from "./request-reclaim";

/*
 * The public Keep / Release page's two verbs. The link's token is the only credential: a GET only
 * reads (mail scanners follow links), the answer needs the page's button. Unknown, used, expired and
 * altered tokens all get the same "not valid" answer, which reveals nothing.
 */

const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export type LinkView = { ok: true; product: string; date: string } | { ok: false };

async function find(db: Db, raw: string, now: Date) {
  const token = tokenSchema.safeParse(raw);
  if (!token.success) return null;
  const [row] = await db
    .select({ candidate: removalCandidates, recipient: candidateEmails.recipient, product: softwareModels.displayName })
    .from(candidateEmails)
    .innerJoin(removalCandidates, eq(removalCandidates.id, candidateEmails.candidateId))
    .leftJoin(softwareModels, eq(softwareModels.id, removalCandidates.softwareModelId))
    .where(
      and(
        eq(candidateEmails.tokenHash, hashResponseToken(token.data)),
        inArray(candidateEmails.kind, ["notice", "reminder"]),
        eq(removalCandidates.state, "awaiting_user"),
        gt(removalCandidates.responseDueAt, now),
      ),
    );
  return row ?? null;
}

/** What the page shows for a link: the product and the date, nothing about anyone else. */
export async function readResponseLink(db: Db, token: string, now = new Date()): Promise<LinkView> {
  const row = await find(db, token, now);
  if (!row?.candidate.responseDueAt) return { ok: false };
  return { ok: true, product: row.product ?? "your license", date: dueDateWords(row.candidate.responseDueAt) };
}

const answerSchema = z.object({ token: z.string().max(100), choice: z.enum(["keep", "release"]), reason: textField(1000).optional() });

/**
 * The person's answer: **Keep** → Awaiting Approval (a sam_admin decides); **Release** → reclaimed at
 * once (Ready, then the reclaim job). Once answered, every link of the candidate is spent.
 */
export async function answerResponseLink(db: Db, raw: z.input<typeof answerSchema>, now = new Date()): Promise<{ ok: true; choice: "keep" | "release" } | { ok: false }> {
  const input = answerSchema.safeParse(raw);
  if (!input.success) return { ok: false };
  const row = await find(db, input.data.token, now);
  if (!row) return { ok: false };
  const { candidate, recipient } = row;
  const actor = jobActor("keep-release-link", null, `${recipient} (Keep/Release link)`);
  const keep = input.data.choice === "keep";
  const why = input.data.reason ? ` Their reason: “${input.data.reason}”` : "";
  const text = keep ? `${recipient} answered Keep my license; a sam_admin approves the reclaim or declines.${why}` : `${recipient} answered Release it now.`;
  const moved = await db.transaction(async (tx) => {
    const m = await moveCandidate(tx, actor, candidate.id, {
      from: ["awaiting_user"],
      to: keep ? "awaiting_approval" : "ready",
      text,
      set: { userResponse: input.data.choice, respondedAt: now },
    });
    if (m) await writeAudit(tx, actor, { action: `removal_candidate.user_${input.data.choice}`, entityType: "removal_candidate", entityId: candidate.id, summary: `${candidate.number}: ${text}` });
    return m;
  });
  if (!moved) return { ok: false };
  if (!keep) await requestReclaim({ db, actor }, { ids: [candidate.id] });
  return { ok: true, choice: input.data.choice };
}

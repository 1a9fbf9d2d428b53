import "../helpers/test-env";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startMiroSimulator, type MiroSimulator } from "@/e2e/miro-simulator/server";
import { jobActor, personActor, type PersonActor } from "@/lib/auth/actor";
import { candidateEmails, jobResults, reclamationRules, removalCandidates, users, type RemovalCandidate } from "@/lib/db/schema";
import { startJobEngine, stopJobEngine } from "@/lib/jobs/engine";
import { capturedMail, startMailCapture, stopMailCapture } from "@/lib/mail/mailbox";
import { ensureVendorAliases } from "@/lib/services/connections/ensure-vendor-aliases";
import { runDownload } from "@/lib/services/downloads/run-download";
import { decideApproval } from "@/lib/services/reclamation/decide-approval";
import { generateCandidates } from "@/lib/services/reclamation/generate-candidates";
import { sendNotices } from "@/lib/services/reclamation/notify";
import { processRemovalCandidates } from "@/lib/services/reclamation/process-candidates";
import { answerResponseLink, readResponseLink } from "@/lib/services/reclamation/respond";
import { runReclaim } from "@/lib/services/reclamation/run-reclaim";
import { simControl } from "../helpers/sim-control";
import { publishSimulatorProfile } from "../helpers/simulator-profile";
import { createTestDb, type TestDb } from "../helpers/test-db";

/*
 * Notify user end to end through a real SMTP server (the capture server the demo uses): the notice
 * with its reason, date and links, the public page's answers, the sam_admin's decision, the daily
 * job's reminder and reclaim on the date, and a delivery failure that is retried without repeating.
 */

const DAY = 86_400_000;
let sim: MiroSimulator;
let smtpPort = 0;
beforeAll(async () => {
  sim = await startMiroSimulator({ port: 0, members: 200, seed: 11, rateLimit: false });
  process.env.MIRO_AUTHORIZE_BASE_URL = sim.url;
  process.env.MIRO_API_BASE_URL = sim.url;
  process.env.MIRO_SCIM_BASE_URL = `${sim.url}/api/v1/scim`;
  smtpPort = (await startMailCapture(0)).port;
  process.env.OPENSAM_SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
});
afterAll(async () => {
  await stopMailCapture();
  await sim?.close();
});

const control = <T = unknown>(method: string, path: string, body?: unknown) => simControl<T>(sim, method, path, body);
const mailTo = (to: string) => (capturedMail() ?? []).filter((m) => m.to.includes(to));
const tokenIn = (text: string, choice: "keep" | "release") => new RegExp(`http://localhost:3000/respond/([A-Za-z0-9_-]{43})\\?choice=${choice}`).exec(text)?.[1] ?? "";

describe("notify user on postgres", () => {
  let t: TestDb;
  let admin: PersonActor;
  let profileId = "";
  const job = jobActor("test", null, "Test");
  const candidate = async (id: string) => (await t.db.select().from(removalCandidates).where(eq(removalCandidates.id, id)))[0]!;
  let pool: RemovalCandidate[] = [];

  beforeAll(async () => {
    await control("POST", "/reset", {});
    t = await createTestDb("postgres");
    await startJobEngine(t);
    await ensureVendorAliases(t.db);
    const [row] = await t.db.insert(users).values({ email: "admin@example.com", name: "Admin", passwordHash: "x", roles: ["sam_admin", "sam_integrator"] }).returning();
    admin = personActor({ id: row!.id, email: row!.email, roles: ["sam_admin", "sam_integrator"] });
    const published = await publishSimulatorProfile(t.db, sim, admin, "Miro");
    profileId = published.profileId;
    const jobId = published.jobId;
    const [run] = await t.db.insert(jobResults).values({ jobId, profileId, state: "running", trigger: "manual", startedAt: new Date() }).returning();
    await runDownload(t.db, { profileId, jobResultId: run!.id });
    await t.db.update(jobResults).set({ state: "completed", endedAt: new Date() }).where(eq(jobResults.id, run!.id));
    await t.db.update(reclamationRules).set({ notifyUser: true, daysBeforeAutoReclamation: 7 });
    expect((await generateCandidates(t.db, job, { profileId })).created).toBeGreaterThan(5);
    pool = await t.db.select().from(removalCandidates).where(sql`${removalCandidates.userPrincipalName} not like '%admin%'`).orderBy(removalCandidates.number);
  }, 120_000);
  afterAll(async () => {
    if (t) await stopJobEngine(t);
    await t?.dispose();
  });

  it("a failed send leaves the candidates Ready with the error; after the mail server is back each notice goes out once", async () => {
    await stopMailCapture();
    const failed = await sendNotices(t.db, job);
    expect(failed.sent).toBe(0);
    expect(failed.failed).toBe(pool.length);
    const first = await candidate(pool[0]!.id);
    expect(first.state).toBe("ready");
    expect(first.noticeError).toMatch(/could not be sent/);
    await startMailCapture(smtpPort);
    expect(await sendNotices(t.db, job)).toEqual({ sent: pool.length, failed: 0 });
    expect(await sendNotices(t.db, job)).toEqual({ sent: 0, failed: 0 });
    for (const c of pool) expect(mailTo(c.userPrincipalName), c.userPrincipalName).toHaveLength(1);
    const notified = await candidate(pool[0]!.id);
    expect(notified.state).toBe("awaiting_user");
    expect(notified.responseDueAt!.getTime() - notified.notifiedAt!.getTime()).toBe(7 * DAY);
  });

  it("the notice names the product, the reason, the date and both links, in plain text and HTML", async () => {
    const [mail] = mailTo(pool[0]!.userPrincipalName);
    expect(mail!.subject).toMatch(/^Your Miro Enterprise — .+ license will be reclaimed on \w+day, \w+ \d+, \d{4}$/);
    expect(mail!.text).toContain(pool[0]!.reason);
    expect(mail!.text).toContain("Reclaiming means that your Miro account is deactivated, which frees the license; your boards stay");
    expect(tokenIn(mail!.text, "keep")).not.toBe("");
    expect(mail!.html).toContain(`href="http://localhost:3000/respond/${tokenIn(mail!.text, "release")}?choice=release"`);
  });

  it("Keep → Awaiting Approval; the link is then spent; a sam_admin declines → Closed Skipped and the person is told", async () => {
    const c = pool[0]!;
    const token = tokenIn(mailTo(c.userPrincipalName)[0]!.text, "keep");
    // Reading the page changes nothing (mail scanners follow links).
    expect(await readResponseLink(t.db, token)).toMatchObject({ ok: true });
    expect((await candidate(c.id)).state).toBe("awaiting_user");
    expect(await answerResponseLink(t.db, { token, choice: "keep", reason: "I run the quarterly workshop" })).toEqual({ ok: true, choice: "keep" });
    expect((await candidate(c.id)).state).toBe("awaiting_approval");
    expect(await answerResponseLink(t.db, { token, choice: "release" })).toEqual({ ok: false });
    expect(await readResponseLink(t.db, token)).toEqual({ ok: false });
    const user = personActor({ id: admin.id, email: "user@example.com", roles: ["sam_user"] });
    await expect(decideApproval({ db: t.db, actor: user }, { id: c.id, decision: "decline", reason: "x" })).rejects.toMatchObject({ code: "forbidden" });
    const declined = await decideApproval({ db: t.db, actor: admin }, { id: c.id, decision: "decline", reason: "The workshop needs it." });
    expect(declined.state).toBe("closed_skipped");
    const mails = mailTo(c.userPrincipalName);
    expect(mails).toHaveLength(2);
    expect(mails[0]!.subject).toMatch(/^You keep your Miro Enterprise/);
    expect(mails[0]!.text).toContain("The workshop needs it.");
  });

  it("Release it now → reclaimed at once through the reclaim job; the member is deactivated", async () => {
    const c = pool[1]!;
    const token = tokenIn(mailTo(c.userPrincipalName)[0]!.text, "release");
    expect(await answerResponseLink(t.db, { token, choice: "release" })).toEqual({ ok: true, choice: "release" });
    const queued = await candidate(c.id);
    expect(queued.state).toBe("awaiting_revocation");
    await runReclaim({ db: t.db, jobId: queued.reclaimJobId!, willRetry: false, signal: new AbortController().signal, log: () => {} }, c.id);
    expect((await candidate(c.id)).state).toBe("closed_complete");
  });

  it("altered, unknown and other candidates' tokens do nothing and reveal nothing", async () => {
    const token = tokenIn(mailTo(pool[2]!.userPrincipalName)[0]!.text, "keep");
    const altered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(await readResponseLink(t.db, altered)).toEqual({ ok: false });
    expect(await answerResponseLink(t.db, { token: altered, choice: "keep" })).toEqual({ ok: false });
    expect(await answerResponseLink(t.db, { token: "not-a-token", choice: "keep" })).toEqual({ ok: false });
    expect((await candidate(pool[2]!.id)).state).toBe("awaiting_user");
  });

  it("no answer: one reminder the day before, then the daily job reclaims on the date; an expired link does nothing", async () => {
    const c = await candidate(pool[2]!.id);
    const due = c.responseDueAt!;
    const dayBefore = new Date(due.getTime() - 12 * 3_600_000);
    expect((await processRemovalCandidates(t.db, job, dayBefore)).reminders).toBeGreaterThan(0);
    expect((await processRemovalCandidates(t.db, job, dayBefore)).reminders).toBe(0);
    const mails = mailTo(c.userPrincipalName);
    expect(mails[0]!.subject).toMatch(/^Reminder: /);
    const token = tokenIn(mails[1]!.text, "keep");
    const after = new Date(due.getTime() + 60_000);
    expect(await readResponseLink(t.db, token, after)).toEqual({ ok: false });
    const outcome = await processRemovalCandidates(t.db, job, after);
    expect(outcome.reclaimed).toBeGreaterThan(0);
    expect((await candidate(c.id)).state).toBe("awaiting_revocation");
    const emails = await t.db.select().from(candidateEmails).where(eq(candidateEmails.candidateId, c.id));
    expect(emails.map((e) => e.kind).sort()).toEqual(["notice", "reminder"]);
  });
});

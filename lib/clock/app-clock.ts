import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../auth/actor";
import type { DbOrTx } from "../db";
import { testClock } from "../db/schema";
import { env } from "../env";
import { ServiceError } from "../errors";
import { writeAudit } from "../services/audit/write-audit";
import type { ServiceContext } from "../services/context";
import { parseInput } from "../services/parse-input";

/*
 * The app's clock: real time, or, with OPENSAM_TEST_CLOCK on (tests and demos only, refused in
 * production by lib/env.ts), real time plus an offset kept in the database, so that the web server
 * and a separate worker process see the same date. What decides the dates of notices and reclaims
 * asks it for "now"; with the variable off it is `new Date()` and the table is never read.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export function testClockEnabled(): boolean {
  return env().OPENSAM_TEST_CLOCK;
}

async function offsetOf(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ offsetMs: testClock.offsetMs }).from(testClock).where(eq(testClock.id, 1));
  return row?.offsetMs ?? 0;
}

/** "Now" for the app: real time, plus the test clock's offset when OPENSAM_TEST_CLOCK is on. */
export async function appNow(db: DbOrTx): Promise<Date> {
  if (!testClockEnabled()) return new Date();
  return new Date(Date.now() + (await offsetOf(db)));
}

export type TestClockState = { now: string; offsetMs: number };

function refuseWhenOff(): void {
  if (!testClockEnabled()) throw new ServiceError("not_found", "There is no test clock here: OPENSAM_TEST_CLOCK is off.");
}

/** The test clock as it stands (a sam_admin, with the clock on). */
export async function readTestClock(ctx: ServiceContext): Promise<TestClockState> {
  refuseWhenOff();
  authorize(ctx.actor, "test-clock:manage", "use the test clock");
  const offsetMs = await offsetOf(ctx.db);
  return { now: new Date(Date.now() + offsetMs).toISOString(), offsetMs };
}

export const testClockInput = z.union([
  z.strictObject({ advanceDays: z.number().positive().max(3650) }),
  z.strictObject({ reset: z.literal(true) }),
]);

/**
 * Moves the app's date forward by some days, or back to real time (`reset`). Forward only: a date
 * going back would bring spent links and closed dates back to life in ways no real day does.
 */
export async function setTestClock(ctx: ServiceContext, raw: unknown): Promise<TestClockState> {
  refuseWhenOff();
  authorize(ctx.actor, "test-clock:manage", "use the test clock");
  const input = parseInput(testClockInput, raw);
  const advanceMs = "advanceDays" in input ? Math.round(input.advanceDays * DAY_MS) : 0;
  return ctx.db.transaction(async (tx) => {
    const before = await offsetOf(tx);
    const [row] = await tx
      .insert(testClock)
      .values({ id: 1, offsetMs: advanceMs })
      .onConflictDoUpdate({ target: testClock.id, set: { offsetMs: "reset" in input ? 0 : sql`${testClock.offsetMs} + ${advanceMs}`, updatedAt: new Date() } })
      .returning({ offsetMs: testClock.offsetMs });
    const offsetMs = row!.offsetMs;
    const now = new Date(Date.now() + offsetMs).toISOString();
    const summary = "reset" in input ? `Test clock back to real time (now ${now}).` : `Test clock moved forward ${input.advanceDays} day(s) (now ${now}).`;
    await writeAudit(tx, ctx.actor, { action: "test_clock.set", entityType: "test_clock", entityId: "1", summary, before: { offsetMs: before }, after: { offsetMs } });
    return { now, offsetMs };
  });
}

import "server-only";
import type PgBoss from "pg-boss";
import type { Db } from "../db/client";
import type { TaskKind } from "./definitions";

/**
 * One attempt of a task: the payload is validated at the wire, then the kind's handler runs. A throw
 * hands the job back to pg-boss, which retries it within the queue's policy; the handler knows
 * whether it will (`willRetry`) so that its last attempt can leave the record in words instead.
 */
export async function handleTaskAttempt(
  ctx: { db: Db; stopping: AbortSignal; log: (message: string) => void },
  kind: TaskKind,
  job: PgBoss.JobWithMetadata<unknown>,
): Promise<void> {
  const payload = kind.payload.parse(job.data);
  await kind.handle(
    { db: ctx.db, jobId: job.id, willRetry: job.retryCount < job.retryLimit, signal: ctx.stopping, log: ctx.log },
    payload,
  );
}

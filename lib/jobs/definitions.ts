import { z } from "zod";

/**
 * The jobs OpenSAM runs on pg-boss. A definition names the queue, validates the payload at the wire
 * (the worker parses every job's data with it), and carries the queue's policy, retries and expiry.
 * The handlers live in `handlers/` and are bound to the definitions by the worker, so that the web
 * process can enqueue a job without loading the code that runs it.
 */

export type QueuePolicy = "standard" | "short" | "singleton" | "stately";

export type QueueSettings = {
  /**
   * `singleton`: at most one active job per singleton key (several may wait); `stately`: at most one
   * waiting and one active job per key, a second send is dropped.
   */
  policy: QueuePolicy;
  /** Retries after the first attempt: 2 means three attempts in all. */
  retryLimit: number;
  /** Seconds before the first retry; with `retryBackoff` each retry waits about twice as long. */
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /**
   * How long one attempt may stay active. pg-boss fails an attempt that runs longer (the handler is
   * told to stop a minute before), and its maintenance fails an attempt whose worker vanished once
   * this has passed; the stale-run sweep notices a dead worker much sooner (heartbeats).
   */
  expireInSeconds: number;
};

export type JobDefinition<P extends z.ZodType = z.ZodType> = {
  /** The pg-boss queue name; stable, because it is stored in the database. */
  id: string;
  payload: P;
  /** Five-field cron (UTC) for pg-boss's scheduler; pg-boss 10 keeps one schedule per queue. */
  cron?: string;
  queue: QueueSettings;
  /** How often an idle worker asks for the next job (normal polling; never pg-boss's burst mode). */
  pollingIntervalSeconds: number;
};

export type JobPayload<D extends JobDefinition> = z.infer<D["payload"]>;

function defineJob<P extends z.ZodType>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

/**
 * Every 5 minutes: reads the active download jobs of published profiles whose cron is due, and
 * enqueues one `download-subscriptions` run for each. `stately` coalesces: however many instances
 * schedule it, at most one dispatch waits and one runs.
 */
export const downloadDispatchJob = defineJob({
  id: "download-dispatch",
  payload: z.object({}),
  cron: "*/5 * * * *",
  queue: { policy: "stately", retryLimit: 1, retryDelaySeconds: 30, retryBackoff: false, expireInSeconds: 300 },
  pollingIntervalSeconds: 5,
});

/**
 * One run of **Miro Download Subscriptions** (product.md §4) for one profile: the `job_results` row
 * is created before the job is sent (same transaction), the job only carries the ids. `singleton`,
 * keyed by profile id: one active run per profile across every worker. Up to three attempts, the
 * retries about 1–2 and 2–4 minutes apart.
 */
export const downloadSubscriptionsJob = defineJob({
  id: "download-subscriptions",
  payload: z.object({ scheduledJobId: z.uuid(), jobResultId: z.uuid() }),
  queue: { policy: "singleton", retryLimit: 2, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 4 * 60 * 60 },
  pollingIntervalSeconds: 2,
});

export type DownloadSubscriptionsPayload = JobPayload<typeof downloadSubscriptionsJob>;

export const JOB_DEFINITIONS = [downloadDispatchJob, downloadSubscriptionsJob] as const;

/** Per-queue overrides of the settings above (tests shorten the retry delay). */
export type QueueOverrides = Partial<Record<string, Partial<QueueSettings>>>;

export function queueSettings(definition: JobDefinition, overrides?: QueueOverrides): QueueSettings {
  return { ...definition.queue, ...overrides?.[definition.id] };
}

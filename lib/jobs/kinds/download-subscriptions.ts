import type { Db } from "../../db/client";
import { defineRunKind, type RunKind } from "../definitions";

/** The download itself (lib/services/downloads/run-download.ts); tests inject a fake through the worker. */
export type RunDownloadInput = {
  profileId: string;
  jobResultId: string;
  /** The attempt's token: the download fences its writes and its sweep with it. */
  attemptToken?: string;
  signal?: AbortSignal;
  onProgress?: (progress: unknown) => void;
};
export type RunDownloadFn = (db: Db, input: RunDownloadInput) => Promise<unknown>;

/** The download's code is loaded by the worker when it first runs one, never by a process that only queues. */
const runDownloadLazily: RunDownloadFn = async (db, input) => (await import("../../services/downloads/run-download")).runDownload(db, input);

/**
 * One run of **<Vendor> Download Subscriptions** (product.md §4) for one profile. `singleton`, keyed by
 * profile id: one active run per profile across every worker. Up to three attempts, the retries about
 * 1–2 and 2–4 minutes apart.
 */
export function downloadSubscriptionsKind(download: RunDownloadFn = runDownloadLazily): RunKind {
  return defineRunKind({
    id: "download-subscriptions",
    kind: "download_subscriptions",
    label: "Download subscriptions",
    subject: "The download",
    // The prefix the dispatcher used before it knew other kinds.
    slotKey: "download",
    scope: "profile",
    queue: { policy: "singleton", retryLimit: 2, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 4 * 60 * 60 },
    pollingIntervalSeconds: 2,
    refuse: (job) =>
      job.profileStatus === "published"
        ? null
        : `${job.name} cannot run while ${job.profileName ?? "its profile"} is in Draft: validate and publish the profile first.`,
    concurrency: (engine) => (engine === "pglite" ? 1 : 2),
    async run(ctx) {
      if (!ctx.profileId) throw new Error(`The download run ${ctx.jobResultId} has no profile.`);
      const result = await download(ctx.db, { profileId: ctx.profileId, jobResultId: ctx.jobResultId, attemptToken: ctx.attemptToken, signal: ctx.signal });
      const warning = (result as { warning?: unknown } | null)?.warning;
      return typeof warning === "string" ? { warning } : undefined;
    },
  });
}

export const downloadSubscriptionsJob = downloadSubscriptionsKind();

import "server-only";
import type { Db } from "../../db/client";
import { defineRunKind, runQueue, type RunContext, type RunKind } from "../definitions";

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

/** Evaluates the reclamation rules for the profile just downloaded; a step of the same run. */
export type EvaluateRulesFn = (ctx: RunContext) => Promise<{ created: number; canceled: number; skipped: number }>;

const evaluateRulesLazily: EvaluateRulesFn = async (ctx) => {
  const outcome = await (await import("../../services/reclamation/generate-candidates")).generateCandidates(ctx.db, ctx.actor, {
    profileId: ctx.profileId ?? undefined,
    readAt: new Date(),
  });
  // New candidates of rules with Notify user are told at once, not at the next daily pass.
  if (outcome.created > 0) await (await import("../../services/reclamation/notify")).sendNotices(ctx.db, ctx.actor);
  return outcome;
};

/** The download's code is loaded by the worker when it first runs one, never by a process that only queues. */
const runDownloadLazily: RunDownloadFn = async (db, input) => (await import("../../services/downloads/run-download")).runDownload(db, input);

/**
 * One run of **<Vendor> Download Subscriptions** (product.md §4) for one profile. `singleton`, keyed by
 * profile id: one active run per profile across every worker. Up to three attempts, the retries about
 * 1–2 and 2–4 minutes apart.
 */
export function downloadSubscriptionsKind(download: RunDownloadFn = runDownloadLazily, evaluateRules: EvaluateRulesFn = evaluateRulesLazily): RunKind {
  return defineRunKind({
    id: "download-subscriptions",
    kind: "download_subscriptions",
    label: "Download subscriptions",
    subject: "The download",
    // The prefix the dispatcher used before it knew other kinds.
    slotKey: "download",
    scope: "profile",
    queue: runQueue(4 * 60 * 60),
    pollingIntervalSeconds: 2,
    refuse: (job) =>
      job.profileStatus === "published"
        ? null
        : `${job.name} cannot run while ${job.profileName ?? "its profile"} is in Draft: validate and publish the profile first.`,
    concurrency: (engine) => (engine === "pglite" ? 1 : 2),
    counts: async (db, jobResultId) => (await import("../../services/downloads/run-counts")).downloadRunCounts(db, jobResultId),
    async run(ctx) {
      if (!ctx.profileId) throw new Error(`The download run ${ctx.jobResultId} has no profile.`);
      const result = await download(ctx.db, { profileId: ctx.profileId, jobResultId: ctx.jobResultId, attemptToken: ctx.attemptToken, signal: ctx.signal });
      const warning = (result as { warning?: unknown } | null)?.warning;
      if (typeof warning === "string") {
        // A run that held removals back may have read a cut-off listing: its data is not trusted to judge inactivity.
        return { warning: `${warning} Removal candidates were not evaluated: they will be after the next complete download.` };
      }
      return candidatesStep(ctx, evaluateRules);
    },
  });
}

export const downloadSubscriptionsJob = downloadSubscriptionsKind();

/**
 * The run's last step: the reclamation rules, on the data it just wrote. Its counts go in the run's
 * details (the Removal candidates column); a failure leaves the download's work in place and ends the
 * run Completed with warnings, in words.
 */
async function candidatesStep(ctx: RunContext, evaluateRules: EvaluateRulesFn) {
  try {
    return { details: { candidates: await evaluateRules(ctx) } };
  } catch (error) {
    ctx.log(`reclamation rules failed after the download ${ctx.jobResultId}: ${(error as Error).message}`);
    return { warning: `The download completed, but the reclamation rules could not be evaluated (${(error as Error).message}); the next run tries again.` };
  }
}

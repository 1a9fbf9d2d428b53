import "server-only";
import type { Db } from "../../db";
import { reapplyExclusions } from "../subscriptions/reapply-exclusions";
import { directoryFingerprint, resolveUsers } from "../subscriptions/resolve-users";
import type { BatchWriter } from "./batch-writer";
import { DownloadError } from "./download-error";
import { clearSeenMembers, countExcluded, countUnrecognized, holdRemovals, markRemoved, recordUnrecognized, unseenIds, type RunAttempt } from "./finish-run";
import { guardRemovals } from "./removal-guard";
import { reapplyModels, rulesFingerprint, type RulesFingerprint } from "./load-run-rules";
import type { Profile } from "./prepare-run";
import type { RawQuery } from "./raw-sql";
import type { DownloadCounters } from "./types";

export type CompleteRunInput = {
  db: Db;
  query: RawQuery;
  profile: Profile;
  run: RunAttempt;
  subject: string;
  writer: BatchWriter<unknown>;
  counters: DownloadCounters;
  /** The profile's current subscriptions when the run started. */
  currentAtStart: number;
  /** The rules' fingerprint as the run read them. */
  fingerprint: RulesFingerprint;
  previousDirectory: string | null;
  /** Members read by the profile's last completed run, for the guard's sentence. */
  previousMembersRead: number | null;
  timed: <T>(phase: string, work: () => Promise<T>) => Promise<T>;
};

export type CompleteRunOutcome = {
  unrecognizedSubscriptions: number;
  usersResolved: number;
  directory: string;
  /** Set when the guard held the removals back: why, in words, and what a person can do. */
  warning?: string;
};

/**
 * The end of a run that read and wrote every page: the sweep (now, and only now), the rules that
 * changed meanwhile, the Unrecognized Subscription Identifiers, user resolution, and the clean-up.
 */
export async function completeRun(input: CompleteRunInput): Promise<CompleteRunOutcome> {
  const { db, query, profile, run, writer, counters, timed } = input;
  const { jobResultId } = run;
  const profileId = profile.id;
  const currentNow = input.currentAtStart + counters.created + writer.revived;
  if (counters.membersRead === 0 && currentNow > 0) {
    throw new DownloadError(
      `The vendor listed nothing at all for ${input.subject}, while ${currentNow} subscriptions are current; nothing was removed. Run Validate Connection: the token may belong to another organization.`,
      { retryable: false },
    );
  }
  // With strictly increasing ids every member was seen once, so when the profile holds no more
  // current rows than members seen, none is left to remove and the sweep has nothing to look for.
  const mayHaveUnseen = !writer.order.increasing || currentNow !== writer.distinctSeen;
  const unseen = mayHaveUnseen ? await timed("sweep", () => unseenIds(query, profileId, run, writer.seenRanges)) : [];
  // A listing cut short looks exactly like members leaving: above the profile's share, hold back.
  const guard = guardRemovals({
    wouldRemove: unseen.length,
    current: currentNow,
    membersRead: counters.membersRead,
    previousMembersRead: input.previousMembersRead,
    percent: profile.removalGuardPercent,
    subject: input.subject,
  });
  // Both writes check, in their own statement, that this attempt still owns the run.
  if (guard.hold) {
    await holdRemovals(query, unseen, run);
    counters.removed = 0;
  } else {
    counters.removed = await timed("sweep", () => markRemoved(query, profileId, unseen, run));
  }
  // This run read the organization since: what earlier runs held back is no longer theirs to confirm.
  await query(
    `delete from download_pending_removals where job_result_id <> $2::uuid
       and job_result_id in (select id from job_results where profile_id = $1::uuid)`,
    [profileId, jobResultId],
  );

  const after = await timed("rules check", () => rulesFingerprint(db, profile));
  if (after.exclusions !== input.fingerprint.exclusions) await timed("re-mark exclusions", () => reapplyExclusions(db, { profileId }));
  let unrecognizedNow: ReadonlyMap<string, number> = writer.unrecognized;
  if (after.mapping !== input.fingerprint.mapping) {
    await timed("re-map models", () => reapplyModels(db, profile));
    unrecognizedNow = await countUnrecognized(query, profileId);
  }
  await timed("unrecognized", () => recordUnrecognized(query, profileId, unrecognizedNow));
  counters.unrecognizedIdentifiers = unrecognizedNow.size;
  const unrecognizedSubscriptions = [...unrecognizedNow.values()].reduce((a, b) => a + b, 0);

  // Written rows were resolved as they were written; the others only need it when the directory
  // changed since the last completed run (or nobody knows: no earlier run recorded it).
  let usersResolved = writer.usersResolved;
  const directory = await timed("directory check", () => directoryFingerprint(db));
  if (input.currentAtStart > 0 && directory !== input.previousDirectory) {
    usersResolved += (await timed("resolve users", () => resolveUsers(db, profileId))).resolved;
  }
  // Every member seen is current with the exclusion this run decided, and every other row was just
  // swept, unless rules changed meanwhile (re-marked above) or ids repeated: then count.
  counters.excluded =
    writer.order.increasing && after.exclusions === input.fingerprint.exclusions
      ? writer.excludedSeen
      : await timed("count excluded", () => countExcluded(query, profileId));
  await timed("clean up", () => clearSeenMembers(query, profileId, run));
  return { unrecognizedSubscriptions, usersResolved, directory, ...(guard.hold ? { warning: guard.sentence } : {}) };
}

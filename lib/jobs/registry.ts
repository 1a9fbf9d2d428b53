import "server-only";
import type { JobKind } from "../db/schema/jobs";
import type { RunKind, TaskKind } from "./definitions";
import { reclaimCandidateTask } from "./kinds/reclaim-candidate";
import { cleanUpJob } from "./kinds/clean-up";
import { downloadSubscriptionsJob } from "./kinds/download-subscriptions";
import { processRemovalCandidatesJob } from "./kinds/process-removal-candidates";
import { reconcileSubscriptionsJob } from "./kinds/reconcile-subscriptions";
import { updateRemovalCandidatesJob } from "./kinds/update-removal-candidates";

/*
 * The kinds of job OpenSAM runs. Adding one is a definition file in kinds/ and a line here.
 */
const BUILT_IN: readonly RunKind[] = [downloadSubscriptionsJob, updateRemovalCandidatesJob, processRemovalCandidatesJob, reconcileSubscriptionsJob, cleanUpJob];

/** Kinds added while the process runs: tests register a kind of their own here. */
const registered = new Map<string, RunKind>();

export function registerRunKind(kind: RunKind): void {
  if (BUILT_IN.some((k) => k.id === kind.id || k.kind === kind.kind)) throw new Error(`The job kind "${kind.id}" is built in.`);
  registered.set(kind.id, kind);
}

export function runKinds(): RunKind[] {
  return [...BUILT_IN, ...registered.values()];
}

/** The kind that runs `scheduled_jobs.kind`, or undefined for one no definition knows. */
export function runKindFor(kind: JobKind): RunKind | undefined {
  return runKinds().find((k) => k.kind === kind);
}

export function runKindById(id: string): RunKind | undefined {
  return runKinds().find((k) => k.id === id);
}

/** The kinds of task (queued work without a scheduled row). Adding one is a file in kinds/ and a line here. */
const TASKS: readonly TaskKind[] = [reclaimCandidateTask as unknown as TaskKind];

export function taskKinds(): TaskKind[] {
  return [...TASKS];
}

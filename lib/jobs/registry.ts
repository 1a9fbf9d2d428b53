import type { JobKind } from "../db/schema/jobs";
import type { RunKind } from "./definitions";
import { downloadSubscriptionsJob } from "./kinds/download-subscriptions";

/*
 * The kinds of job OpenSAM runs. Adding one is a definition file in kinds/ and a line here.
 */
const BUILT_IN: readonly RunKind[] = [downloadSubscriptionsJob];

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

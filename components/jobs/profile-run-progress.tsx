import { currentActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getOpenRun } from "@/lib/services/jobs/list-job-results";
import { LocalTime } from "@/components/layout/local-time";
import { JobProgress } from "./job-progress";

/** Above the profile's tabs while a download runs: its live progress. Renders nothing otherwise. */
export async function ProfileRunProgress({ profileId }: { profileId: string }) {
  const actor = await currentActor();
  if (!actor) return null;
  const run = await getOpenRun({ db: await getDb(), actor }, { profileId });
  if (!run) return null;
  return (
    <section aria-label="Running job" className="mb-4 flex flex-wrap items-center justify-between gap-4 rounded-lg border border-border bg-card px-4 py-3">
      <div className="text-sm">
        <p className="font-medium">{run.jobName}</p>
        <p className="text-muted-foreground">
          {run.startedAt ? (
            <>
              Started <LocalTime iso={run.startedAt} />
            </>
          ) : (
            "Queued"
          )}
        </p>
      </div>
      <div className="w-full max-w-md">
        <JobProgress id={run.id} initial={run} />
      </div>
    </section>
  );
}

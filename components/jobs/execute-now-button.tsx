"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { executeNowAction } from "@/app/(workspace)/scheduled-jobs/actions";
import type { ActionResult } from "@/lib/actions/action";
import { Button } from "@/components/ui/button";

/**
 * **Execute Now** (sam_integrator): starts the job at once, or says why it cannot. `latestRun`
 * identifies the job's latest run and its state (e.g. `id:running`): a refusal stays until that
 * changes (the run it was refused for has finished, or another started), then it is old news.
 */
export function ExecuteNowButton({ scheduledJobId, jobName, latestRun }: { scheduledJobId: string; jobName: string; latestRun?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ answer: ActionResult<{ jobResultId: string }>; latestRun?: string } | null>(null);
  // "Queued" is news for a moment; the progress beside it says the rest.
  useEffect(() => {
    if (!result?.answer.ok) return;
    const t = setTimeout(() => setResult(null), 6000);
    return () => clearTimeout(t);
  }, [result]);
  const shown = result && (result.answer.ok || result.latestRun === latestRun) ? result.answer : null;
  return (
    <div className="flex flex-col items-start gap-1">
      <Button
        size="sm"
        variant="outline"
        disabled={pending}
        aria-label={`Execute Now: ${jobName}`}
        onClick={() =>
          startTransition(async () => {
            const r = await executeNowAction(null, { scheduledJobId });
            setResult({ answer: r, latestRun });
            if (r.ok) router.refresh();
          })
        }
      >
        {pending ? "Starting…" : "Execute Now"}
      </Button>
      {shown && (
        <p role={shown.ok ? "status" : "alert"} className={shown.ok ? "max-w-xs text-xs text-success" : "max-w-xs text-xs text-destructive"} data-testid="execute-now-result">
          {shown.ok ? shown.message : shown.error}
        </p>
      )}
    </div>
  );
}

"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { executeNowAction } from "@/app/(workspace)/scheduled-jobs/actions";
import type { ActionResult } from "@/lib/actions/action";
import { Button } from "@/components/ui/button";

/** **Execute Now** (sam_integrator): starts the job at once, or says why it cannot. */
export function ExecuteNowButton({ scheduledJobId, jobName }: { scheduledJobId: string; jobName: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<{ jobResultId: string }> | null>(null);
  // "Queued" is news for a moment; the progress beside it says the rest. A refusal stays.
  useEffect(() => {
    if (!result?.ok) return;
    const t = setTimeout(() => setResult(null), 6000);
    return () => clearTimeout(t);
  }, [result]);
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
            setResult(r);
            if (r.ok) router.refresh();
          })
        }
      >
        {pending ? "Starting…" : "Execute Now"}
      </Button>
      {result && (
        <p role={result.ok ? "status" : "alert"} className={result.ok ? "max-w-xs text-xs text-success" : "max-w-xs text-xs text-destructive"} data-testid="execute-now-result">
          {result.ok ? result.message : result.error}
        </p>
      )}
    </div>
  );
}

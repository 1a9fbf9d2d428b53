"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { runReconciliationAction } from "@/app/(workspace)/license-usage/actions";
import { Button } from "@/components/ui/button";

/** **Run reconciliation** now; the page reloads its figures once the run has had time to complete. */
export function RunReconciliationButton() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="flex items-center gap-3">
      {answer && (
        <p role={answer.ok ? "status" : "alert"} className={answer.ok ? "text-sm text-success" : "text-sm text-destructive"}>
          {answer.text}
        </p>
      )}
      <Button
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await runReconciliationAction(null, {});
            setAnswer(r.ok ? { ok: true, text: r.message ?? "Running." } : { ok: false, text: r.error });
            if (r.ok) for (const ms of [1500, 4000, 9000]) setTimeout(() => router.refresh(), ms);
          })
        }
      >
        {pending ? "Starting…" : "Run reconciliation"}
      </Button>
    </div>
  );
}

"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { confirmRemovalsAction } from "@/app/(workspace)/scheduled-jobs/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

/**
 * **Confirm removals** (sam_integrator) on a download run that held its removals back: asks first,
 * naming how many subscriptions will be marked removed, then says what happened.
 */
export function ConfirmRemovalsButton({ jobResultId, count }: { jobResultId: string; count: number }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const subscriptions = `${count.toLocaleString()} subscription${count === 1 ? "" : "s"}`;
  return (
    <div className="mt-1 flex flex-col items-start gap-1">
      <Button size="sm" variant="outline" onClick={() => setOpen(true)}>
        Confirm removals
      </Button>
      {answer && (
        <p role={answer.ok ? "status" : "alert"} className={answer.ok ? "text-xs text-success" : "text-xs text-destructive"}>
          {answer.text}
        </p>
      )}
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Confirm removals?</DialogTitle>
            <DialogDescription>
              This marks the {subscriptions} this run did not see as removed: they leave cost, compliance and reclamation. Confirm only if these
              people really left the vendor; a later run that lists them again brings them back.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const r = await confirmRemovalsAction(null, { jobResultId });
                  setOpen(false);
                  setAnswer(r.ok ? { ok: true, text: r.message ?? "Done." } : { ok: false, text: r.error });
                  if (r.ok) router.refresh();
                })
              }
            >
              {pending ? "Removing…" : `Remove ${subscriptions}`}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}

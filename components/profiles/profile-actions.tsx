"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteProfileAction, publishProfileAction, validateProfileAction } from "@/app/(workspace)/integration-profiles/actions";
import type { ActionResult } from "@/lib/actions/action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

type Props = { profileId: string; displayName: string; status: "draft" | "published"; validationOk: boolean };

/** Validate Connection, Publish (with Publish Confirmation) and Delete (with confirmation). */
export function ProfileActions({ profileId, displayName, status, validationOk }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [running, setRunning] = useState<"validate" | "publish" | "delete" | null>(null);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [publishOpen, setPublishOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);

  const run = (kind: "validate" | "publish" | "delete", action: (prev: unknown, input: { id: string }) => Promise<ActionResult<unknown>>) =>
    startTransition(async () => {
      setRunning(kind);
      const r = await action(null, { id: profileId });
      setResult(r);
      setRunning(null);
      setPublishOpen(false);
      setDeleteOpen(false);
      router.refresh();
    });

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        <Button variant="outline" disabled={pending} onClick={() => run("validate", validateProfileAction)}>
          {running === "validate" ? "Validating…" : "Validate Connection"}
        </Button>
        <Button
          disabled={pending || !validationOk || status === "published"}
          title={!validationOk ? "Validate Connection first: every download check must pass." : undefined}
          onClick={() => setPublishOpen(true)}
        >
          Publish
        </Button>
        <Button variant="destructive" disabled={pending} onClick={() => setDeleteOpen(true)}>
          Delete
        </Button>
      </div>
      {result && (
        <p role="status" className={result.ok ? "text-sm text-success" : "text-sm text-destructive"} data-testid="profile-action-result">
          {result.ok ? result.message : result.error}
        </p>
      )}
      <Dialog open={publishOpen} onOpenChange={setPublishOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Publish Confirmation</DialogTitle>
            <DialogDescription>
              Publishing {displayName} creates its software models, a reclamation rule per model and the daily job “SAM - Refresh {displayName} Subscriptions”.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="outline" onClick={() => setPublishOpen(false)}>
              Cancel
            </Button>
            <Button disabled={pending} onClick={() => run("publish", publishProfileAction)}>
              {running === "publish" ? "Publishing…" : "OK"}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
      <Dialog open={deleteOpen} onOpenChange={setDeleteOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Delete {displayName}?</DialogTitle>
            <DialogDescription>
              This removes the profile&apos;s subscriptions, scheduled jobs and job results, and closes its open removal candidates as Closed Skipped. Reclamation rules and software models are kept. This cannot be undone.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="outline" onClick={() => setDeleteOpen(false)}>
              Cancel
            </Button>
            <Button variant="destructive" disabled={pending} onClick={() => run("delete", deleteProfileAction)}>
              {running === "delete" ? "Deleting…" : "Delete profile"}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}

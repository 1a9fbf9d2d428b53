"use client";
import { closeCandidateAction, decideApprovalAction, reclaimAction, restoreCandidateAction } from "@/app/(workspace)/removal-candidates/actions";
import type { RemovalCandidateState } from "@/lib/db/schema/removal-candidate-labels";
import { useState } from "react";
import { type Answer, AnswerText, ConfirmAction } from "./confirm-action";

type Props = {
  id: string;
  number: string;
  state: RemovalCandidateState;
  user: string;
  vendorName: string;
  canAct: boolean;
  canRestore: boolean;
  canDecide: boolean;
};

const CLOSABLE: RemovalCandidateState[] = ["attention_required", "ready", "awaiting_user", "awaiting_approval"];

/** The record's buttons, each offered only in the states it applies to, each confirmed first. */
export function CandidateActions({ id, number, state, user, vendorName, canAct, canRestore, canDecide }: Props) {
  const [answer, onAnswer] = useState<Answer | null>(null);
  return (
    <div className="flex flex-col gap-2">
    <div className="flex flex-wrap items-start gap-2">
      {canAct && state === "ready" && (
        <ConfirmAction
          label="Reclaim"
          variant="default"
          confirmLabel={`Deactivate 1 ${vendorName} user`}
          description={
            <p>
              Reclaim {number} deactivates {user} in {vendorName}: the license is freed, their boards stay, and Restore brings them back. They are read again first
              and left untouched if they were active since.
            </p>
          }
          onAnswer={onAnswer}
          run={() => reclaimAction(null, { ids: [id] })}
        />
      )}
      {canAct && state === "attention_required" && (
        <ConfirmAction
          label="Resume Reclaim"
          variant="default"
          confirmLabel="Try again"
          description={<p>Resume Reclaim tries {number} again: {user} is read again, then deactivated and verified.</p>}
          onAnswer={onAnswer}
          run={() => reclaimAction(null, { ids: [id], resume: true })}
        />
      )}
      {canAct && CLOSABLE.includes(state) && (
        <>
          <ConfirmAction
            label="Close Complete"
            confirmLabel="Close Complete"
            reason={{ label: "How was the license taken back?", placeholder: "Removed by hand in the vendor's console" }}
            description={<p>Close Complete records the license as taken back without OpenSAM, and counts its saving. Nothing is sent to {vendorName}.</p>}
            onAnswer={onAnswer}
          run={(reason) => closeCandidateAction(null, { id, to: "closed_complete", reason })}
          />
          <ConfirmAction
            label="Close Skipped"
            confirmLabel="Close Skipped"
            reason={{ label: "Why does the person keep the license?", placeholder: "On parental leave until March" }}
            description={<p>Close Skipped lets {user} keep the license. The rule does not propose them again before its threshold has passed once more.</p>}
            onAnswer={onAnswer}
          run={(reason) => closeCandidateAction(null, { id, to: "closed_skipped", reason })}
          />
        </>
      )}
      {canDecide && state === "awaiting_approval" && (
        <>
          <ConfirmAction
            label="Approve reclaim"
            variant="default"
            onAnswer={onAnswer}
            confirmLabel={`Deactivate 1 ${vendorName} user`}
            reason={{ label: "Why the license is reclaimed anyway", placeholder: "No activity since the workshop in March" }}
            description={<p>{user} asked to keep the license. Approving hands the reclaim to the worker: they are read again first, then deactivated in {vendorName}.</p>}
            run={(reason) => decideApprovalAction(null, { id, decision: "approve", reason })}
          />
          <ConfirmAction
            label="Decline"
            onAnswer={onAnswer}
            confirmLabel="Decline: they keep it"
            reason={{ label: "Reason (sent to the person)", placeholder: "The workshop needs it." }}
            description={<p>Declining closes {number} Closed Skipped: {user} keeps the license and is told so by email, with your reason.</p>}
            run={(reason) => decideApprovalAction(null, { id, decision: "decline", reason })}
          />
        </>
      )}
      {canRestore && state === "closed_complete" && (
        <ConfirmAction
          label="Restore"
          variant="destructive"
          confirmLabel={`Reactivate ${user}`}
          description={<p>Restore reactivates {user} in {vendorName} (the license is used again), verifies it, and reverses the recorded saving.</p>}
          onAnswer={onAnswer}
          run={() => restoreCandidateAction(null, { id })}
        />
      )}
    </div>
      <AnswerText answer={answer} />
    </div>
  );
}

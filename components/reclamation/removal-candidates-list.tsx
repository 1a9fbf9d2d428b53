"use client";
import { reclaimAction, reclaimAllAction } from "@/app/(workspace)/removal-candidates/actions";
import { removalCandidateColumns } from "@/lib/lists/removal-candidates-columns";
import type { RemovalCandidateRow } from "@/lib/services/reclamation/list-candidates";
import { createListTable, type ListTableProps } from "@/components/data-table/list-table";
import { useState } from "react";
import { type Answer, AnswerText, ConfirmAction } from "./confirm-action";

const Table = createListTable<RemovalCandidateRow>(removalCandidateColumns, (r) => r.id);

type Props = Omit<ListTableProps<RemovalCandidateRow>, "actions" | "toolbarExtra"> & {
  /** Ready candidates under the current filter: what Reclaim All would act on. */
  readyCount: number;
  search: Record<string, string>;
  canAct: boolean;
  /** "deactivates … Miro users": what reclaiming does, per vendor, for the confirmation. */
  vendorName: string;
};

const users = (n: number, vendor: string) => `${n.toLocaleString("en-US")} ${vendor} user${n === 1 ? "" : "s"}`;

/** **Removal candidates** with **Reclaim** per Ready row, **Resume Reclaim** per Attention Required row, and **Reclaim All**. */
export function RemovalCandidatesList({ readyCount, search, profileId, canAct, vendorName, ...props }: Props) {
  const [answer, onAnswer] = useState<Answer | null>(null);
  return (
    <Table
      {...props}
      profileId={profileId}
      toolbarExtra={
        canAct ? (
          <div className="flex items-center gap-3">
          <AnswerText answer={answer} />
          <ConfirmAction
            label="Reclaim All"
            onAnswer={onAnswer}
            variant="default"
            disabled={readyCount === 0}
            confirmLabel={`Deactivate ${users(readyCount, vendorName)}`}
            description={
              <>
                <p>
                  Reclaim All acts on the {readyCount.toLocaleString("en-US")} Ready candidate{readyCount === 1 ? "" : "s"} of the current filter: it deactivates{" "}
                  {users(readyCount, vendorName)}, which frees their licenses. Their boards stay, and Restore brings a member back.
                </p>
                <p>Each member is read again first: anyone active since is left untouched (Closed Canceled).</p>
              </>
            }
            run={() => reclaimAllAction(null, { search, profileId, expected: readyCount })}
          />
          </div>
        ) : undefined
      }
      actions={
        canAct
          ? (r) =>
              r.state === "ready" ? (
                <ConfirmAction
                  label="Reclaim"
                  confirmLabel={`Deactivate ${users(1, vendorName)}`}
                  description={
                    <p>
                      Reclaim {r.number} deactivates {r.userPrincipalName} in {vendorName}, which frees the license; their boards stay. They are read again first, and left
                      untouched if active since.
                    </p>
                  }
                  onAnswer={onAnswer}
                  run={() => reclaimAction(null, { ids: [r.id] })}
                />
              ) : r.state === "attention_required" ? (
                <ConfirmAction
                  label="Resume Reclaim"
                  confirmLabel="Try again"
                  description={<p>Resume Reclaim tries {r.number} again: the member is read again, then deactivated and verified.</p>}
                  onAnswer={onAnswer}
                  run={() => reclaimAction(null, { ids: [r.id], resume: true })}
                />
              ) : null
          : undefined
      }
    />
  );
}

"use client";
import { createContext, type ReactNode, useContext } from "react";
import type { JobResultRow } from "@/lib/services/jobs/list-job-results";

type ConfirmSlot = ((row: JobResultRow) => ReactNode) | null;

/**
 * What the table puts under a warning that held removals back: **Confirm removals** for a
 * sam_integrator, nothing for others (the action checks again). Passed down by the table so that
 * the column declarations, which the CSV export also reads, import no server action.
 */
const Confirm = createContext<ConfirmSlot>(null);

export function ConfirmRemovalsSlot({ render, children }: { render: ConfirmSlot; children: ReactNode }) {
  return <Confirm.Provider value={render}>{children}</Confirm.Provider>;
}

/** A run's warning in words, with **Confirm removals** when it held some back. */
export function JobWarningCell({ row }: { row: JobResultRow }) {
  const confirm = useContext(Confirm);
  if (!row.warningText) return <span className="text-muted-foreground">—</span>;
  return (
    <div className="min-w-80 max-w-md text-xs text-warning">
      <p>{row.warningText}</p>
      {confirm && row.pendingRemovals > 0 && confirm(row)}
    </div>
  );
}

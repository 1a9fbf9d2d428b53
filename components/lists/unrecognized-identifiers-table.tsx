"use client";
import { useState } from "react";
import { unrecognizedColumns } from "@/lib/lists/unrecognized-identifiers-columns";
import type { UnrecognizedRow } from "@/lib/services/identifiers/list-unrecognized-identifiers";
import { createListTable, type ListTableProps } from "@/components/data-table/list-table";
import { EmptyState } from "@/components/layout/empty-state";
import { MapIdentifierDialog } from "@/components/identifiers/map-identifier-dialog";

const Table = createListTable<UnrecognizedRow>(unrecognizedColumns, (r) => r.key);

type Props = Omit<ListTableProps<UnrecognizedRow>, "actions" | "empty"> & {
  /** sam_admin: the Map to model action. */
  canMap: boolean;
  models: { id: string; name: string }[];
};

/** **Unrecognized Subscription Identifiers**, with **Map to model** for a sam_admin. */
export function UnrecognizedIdentifiersTable({ canMap, models, profileId, ...props }: Props) {
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-3">
      {message && (
        <p role="status" className="rounded-md bg-success/10 px-3 py-2 text-sm text-success">
          {message}
        </p>
      )}
      <Table
        {...props}
        profileId={profileId}
        actions={(r) =>
          canMap && r.open ? (
            <MapIdentifierDialog
              profileType={r.profileType}
              profileTypeLabel={r.profileTypeLabel}
              identifier={r.identifier}
              subscriptions={r.subscriptions}
              profileId={profileId ?? r.profiles[0]?.id}
              models={models}
              onMapped={setMessage}
            />
          ) : null
        }
        empty={
          <EmptyState title="Nothing to map">
            When a download meets a license identifier with no software model, it is listed here with its number of subscriptions until a sam_admin maps it to a model.
          </EmptyState>
        }
      />
    </div>
  );
}

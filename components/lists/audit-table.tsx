"use client";
import { createColumnHelper } from "@tanstack/react-table";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import type { AuditRow } from "@/lib/services/audit/list-audit";
import { DataTable, type ListColumn, type ListFeatures } from "@/components/data-table/data-table";
import { LocalTime } from "@/components/layout/local-time";
import { EmptyState } from "@/components/layout/empty-state";

const col = createColumnHelper<ListFeatures, AuditRow>();

const columns = [
  col.accessor("at", { header: "When", cell: (info) => <LocalTime iso={info.getValue()} /> }),
  col.accessor("actorLabel", { header: "Who" }),
  col.accessor("action", { header: "Action", cell: (info) => <code className="text-xs">{info.getValue()}</code> }),
  col.accessor("entityType", { header: "Record type" }),
  col.accessor("summary", { header: "What changed" }),
  col.accessor("entityId", { header: "Record id", cell: (info) => <code className="text-xs">{info.getValue()}</code> }),
] as ListColumn<AuditRow>[];

export function AuditTable(props: { spec: ListSpec; params: ListParams; rows: AuditRow[]; total: number }) {
  return (
    <DataTable
      spec={props.spec}
      params={props.params}
      columns={columns}
      rows={props.rows}
      total={props.total}
      getRowId={(r) => String(r.id)}
      exportHref="/api/lists/audit-log/export"
      empty={
        <EmptyState title="Nothing has changed yet">
          Every change a person or a job makes (people created, profiles published, licenses reclaimed) is recorded here.
        </EmptyState>
      }
    />
  );
}

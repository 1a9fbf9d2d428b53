import type { ColumnHelper } from "@tanstack/react-table";
import type { ListColumn, ListFeatures } from "@/components/data-table/data-table";
import { RuleActiveButton } from "./rule-active-button";

type RuleRow = { id: string; active: boolean };

/**
 * The Deactivate / Activate column of the exclusion rule lists, for a sam_admin only (the action
 * refuses anyone else anyway): none when the person cannot manage rules.
 */
export function ruleActionsColumn<T extends RuleRow>(
  col: ColumnHelper<ListFeatures, T>,
  options: { canManage: boolean; kind: (row: T) => "identifier" | "user"; label: (row: T) => string; onDone: (r: { ok: boolean; message: string }) => void },
): ListColumn<T>[] {
  if (!options.canManage) return [];
  return [
    col.display({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: (info) => (
        <RuleActiveButton
          kind={options.kind(info.row.original)}
          id={info.row.original.id}
          active={info.row.original.active}
          label={options.label(info.row.original)}
          onDone={options.onDone}
        />
      ),
    }) as ListColumn<T>,
  ];
}

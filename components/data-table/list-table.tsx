"use client";
import type { RowData } from "@tanstack/react-table";
import { type ReactNode, useMemo, useRef } from "react";
import { columnsOf, type ColumnDecl } from "@/lib/table/columns";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import type { ListTotal } from "@/lib/table/sql";
import { DataTable, type FilterOptions, type ListColumn } from "./data-table";
import type { PageCursors } from "./pagination";

export type ListTableProps<Row> = {
  spec: ListSpec;
  params: ListParams;
  rows: Row[];
  total: number | Promise<ListTotal | null>;
  estimated?: boolean;
  cursors?: PageCursors;
  filterOptions?: FilterOptions;
  /** The profile of a related list (its CSV export is the profile's). */
  profileId?: string;
  empty: ReactNode;
  toolbarExtra?: ReactNode;
  /** A last, unlabelled column of buttons (edit, deactivate, map): on screen only, never exported. */
  actions?: (row: Row) => ReactNode;
};

const dash = <span className="text-muted-foreground">—</span>;

/** A cell without markup of its own: the column's text; counts with thousands separators. */
function plainCell(value: string | number | null): ReactNode {
  if (value === null || value === "") return dash;
  return typeof value === "number" ? value.toLocaleString() : value;
}

/**
 * The one table of every list: a list's column declarations (lib/table/columns.ts) and its row id
 * make its table component, so a list's `*-table.tsx` is a line, and its columns read the same on
 * screen and in its CSV.
 */
export function createListTable<Row extends RowData>(columns: readonly ColumnDecl<Row>[], rowId: (row: Row) => string) {
  // The table renders a column's `cell` as a component: one function per column for the factory's
  // lifetime, so a refresh (new rows, new props) keeps the state of what a cell holds (Execute Now's
  // answer, an open dialog) instead of mounting it again.
  const renderers = new Map(
    columns.map((c) => [
      c.id,
      {
        accessorFn: (row: Row) => c.text(row),
        cell: (info: { row: { original: Row } }) => (c.cell ? c.cell(info.row.original) : plainCell(c.text(info.row.original))),
      },
    ]),
  );
  // biome-ignore lint/correctness/noComponentHookFactories: each list calls the factory once at module scope, never during a render.
  function ListTable({ actions, ...props }: ListTableProps<Row>) {
    // The latest actions, read by a cell renderer that keeps one identity for this table's life.
    const actionsRef = useRef(actions);
    actionsRef.current = actions;
    const actionsCell = useMemo(() => (info: { row: { original: Row } }) => actionsRef.current?.(info.row.original) ?? null, []);
    const shown = columnsOf(columns, props.spec);
    const key = shown.map((c) => c.id).join(",");
    const hasActions = Boolean(actions);
    // biome-ignore lint/correctness/useExhaustiveDependencies: the shown columns are what `key` names.
    const defs = useMemo(() => {
      const out: ListColumn<Row>[] = shown.map((c) => ({ id: c.id, header: c.label, ...renderers.get(c.id)! })) as ListColumn<Row>[];
      if (hasActions) out.push({ id: "actions", header: actionsHeader, cell: actionsCell } as ListColumn<Row>);
      return out;
    }, [key, hasActions, actionsCell]);
    return <DataTable {...props} columns={defs} getRowId={rowId} />;
  }
  return ListTable;
}

const actionsHeader = () => <span className="sr-only">Actions</span>;

import type { ReactNode } from "react";
import type { ColumnSpec, ListSpec } from "./list-spec";

/**
 * A list column, declared once: its label (the screen's header and the CSV's), what the CSV holds,
 * and how the cell shows it. The table factory (components/data-table/list-table.tsx) renders it
 * and the export route (lib/lists/registry.ts) writes it, so the two cannot drift. Which columns are
 * sortable and filterable stays in the list's spec, and how SQL sorts or filters them stays in the
 * server module of the list's read, keyed by column id.
 */
export type ColumnDecl<Row> = {
  id: string;
  label: string;
  /** The text the screen shows, without its markup: the CSV cell. */
  text: (row: Row) => string | number | null;
  /** The cell's markup; the `text` when omitted. */
  cell?: (row: Row) => ReactNode;
  hideable?: boolean;
  defaultHidden?: boolean;
};

/** Declares a list's columns for its row type, keeping their ids as literal types. */
export function defineColumns<Row>() {
  return <const C extends readonly ColumnDecl<Row>[]>(columns: C): C => columns;
}

/** The data part of the declarations, for a spec (which is plain data and can go to the client). */
export function specColumns(
  columns: readonly ColumnDecl<never>[],
  change: Record<string, Partial<Pick<ColumnSpec, "hideable" | "defaultHidden">>> = {},
): ColumnSpec[] {
  return columns.map((c) => {
    const out: ColumnSpec = { id: c.id, label: c.label };
    if (c.hideable !== undefined) out.hideable = c.hideable;
    if (c.defaultHidden !== undefined) out.defaultHidden = c.defaultHidden;
    return { ...out, ...change[c.id] };
  });
}

/** The declarations a spec shows (a profile's related list leaves some out), in the spec's order. */
export function columnsOf<Row>(columns: readonly ColumnDecl<Row>[], spec: Pick<ListSpec, "columns">): ColumnDecl<Row>[] {
  const byId = new Map(columns.map((c) => [c.id, c]));
  return spec.columns.flatMap((c) => {
    const decl = byId.get(c.id);
    return decl ? [decl] : [];
  });
}

/** The CSV's columns: the screen's headers and texts. */
export function csvColumns<Row>(columns: readonly ColumnDecl<Row>[], spec: Pick<ListSpec, "columns">) {
  return columnsOf(columns, spec).map((c) => ({
    id: c.id,
    header: c.label,
    value: (row: Record<string, unknown>) => c.text(row as Row),
  }));
}

export const yesNo = (v: boolean) => (v ? "Yes" : "No");
export const activeText = (v: boolean) => (v ? "Active" : "Inactive");

"use client";
import {
  columnVisibilityFeature,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowData,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { Suspense, type ReactNode } from "react";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import type { ListTotal } from "@/lib/table/sql";
import { cn } from "@/lib/utils";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { DataTablePagination, LateTotalPagination, type PageCursors } from "./pagination";
import { DataTableToolbar } from "./toolbar";
import { useListUrl } from "./use-list-url";

export const listFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature, columnVisibilityFeature });
export type ListFeatures = typeof listFeatures;
// biome-ignore lint/suspicious/noExplicitAny: a list mixes columns of several value types, as TanStack's own examples type them.
export type ListColumn<T extends RowData> = ColumnDef<ListFeatures, T, any>;

type Props<T extends RowData> = {
  spec: ListSpec;
  params: ListParams;
  columns: ListColumn<T>[];
  rows: T[];
  /**
   * The rows under the filter, or a promise of it when it is counted after the rows (large lists):
   * the table shows at once, the total when it arrives.
   */
  total: number | Promise<ListTotal | null>;
  /** Shown instead of the table when there are no rows and no filter: says what to do next. */
  empty: ReactNode;
  /**
   * The profile of a related list. Every list exports its current filter as CSV from
   * /api/lists/<spec id>/export (lib/lists/registry.ts), a related list with its `?profile=`.
   */
  profileId?: string;
  getRowId: (row: T) => string;
  toolbarExtra?: ReactNode;
  /** Options of the spec's `dynamic` select filters, loaded by the page. */
  filterOptions?: FilterOptions;
  /** The total is the planner's estimate (large lists). */
  estimated?: boolean;
  /** Keyset lists: where the next and previous pages start. */
  cursors?: PageCursors;
};

export type FilterOptions = Record<string, readonly { value: string; label: string }[]>;

function resolve<T>(updater: Updater<T>, old: T): T {
  return typeof updater === "function" ? (updater as (o: T) => T)(old) : updater;
}

/**
 * The server-side table: TanStack Table renders and manages headers, sorting and column visibility;
 * paging, sorting and filtering happen on the server from the URL (manual modes).
 */
export function DataTable<T extends RowData>({ spec, params, columns, rows, total, empty, profileId, getRowId, toolbarExtra, filterOptions, estimated, cursors }: Props<T>) {
  const { update, pending } = useListUrl();
  const sorting: SortingState = [{ id: params.sort.id, desc: params.sort.desc }];
  const columnVisibility = Object.fromEntries(params.hidden.map((id) => [id, false]));
  const sortable = new Set<string>(spec.sortable);

  const known = typeof total === "number" ? total : undefined;
  const table = useTable({
    features: listFeatures,
    columns,
    data: rows,
    getRowId: (row: T) => getRowId(row),
    manualSorting: true,
    manualPagination: true,
    rowCount: known,
    enableSortingRemoval: false,
    state: {
      sorting,
      columnVisibility,
      pagination: { pageIndex: params.page - 1, pageSize: params.perPage },
    },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = resolve(updater, sorting)[0];
      if (next) update({ sort: `${next.id}.${next.desc ? "desc" : "asc"}` });
    },
  });

  const filtered = Object.keys(params.filters).length > 0;
  const none = known !== undefined ? known === 0 : rows.length === 0 && params.page === 1 && !cursors?.prev;
  if (none && !filtered) {
    return <div data-testid={`${spec.id}-empty`}>{empty}</div>;
  }

  const pagination = {
    page: params.page,
    perPage: params.perPage,
    perPageOptions: spec.perPageOptions,
    rowCount: cursors || estimated || known === undefined ? rows.length : undefined,
    cursors,
  };

  return (
    <div className="flex flex-col gap-3" data-testid={`${spec.id}-table`} aria-busy={pending}>
      <DataTableToolbar spec={spec} params={params} exportHref={`/api/lists/${spec.id}/export${profileId ? `?profile=${encodeURIComponent(profileId)}` : ""}`} extra={toolbarExtra} filterOptions={filterOptions} />
      <div className={cn("rounded-lg border border-border bg-card", pending && "opacity-60")}>
        <Table>
          <THead>
            {table.getHeaderGroups().map((group) => (
              <TR key={group.id}>
                {group.headers.map((header) => {
                  const canSort = sortable.has(header.column.id);
                  const dir = header.column.getIsSorted();
                  return (
                    <TH
                      key={header.id}
                      aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : undefined}
                    >
                      {canSort ? (
                        <button
                          type="button"
                          className="inline-flex items-center gap-1 hover:text-foreground"
                          onClick={() =>
                            update({ sort: `${header.column.id}.${dir === "asc" ? "desc" : "asc"}` })
                          }
                        >
                          <table.FlexRender header={header} />
                          {dir === "asc" ? (
                            <ArrowUp className="h-3.5 w-3.5" />
                          ) : dir === "desc" ? (
                            <ArrowDown className="h-3.5 w-3.5" />
                          ) : (
                            <ArrowUpDown className="h-3.5 w-3.5 opacity-40" />
                          )}
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </TH>
                  );
                })}
              </TR>
            ))}
          </THead>
          <TBody>
            {table.getRowModel().rows.length === 0 ? (
              <TR>
                <TD colSpan={columns.length} className="py-10 text-center text-muted-foreground">
                  No rows match these filters. Clear a filter to see more.
                </TD>
              </TR>
            ) : (
              table.getRowModel().rows.map((row) => (
                <TR key={row.id}>
                  {row.getVisibleCells().map((cell) => (
                    <TD key={cell.id}>
                      <table.FlexRender cell={cell} />
                    </TD>
                  ))}
                </TR>
              ))
            )}
          </TBody>
        </Table>
      </div>
      {typeof total === "number" ? (
        <DataTablePagination {...pagination} total={total} estimated={estimated} />
      ) : (
        <Suspense fallback={<DataTablePagination {...pagination} total={null} />}>
          <LateTotalPagination {...pagination} totalLater={total} />
        </Suspense>
      )}
    </div>
  );
}

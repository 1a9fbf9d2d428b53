"use client";
import { use } from "react";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { DEFAULT_PER_PAGE_OPTIONS, pageCount } from "@/lib/table/list-spec";
import type { ListTotal } from "@/lib/table/sql";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import { useListUrl } from "./use-list-url";

/** Keyset lists: where the next and the previous page start (null: there is none, or use OFFSET). */
export type PageCursors = { next: string | null; prev: string | null };

type Props = {
  page: number;
  perPage: number;
  /** Null while the total is on its way (or could not be counted): the range shows without it. */
  total: number | null;
  perPageOptions?: readonly number[];
  /** Rows on this page; with an estimated total it places the range exactly. */
  rowCount?: number;
  /** The total is the planner's estimate (shown as "about"). */
  estimated?: boolean;
  cursors?: PageCursors;
};

export function DataTablePagination({ page, perPage, total, perPageOptions = DEFAULT_PER_PAGE_OPTIONS, rowCount, estimated, cursors }: Props) {
  const { update } = useListUrl();
  const from = total === 0 && !rowCount ? 0 : (page - 1) * perPage + 1;
  const to = rowCount !== undefined ? (rowCount === 0 ? from - 1 : from + rowCount - 1) : Math.min(total ?? 0, page * perPage);
  const about = estimated ? "about " : "";
  const pages = total === null ? null : pageCount(total, perPage);
  const hasNext = cursors ? cursors.next !== null : pages !== null && page < pages;
  const goNext = () =>
    update(cursors ? { page: String(page + 1), cursor: cursors.next } : { page: String(page + 1) }, { resetPage: false });
  const goPrev = () => {
    const target = page - 1;
    if (target <= 1) update({ page: null, cursor: null }, { resetPage: false });
    else update(cursors ? { page: String(target), cursor: cursors.prev } : { page: String(target) }, { resetPage: false });
  };
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-muted-foreground">
      <span data-testid="row-count" aria-busy={total === null}>
        {Math.max(from, 0).toLocaleString()}–{Math.max(to, 0).toLocaleString()} of{" "}
        {total === null ? "…" : `${about}${Math.max(total, to).toLocaleString()}`}
      </span>
      <div className="flex items-center gap-3">
        <label className="flex items-center gap-2">
          Rows per page
          <NativeSelect
            className="h-8 w-auto shadow-none"
            value={perPage}
            onChange={(e) => update({ perPage: e.target.value })}
            options={perPageOptions.map((n) => ({ value: n, label: n }))}
          />
        </label>
        <span>
          Page {page.toLocaleString()}
          {pages === null ? "" : ` of ${about}${Math.max(pages, page).toLocaleString()}`}
        </span>
        <Button variant="outline" size="icon" aria-label="Previous page" disabled={page <= 1} onClick={goPrev}>
          <ChevronLeft className="h-4 w-4" />
        </Button>
        <Button variant="outline" size="icon" aria-label="Next page" disabled={!hasNext} onClick={goNext}>
          <ChevronRight className="h-4 w-4" />
        </Button>
      </div>
    </div>
  );
}

/** The pagination once a total that comes after the rows has arrived (streamed from the server). */
export function LateTotalPagination({ totalLater, ...props }: Omit<Props, "total" | "estimated"> & { totalLater: Promise<ListTotal | null> }) {
  const total = use(totalLater);
  return <DataTablePagination {...props} total={total?.total ?? null} estimated={total?.estimated} />;
}

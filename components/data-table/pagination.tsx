"use client";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { DEFAULT_PER_PAGE_OPTIONS } from "@/lib/table/list-spec";
import { Button } from "@/components/ui/button";
import { useListUrl } from "./use-list-url";

type Props = { page: number; perPage: number; total: number; pageCount: number; perPageOptions?: readonly number[] };

export function DataTablePagination({ page, perPage, total, pageCount, perPageOptions = DEFAULT_PER_PAGE_OPTIONS }: Props) {
  const { update } = useListUrl();
  const from = total === 0 ? 0 : (page - 1) * perPage + 1;
  const to = Math.min(total, page * perPage);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-muted-foreground">
      <span data-testid="row-count">
        {from.toLocaleString()}–{to.toLocaleString()} of {total.toLocaleString()}
      </span>
      <div className="flex items-center gap-3">
        <label className="flex items-center gap-2">
          Rows per page
          <select
            className="h-8 rounded-md border border-border bg-card px-2"
            value={perPage}
            onChange={(e) => update({ perPage: e.target.value })}
          >
            {perPageOptions.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <span>
          Page {page.toLocaleString()} of {pageCount.toLocaleString()}
        </span>
        <Button
          variant="outline"
          size="icon"
          aria-label="Previous page"
          disabled={page <= 1}
          onClick={() => update({ page: page - 1 > 1 ? String(page - 1) : null }, { resetPage: false })}
        >
          <ChevronLeft className="h-4 w-4" />
        </Button>
        <Button
          variant="outline"
          size="icon"
          aria-label="Next page"
          disabled={page >= pageCount}
          onClick={() => update({ page: String(page + 1) }, { resetPage: false })}
        >
          <ChevronRight className="h-4 w-4" />
        </Button>
      </div>
    </div>
  );
}

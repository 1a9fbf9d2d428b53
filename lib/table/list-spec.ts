/**
 * The server-side table kit, shared part: a list's spec (which columns, which sort keys, which
 * filters) and the URL state it reads. Pure: imported by server queries, the CSV export and the
 * client table alike. The URL is the table state: page, perPage, sort, filters, hidden columns.
 */
import { hasForbiddenCharacters } from "../services/text-input";

export type FilterDef =
  | { kind: "text"; label: string; placeholder?: string }
  /**
   * `dynamic`: the options come from the database at request time (software models, profiles) and
   * are passed to the table by the page; the URL value is then only checked for its shape here, and
   * the query treats a value that matches nothing as matching no row.
   */
  | { kind: "select"; label: string; options: readonly { value: string; label: string }[]; dynamic?: boolean }
  | { kind: "boolean"; label: string; trueLabel?: string; falseLabel?: string }
  | { kind: "range"; label: string; unit?: string };

export type ColumnSpec = { id: string; label: string; hideable?: boolean; defaultHidden?: boolean };

export type ListSpec<S extends string = string, F extends string = string> = {
  id: string;
  columns: readonly ColumnSpec[];
  sortable: readonly S[];
  defaultSort: { id: S; desc: boolean };
  filters: Readonly<Record<F, FilterDef>>;
  perPageOptions?: readonly number[];
  defaultPerPage?: number;
  /**
   * Large lists page by keyset: Next and Previous carry a `cursor` (the sort value and id of the row
   * next to the new page, see lib/table/keyset.ts) besides `page`, so a deep page costs what the first
   * one costs. A page number without a cursor (a typed URL) still works, by OFFSET.
   */
  keyset?: boolean;
};

export type RangeValue = { min?: number; max?: number };

export type ListParams<S extends string = string, F extends string = string> = {
  page: number;
  perPage: number;
  sort: { id: S; desc: boolean };
  filters: Partial<Record<F, string>>;
  hidden: string[];
  /** Keyset lists only: where this page starts (opaque; decoded and checked by the query). */
  cursor?: string;
};

export const DEFAULT_PER_PAGE_OPTIONS = [10, 25, 50, 100] as const;
const RESERVED = new Set(["page", "perPage", "sort", "hide", "cursor"]);
const CURSOR_SHAPE = /^[ab]\.[A-Za-z0-9_-]{1,1000}$/;
/** What a dynamic select's URL value may look like (its options come from the database). */
export const DYNAMIC_VALUE_SHAPE = /^[A-Za-z0-9_.:@+-]{1,100}$/;

type Search = Record<string, string | string[] | undefined> | URLSearchParams;

function first(search: Search, key: string): string | undefined {
  if (search instanceof URLSearchParams) return search.get(key) ?? undefined;
  const v = search[key];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Reads the table state from the URL. Anything unknown or malformed falls back to the default:
 * a sort key that is not in the spec's fixed list is ignored, never passed to SQL.
 */
export function parseListParams<S extends string, F extends string>(
  spec: ListSpec<S, F>,
  search: Search,
): ListParams<S, F> {
  const perPageOptions = spec.perPageOptions ?? DEFAULT_PER_PAGE_OPTIONS;
  const defaultPerPage = spec.defaultPerPage ?? perPageOptions[1] ?? 25;
  const perPageRaw = Number(first(search, "perPage"));
  const perPage = perPageOptions.includes(perPageRaw) ? perPageRaw : defaultPerPage;
  const pageRaw = Number(first(search, "page"));
  const page = Number.isInteger(pageRaw) && pageRaw >= 1 && pageRaw <= 1_000_000 ? pageRaw : 1;

  let sort = spec.defaultSort;
  const sortRaw = first(search, "sort");
  if (sortRaw) {
    const [id, dir] = sortRaw.split(".");
    if (id && (spec.sortable as readonly string[]).includes(id) && (dir === "asc" || dir === "desc")) {
      sort = { id: id as S, desc: dir === "desc" };
    }
  }

  const filters: Partial<Record<F, string>> = {};
  for (const [key, def] of Object.entries(spec.filters) as [F, FilterDef][]) {
    const value = first(search, key)?.trim();
    if (!value || RESERVED.has(key)) continue;
    // Too long, or with a NUL (a failed query in PostgreSQL), a control character or a lone surrogate: ignored.
    if (value.length > 200 || hasForbiddenCharacters(value)) continue;
    if (def.kind === "select" && def.dynamic && !DYNAMIC_VALUE_SHAPE.test(value)) continue;
    if (def.kind === "select" && !def.dynamic && !def.options.some((o) => o.value === value)) continue;
    if (def.kind === "boolean" && value !== "true" && value !== "false") continue;
    if (def.kind === "range" && !parseRange(value)) continue;
    filters[key] = value;
  }

  const columnIds = new Set(spec.columns.map((c) => c.id));
  const hideRaw = first(search, "hide");
  const hidden =
    hideRaw !== undefined
      ? hideRaw.split(",").filter((id) => columnIds.has(id))
      : spec.columns.filter((c) => c.defaultHidden).map((c) => c.id);

  const cursorRaw = spec.keyset && page > 1 ? first(search, "cursor") : undefined;
  const cursor = cursorRaw && CURSOR_SHAPE.test(cursorRaw) ? cursorRaw : undefined;
  return cursor ? { page, perPage, sort, filters, hidden, cursor } : { page, perPage, sort, filters, hidden };
}

/** The URL for a table state, leaving defaults out so links stay short. */
export function listParamsToSearch<S extends string, F extends string>(
  spec: ListSpec<S, F>,
  params: ListParams<S, F>,
): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params.filters) as [string, string | undefined][]) {
    if (value) out.set(key, value);
  }
  if (params.sort.id !== spec.defaultSort.id || params.sort.desc !== spec.defaultSort.desc) {
    out.set("sort", `${params.sort.id}.${params.sort.desc ? "desc" : "asc"}`);
  }
  if (params.page > 1) out.set("page", String(params.page));
  if (params.page > 1 && params.cursor) out.set("cursor", params.cursor);
  const perPageOptions = spec.perPageOptions ?? DEFAULT_PER_PAGE_OPTIONS;
  if (params.perPage !== (spec.defaultPerPage ?? perPageOptions[1] ?? 25)) out.set("perPage", String(params.perPage));
  const defaultHidden = spec.columns.filter((c) => c.defaultHidden).map((c) => c.id);
  if (params.hidden.join(",") !== defaultHidden.join(",")) out.set("hide", params.hidden.join(","));
  return out;
}

/** "10..90", "10..", "..90" → { min, max }; anything else is not a range. */
export function parseRange(value: string): RangeValue | null {
  const m = /^(\d{0,9})\.\.(\d{0,9})$/.exec(value);
  if (!m || (!m[1] && !m[2])) return null;
  return { min: m[1] ? Number(m[1]) : undefined, max: m[2] ? Number(m[2]) : undefined };
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

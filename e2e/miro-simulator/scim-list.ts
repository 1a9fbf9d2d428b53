/** ListResponse query parameters shared by /Users and /Groups (§3.4). */
import { ScimRequestError } from "./errors";
import { parseFilter, ScimFilterError, type Filter } from "./scim-filter";
import { splitList } from "./scim-user-mapper";

export interface ListParams {
  startIndex: number;
  count: number;
  filterText: string | undefined;
  filter: Filter | undefined;
  attributes: string[];
  excluded: string[];
  sortBy: string | undefined;
  descending: boolean;
}

export const DEFAULT_COUNT = 100;
/** Page cap (§3.4): 1000, although ServiceProviderConfig advertises maxResults 200 (pitfall 17). */
export const MAX_COUNT = 1000;

function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === "") return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw new ScimRequestError(400, `${name} must be an integer`, "invalidValue");
  return Number(raw);
}

export function parseListParams(query: URLSearchParams): ListParams {
  // RFC 7644 §3.4.2.4: startIndex < 1 is read as 1; a negative count as 0; larger counts are capped.
  const startIndex = Math.max(1, intParam(query, "startIndex") ?? 1);
  const count = Math.min(MAX_COUNT, Math.max(0, intParam(query, "count") ?? DEFAULT_COUNT));
  const filterText = query.get("filter") ?? undefined;
  let filter: Filter | undefined;
  if (filterText !== undefined && filterText.trim() !== "") {
    try {
      filter = parseFilter(filterText);
    } catch (error) {
      if (error instanceof ScimFilterError) throw new ScimRequestError(400, `Invalid filter: ${error.message}`, "invalidFilter");
      throw error;
    }
  }
  const sortOrder = (query.get("sortOrder") ?? "ascending").toLowerCase();
  if (sortOrder !== "ascending" && sortOrder !== "descending") throw new ScimRequestError(400, "sortOrder must be ascending or descending", "invalidValue");
  return {
    startIndex,
    count,
    filterText: filter ? filterText : undefined,
    filter,
    attributes: splitList(query.get("attributes")),
    excluded: splitList(query.get("excludedAttributes")),
    sortBy: query.get("sortBy") ?? undefined,
    descending: sortOrder === "descending",
  };
}

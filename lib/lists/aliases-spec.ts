import type { ListSpec } from "../table/list-spec";

/**
 * **Connections & credentials**: the connection & credential aliases, their active connection and
 * its token state. One row per alias (the vendor's aliases and their child aliases).
 */
export const aliasesSpec = {
  id: "connections",
  columns: [
    { id: "id", label: "Alias", hideable: false },
    { id: "name", label: "Name" },
    { id: "vendorName", label: "Vendor" },
    { id: "kind", label: "Kind" },
    { id: "parentAliasId", label: "Parent alias" },
    { id: "activeConnectionName", label: "Active connection" },
    { id: "tokenState", label: "Token state" },
    { id: "organization", label: "Organization" },
    { id: "updatedAt", label: "Updated" },
  ],
  sortable: ["id", "name", "vendorName", "kind", "parentAliasId", "updatedAt"],
  defaultSort: { id: "id", desc: false },
  filters: {
    q: { kind: "text", label: "Search", placeholder: "Alias, connection or organization" },
    kind: {
      kind: "select",
      label: "Kind",
      options: [
        { value: "oauth", label: "OAuth" },
        { value: "api_token", label: "API token" },
      ],
    },
    child: { kind: "boolean", label: "Aliases", trueLabel: "child aliases only", falseLabel: "vendor aliases only" },
  },
} as const satisfies ListSpec<"id" | "name" | "vendorName" | "kind" | "parentAliasId" | "updatedAt", "q" | "kind" | "child">;

export type AliasesSortKey = (typeof aliasesSpec.sortable)[number];
export type AliasesFilterKey = keyof typeof aliasesSpec.filters;

export const ALIAS_KIND_LABELS = { oauth: "OAuth", api_token: "API token" } as const;

/**
 * `available`: an OAuth access token is stored; `stored`: an API token is stored; `pending`: no
 * active connection, the latest attempt has not finished (or failed: `tokenError`); `none`: no
 * connection at all.
 */
export type TokenState = "available" | "stored" | "pending" | "none";

export type TokenStateFields = { tokenState: TokenState; tokenExpiresAt: string | null; tokenError: string | null };

/** The token state in words; `time` formats an ISO instant (the CSV keeps ISO, the screen localizes). */
export function tokenStateText(r: TokenStateFields, time: (iso: string) => string = (iso) => iso): string {
  switch (r.tokenState) {
    case "available": {
      const base = r.tokenExpiresAt ? `Token available — expires ${time(r.tokenExpiresAt)}` : "Token available — does not expire";
      return r.tokenError ? `${base} (last error: ${r.tokenError})` : base;
    }
    case "stored":
      return r.tokenError ? `API token stored (last error: ${r.tokenError})` : "API token stored";
    case "pending":
      return r.tokenError ? `Pending: ${r.tokenError}` : "Pending: waiting for the authorization on the vendor's page";
    case "none":
      return "No connection";
  }
}

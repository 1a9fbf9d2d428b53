import "server-only";
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { listReads, type ListInput } from "../../lists/read-list";
import { connectionAliases, connections, type ConnectionAliasKind, type ConnectionStatus, type ConnectionTokenContext } from "../../db/schema";
import { listAdapters } from "../../integrations/registry";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, inWindow, orderBy, type PageWindow } from "../../table/sql";
import type { AliasesFilterKey, AliasesSortKey, TokenState } from "../../lists/aliases-spec";

/** One row of **Connections & credentials**: an alias and its active connection, never a secret. */
export type AliasRow = {
  id: string;
  name: string;
  vendorId: string;
  vendorName: string;
  kind: ConnectionAliasKind;
  parentAliasId: string | null;
  activeConnectionId: string | null;
  activeConnectionName: string | null;
  tokenState: TokenState;
  tokenExpiresAt: string | null;
  tokenError: string | null;
  organization: string | null;
  updatedAt: string;
};

type Params = ListParams<AliasesSortKey, AliasesFilterKey>;

/** The vendor's display name ("Miro Enterprise"), or its id when no adapter knows it. */
export function vendorName(vendorId: string): string {
  return listAdapters().find((a) => a.id === vendorId)?.displayName ?? vendorId;
}

/**
 * The outer alias row, spelled out: inside a correlated subquery drizzle would render a bare "id",
 * which Postgres would resolve to the subquery's own table.
 */
const outerAliasId = sql.raw(`"connection_aliases"."id"`);

/** The last change of an alias or of any of its connections. */
const lastChange = sql<Date>`greatest(${sql.raw(`"connection_aliases"."updated_at"`)}, (select max(c.updated_at) from ${connections} c where c.alias_id = ${outerAliasId}))`;

const sortColumns = {
  id: connectionAliases.id,
  name: connectionAliases.name,
  vendorName: connectionAliases.vendorId,
  kind: connectionAliases.kind,
  parentAliasId: connectionAliases.parentAliasId,
  updatedAt: lastChange,
};

function whereOf(filters: Params["filters"]): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (filters.q) {
    const p = containsPattern(filters.q);
    parts.push(
      or(
        ilike(connectionAliases.id, p),
        ilike(connectionAliases.name, p),
        ilike(connectionAliases.vendorId, p),
        sql`exists (select 1 from ${connections} c where c.alias_id = ${outerAliasId} and c.status = 'active'
          and (c.name ilike ${p} or c.token_context->>'organizationName' ilike ${p} or c.token_context->>'organizationId' ilike ${p}))`,
      ),
    );
  }
  if (filters.kind) parts.push(eq(connectionAliases.kind, filters.kind as ConnectionAliasKind));
  if (filters.child === "true") parts.push(isNotNull(connectionAliases.parentAliasId));
  if (filters.child === "false") parts.push(isNull(connectionAliases.parentAliasId));
  return and(...parts);
}

type ConnectionState = {
  id: string;
  aliasId: string;
  name: string;
  status: ConnectionStatus;
  accessTokenExpiresAt: Date | null;
  tokenContext: ConnectionTokenContext;
  lastError: string | null;
  hasAccessToken: boolean;
  hasApiToken: boolean;
  createdAt: Date;
};

/** The active and pending connections of some aliases: only the columns a page may show. */
async function connectionStates(db: DbOrTx, aliasIds: string[]): Promise<Map<string, ConnectionState[]>> {
  const out = new Map<string, ConnectionState[]>();
  if (aliasIds.length === 0) return out;
  const rows = await db
    .select({
      id: connections.id,
      aliasId: connections.aliasId,
      name: connections.name,
      status: connections.status,
      accessTokenExpiresAt: connections.accessTokenExpiresAt,
      tokenContext: connections.tokenContext,
      lastError: connections.lastError,
      hasAccessToken: sql<boolean>`${connections.accessTokenEnc} is not null`,
      hasApiToken: sql<boolean>`${connections.apiTokenEnc} is not null`,
      createdAt: connections.createdAt,
    })
    .from(connections)
    .where(and(inArray(connections.aliasId, aliasIds), inArray(connections.status, ["active", "pending"])))
    .orderBy(desc(connections.createdAt), asc(connections.id));
  for (const r of rows) {
    const list = out.get(r.aliasId) ?? [];
    list.push(r);
    out.set(r.aliasId, list);
  }
  return out;
}

function tokenStateOf(kind: ConnectionAliasKind, states: ConnectionState[]): Pick<AliasRow, "tokenState" | "tokenExpiresAt" | "tokenError" | "activeConnectionId" | "activeConnectionName" | "organization"> {
  const active = states.find((s) => s.status === "active");
  if (active && ((kind === "oauth" && active.hasAccessToken) || (kind === "api_token" && active.hasApiToken))) {
    const ctx = active.tokenContext ?? {};
    return {
      tokenState: kind === "oauth" ? "available" : "stored",
      tokenExpiresAt: kind === "oauth" ? (active.accessTokenExpiresAt?.toISOString() ?? null) : null,
      tokenError: active.lastError,
      activeConnectionId: active.id,
      activeConnectionName: active.name,
      organization: ctx.organizationName ?? ctx.organizationId ?? null,
    };
  }
  const pending = states.find((s) => s.status === "pending");
  if (pending || active) {
    return {
      tokenState: "pending",
      tokenExpiresAt: null,
      tokenError: (pending ?? active)?.lastError ?? null,
      activeConnectionId: active?.id ?? null,
      activeConnectionName: active?.name ?? null,
      organization: null,
    };
  }
  return { tokenState: "none", tokenExpiresAt: null, tokenError: null, activeConnectionId: null, activeConnectionName: null, organization: null };
}

function query(db: DbOrTx, { params }: ListInput<Params>) {
  const where = whereOf(params.filters);
  const rowsOf = async (window: PageWindow): Promise<AliasRow[]> => {
    const aliases = await inWindow(
      db
        .select({
          id: connectionAliases.id,
          name: connectionAliases.name,
          vendorId: connectionAliases.vendorId,
          kind: connectionAliases.kind,
          parentAliasId: connectionAliases.parentAliasId,
          updatedAt: lastChange,
        })
        .from(connectionAliases)
        .where(where)
        .$dynamic(),
      orderBy(sortColumns, params.sort, connectionAliases.id),
      window,
    );
    const states = await connectionStates(
      db,
      aliases.map((a) => a.id),
    );
    return aliases.map((a) => ({
      id: a.id,
      name: a.name,
      vendorId: a.vendorId,
      vendorName: vendorName(a.vendorId),
      kind: a.kind,
      parentAliasId: a.parentAliasId,
      ...tokenStateOf(a.kind, states.get(a.id) ?? []),
      // A subquery's timestamp comes back as text from some drivers: normalize through Date.
      updatedAt: new Date(a.updatedAt as unknown as string).toISOString(),
    }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(connectionAliases).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

export const { list: listAliases, iterate: iterateAliases } = listReads(query);

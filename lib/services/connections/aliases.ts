import "server-only";
import { and, desc, eq, inArray, or } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { connectionAliases, connections, type ConnectionAlias, type Connection } from "../../db/schema";
import { ServiceError } from "../../errors";

/** What a page may show of a connection: never a secret, only whether one is stored. */
export type ConnectionSummary = Omit<Connection, "clientSecretEnc" | "accessTokenEnc" | "refreshTokenEnc" | "apiTokenEnc"> & {
  hasClientSecret: boolean;
  hasAccessToken: boolean;
  hasRefreshToken: boolean;
  hasApiToken: boolean;
};

export function summarizeConnection(c: Connection): ConnectionSummary {
  const { clientSecretEnc, accessTokenEnc, refreshTokenEnc, apiTokenEnc, ...rest } = c;
  return {
    ...rest,
    hasClientSecret: !!clientSecretEnc,
    hasAccessToken: !!accessTokenEnc,
    hasRefreshToken: !!refreshTokenEnc,
    hasApiToken: !!apiTokenEnc,
  };
}

export async function getAlias(db: DbOrTx, aliasId: string): Promise<ConnectionAlias> {
  const [alias] = await db.select().from(connectionAliases).where(eq(connectionAliases.id, aliasId)).limit(1);
  if (!alias) throw new ServiceError("not_found", `The connection & credential alias ${aliasId} does not exist.`);
  return alias;
}

/** The alias's one active connection, or null. */
export async function activeConnection(db: DbOrTx, aliasId: string): Promise<Connection | null> {
  const [c] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.aliasId, aliasId), eq(connections.status, "active")))
    .limit(1);
  return c ?? null;
}

export async function connectionsOfAlias(db: DbOrTx, aliasId: string): Promise<ConnectionSummary[]> {
  const rows = await db.select().from(connections).where(eq(connections.aliasId, aliasId)).orderBy(desc(connections.createdAt));
  return rows.map(summarizeConnection);
}

/** The vendor's base alias and its children: what a profile's Connection & credential field offers. */
export async function aliasFamily(db: DbOrTx, baseAliasId: string): Promise<ConnectionAlias[]> {
  return db
    .select()
    .from(connectionAliases)
    .where(or(eq(connectionAliases.id, baseAliasId), eq(connectionAliases.parentAliasId, baseAliasId)))
    .orderBy(connectionAliases.id);
}

/** The root of an alias (itself when it has no parent). */
export function rootAliasId(alias: ConnectionAlias): string {
  return alias.parentAliasId ?? alias.id;
}

export async function aliasesById(db: DbOrTx, ids: string[]): Promise<Map<string, ConnectionAlias>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(connectionAliases).where(inArray(connectionAliases.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

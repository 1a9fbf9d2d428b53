import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { connectionAliases, users, type ConnectionAlias } from "../../db/schema";
import { listAdapters } from "../../integrations/registry";
import { aliasesById, connectionsOfAlias, getAlias, rootAliasId, type ConnectionSummary } from "./aliases";

export type AliasLink = { id: string; name: string };

export type ConnectionView = ConnectionSummary & { createdByLabel: string | null };

/**
 * Everything the **Connection & Credential Aliases** record page shows: the alias, its parent or
 * children, its active connection and the earlier ones. Connections come as summaries: the page
 * never holds a secret, not even as ciphertext.
 */
export type AliasRecord = {
  alias: ConnectionAlias;
  vendorName: string;
  parent: AliasLink | null;
  children: AliasLink[];
  active: ConnectionView | null;
  /** Every connection but the active one, newest first. */
  history: ConnectionView[];
  /** What the dialog's **Connection Name** is filled in with. */
  defaultConnectionName: string;
  /** Whether a child alias can be created from this one (children of children are not allowed). */
  canHaveChildren: boolean;
};

/** The alias's connection name by default: the vendor's, plus the child's suffix for a child alias. */
function defaultConnectionNameOf(alias: ConnectionAlias, active: ConnectionSummary | null): string {
  if (active) return active.name;
  const root = rootAliasId(alias);
  const adapter = listAdapters().find((a) => a.id === alias.vendorId);
  const def = adapter ? [adapter.aliases.download, adapter.aliases.reclaim].find((d) => d.id === root) : undefined;
  const base = def?.connectionName ?? alias.name;
  if (!alias.parentAliasId) return base;
  const suffix = alias.id.startsWith(`${root}_`) ? alias.id.slice(root.length + 1).replace(/_/g, " ") : alias.name;
  return `${base} ${suffix}`;
}

export async function getAliasRecord(db: DbOrTx, aliasId: string): Promise<AliasRecord> {
  const alias = await getAlias(db, aliasId);
  const [parentMap, children, all] = await Promise.all([
    alias.parentAliasId ? aliasesById(db, [alias.parentAliasId]) : Promise.resolve(new Map<string, ConnectionAlias>()),
    db
      .select({ id: connectionAliases.id, name: connectionAliases.name })
      .from(connectionAliases)
      .where(eq(connectionAliases.parentAliasId, alias.id))
      .orderBy(asc(connectionAliases.id)),
    connectionsOfAlias(db, alias.id),
  ]);
  const creatorIds = [...new Set(all.map((c) => c.createdBy).filter((id): id is string => !!id))];
  const creators =
    creatorIds.length > 0
      ? await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, creatorIds))
      : [];
  const labels = new Map(creators.map((u) => [u.id, `${u.name} (${u.email})`]));
  const views: ConnectionView[] = all.map((c) => ({ ...c, createdByLabel: c.createdBy ? (labels.get(c.createdBy) ?? null) : null }));
  const active = views.find((c) => c.status === "active") ?? null;
  const parent = alias.parentAliasId ? parentMap.get(alias.parentAliasId) : undefined;
  return {
    alias,
    vendorName: listAdapters().find((a) => a.id === alias.vendorId)?.displayName ?? alias.vendorId,
    parent: parent ? { id: parent.id, name: parent.name } : alias.parentAliasId ? { id: alias.parentAliasId, name: alias.parentAliasId } : null,
    children,
    active,
    history: views.filter((c) => c !== active),
    defaultConnectionName: defaultConnectionNameOf(alias, active),
    canHaveChildren: !alias.parentAliasId,
  };
}

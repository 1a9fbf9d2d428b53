import "server-only";
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { at, createdAt, oneOf, updatedAt } from "./columns";
import { users } from "./users";

/**
 * How a connection authenticates: an OAuth authorization-code grant (Miro's REST API) or a static API
 * token (Miro's SCIM token). The kind decides which fields the "Create New Connection & Credential"
 * dialog shows (product.md §3).
 */
export const CONNECTION_ALIAS_KINDS = ["oauth", "api_token"] as const;
export type ConnectionAliasKind = (typeof CONNECTION_ALIAS_KINDS)[number];

/**
 * Connection & credential aliases, the names a profile points at (e.g. `miro_spoke.Miro_Enterprise`).
 * The id is the alias name itself, as in the reference product, because it is what people type, see
 * and export. A child alias (parent set) lets a second profile, for a second Miro organization, hold a
 * connection of its own while keeping the vendor's defaults of the parent.
 */
export const connectionAliases = pgTable(
  "connection_aliases",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    vendorId: text("vendor_id").notNull(),
    kind: text("kind").$type<ConnectionAliasKind>().notNull(),
    /** Restrict: a parent cannot disappear from under its children, which profiles may still use. */
    parentAliasId: text("parent_alias_id").references((): AnyPgColumn => connectionAliases.id, {
      onDelete: "restrict",
    }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("connection_aliases_parent_idx").on(t.parentAliasId),
    index("connection_aliases_vendor_idx").on(t.vendorId),
    check("connection_aliases_kind_check", oneOf(t.kind, CONNECTION_ALIAS_KINDS)),
    // Alias ids end up in URLs and exports: keep them to `scope.Name` made of safe characters.
    check("connection_aliases_id_format_check", sql`${t.id} ~ '^[A-Za-z0-9_]+\\.[A-Za-z0-9_]+$'`),
    check("connection_aliases_not_own_parent_check", sql`${t.parentAliasId} is distinct from ${t.id}`),
  ],
);

/**
 * `pending`: created, waiting for the OAuth callback (or never completed). `active`: the one the alias
 * uses. `inactive`: replaced by a newer connection or switched off; kept for the audit trail.
 */
export const CONNECTION_STATUSES = ["pending", "active", "inactive"] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/**
 * Who the OAuth token acts for, read from the vendor's token-context endpoint after the code exchange
 * (Miro: `GET /v1/oauth-token`, miro-api.md §1.7). It is not secret and is shown on the profile. The
 * names are generic (organization, team, user) so that another vendor fills what it has; `extra` holds
 * whatever else a vendor reports. Vendor ids are strings: Miro's are larger than 2^53.
 */
export type ConnectionTokenContext = {
  organizationId?: string;
  organizationName?: string;
  teamId?: string;
  teamName?: string;
  userId?: string;
  userName?: string;
  extra?: Record<string, unknown>;
};

/**
 * A connection & credential: the secrets and token state behind an alias. Secrets are stored only as
 * ciphertext from lib/security/secrets.ts (AES-256-GCM, `v1.<iv>.<tag>.<ciphertext>`), in the `*_enc`
 * columns, and never leave the server; everything else here is safe to show.
 */
export const connections = pgTable(
  "connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Deleting an alias deletes its connections: they have no meaning without it. */
    aliasId: text("alias_id")
      .notNull()
      .references(() => connectionAliases.id, { onDelete: "cascade", onUpdate: "cascade" }),
    name: text("name").notNull(),
    status: text("status").$type<ConnectionStatus>().notNull().default("pending"),

    // OAuth: not secret.
    clientId: text("client_id"),
    redirectUrl: text("redirect_url"),
    /** Null for a non-expiring token (a per-app switch at Miro). */
    accessTokenExpiresAt: at("access_token_expires_at"),
    refreshTokenExpiresAt: at("refresh_token_expires_at"),
    tokenObtainedAt: at("token_obtained_at"),
    lastRefreshedAt: at("last_refreshed_at"),
    scopes: text("scopes").array().$type<string[]>().notNull().default(sql`'{}'::text[]`),
    tokenContext: jsonb("token_context").$type<ConnectionTokenContext>().notNull().default({}),

    // Secrets: ciphertext only.
    clientSecretEnc: text("client_secret_enc"),
    accessTokenEnc: text("access_token_enc"),
    refreshTokenEnc: text("refresh_token_enc"),
    apiTokenEnc: text("api_token_enc"),

    /**
     * Miro rotates both tokens on every refresh and invalidates the old pair, so two refreshes racing
     * would lose one pair for good. A refresh therefore writes
     * `… set token_version = token_version + 1 where id = $1 and token_version = $2`; the loser sees
     * zero rows updated and rereads the winner's tokens instead of refreshing again.
     */
    tokenVersion: integer("token_version").notNull().default(0),

    /** The last refresh or validation failure, in words a person can act on; cleared on success. */
    lastError: text("last_error"),
    lastErrorAt: at("last_error_at"),

    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The alias resolves to exactly one usable connection; older ones are set inactive in the same
    // transaction that activates the new one.
    uniqueIndex("connections_one_active_per_alias_uq").on(t.aliasId).where(sql`${t.status} = 'active'`),
    index("connections_alias_idx").on(t.aliasId, t.createdAt.desc()),
    // The token refresher looks for active tokens that expire soon.
    index("connections_access_expiry_idx")
      .on(t.accessTokenExpiresAt)
      .where(sql`${t.status} = 'active' and ${t.accessTokenExpiresAt} is not null`),
    check("connections_status_check", oneOf(t.status, CONNECTION_STATUSES)),
    check("connections_token_version_check", sql`${t.tokenVersion} >= 0`),
  ],
);

export type ConnectionAlias = typeof connectionAliases.$inferSelect;
export type NewConnectionAlias = typeof connectionAliases.$inferInsert;
export type Connection = typeof connections.$inferSelect;
export type NewConnection = typeof connections.$inferInsert;

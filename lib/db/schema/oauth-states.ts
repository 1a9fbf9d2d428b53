import "server-only";
import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt } from "./columns";
import { connections } from "./connections";
import { users } from "./users";

/**
 * One row per "Create and Get OAuth Token" click (product.md §3). The `state` sent to the vendor is a
 * random value; only its SHA-256 hash is stored, so a database read does not hand out a usable state.
 * The callback accepts it once (`consumed_at` is set in the same statement that checks it is null),
 * only before `expires_at`, and only for the person who started the flow.
 */
export const oauthStates = pgTable(
  "oauth_states",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    stateHash: text("state_hash").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    /** Where the callback sends the browser afterwards: the profile page the person came from. */
    returnPath: text("return_path").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    consumedAt: at("consumed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("oauth_states_state_hash_uq").on(t.stateHash),
    // For the clean-up of expired rows.
    index("oauth_states_expires_at_idx").on(t.expiresAt),
    index("oauth_states_connection_idx").on(t.connectionId),
    index("oauth_states_user_idx").on(t.userId),
    // A path inside this workspace only: a stored absolute or protocol-relative URL would make the
    // callback an open redirect.
    check("oauth_states_return_path_check", sql`${t.returnPath} ~ '^/([^/\\\\]|$)'`),
  ],
);

export type OAuthState = typeof oauthStates.$inferSelect;
export type NewOAuthState = typeof oauthStates.$inferInsert;

import "server-only";
import { sql } from "drizzle-orm";
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import type { Role } from "./roles";
export { ROLES, type Role } from "./roles";

/** Sign-in accounts of the workspace (not the company's user directory, see user-directory.ts). */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    roles: text("roles").array().$type<Role[]>().notNull().default(sql`'{}'::text[]`),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
  },
  (t) => [
    // Emails are compared case-insensitively: the unique index is on lower(email).
    uniqueIndex("users_email_lower_uq").on(sql`lower(${t.email})`),
    index("users_name_idx").on(t.name),
    index("users_created_at_idx").on(t.createdAt),
    index("users_roles_gin").using("gin", t.roles),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

import "server-only";
import { sql } from "drizzle-orm";
import { boolean, index, pgTable, text, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * The company's people (product.md §1): separate from sign-in accounts. Subscriptions resolve to a
 * row here by email, then user name, then user resolution rules.
 */
export const directoryUsers = pgTable(
  "directory_users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    email: text("email"),
    userName: text("user_name"),
    managerId: uuid("manager_id").references((): AnyPgColumn => directoryUsers.id, { onDelete: "set null" }),
    department: text("department"),
    costCenter: text("cost_center"),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("directory_users_email_lower_idx").on(sql`lower(${t.email})`),
    index("directory_users_user_name_lower_idx").on(sql`lower(${t.userName})`),
    index("directory_users_name_idx").on(t.name),
    index("directory_users_department_idx").on(t.department),
  ],
);

export type DirectoryUser = typeof directoryUsers.$inferSelect;

import "server-only";
import { bigint, integer, pgTable, varchar } from "drizzle-orm/pg-core";

/**
 * The counters of the sign-in rate limit, shared by every instance on PostgreSQL. The layout is
 * `rate-limiter-flexible`'s own (RateLimiterPostgres), created here by a migration rather than by the
 * library at run time.
 */
export const rateLimits = pgTable("rate_limits", {
  key: varchar("key", { length: 255 }).primaryKey(),
  points: integer("points").notNull().default(0),
  expire: bigint("expire", { mode: "number" }),
});

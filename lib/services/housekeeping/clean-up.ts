import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "../../auth/actor";
import type { Db } from "../../db";
import { resultRows } from "../../db/driver";
import { writeAudit } from "../audit/write-audit";

/** A pending OAuth connection older than this was abandoned: its consent never came back. */
const ABANDONED_AFTER = "1 day";

/**
 * The daily clean-up (issue 16 item 9): OAuth states past their expiry, and pending connections
 * abandoned for a day, which still hold an encrypted client secret. One audit row with the counts.
 */
export async function cleanUpExpired(db: Db, actor: Actor): Promise<{ oauthStates: number; pendingConnections: number }> {
  return db.transaction(async (tx) => {
    const [states] = resultRows(
      await tx.execute(sql`with d as (delete from oauth_states where expires_at < now() returning 1) select count(*)::int as n from d`),
    );
    const [pending] = resultRows(
      await tx.execute(sql`
        with d as (
          delete from connections c
          where c.status = 'pending' and c.created_at < now() - interval '${sql.raw(ABANDONED_AFTER)}'
            and not exists (select 1 from oauth_states s where s.connection_id = c.id and s.expires_at >= now())
          returning 1)
        select count(*)::int as n from d`),
    );
    const outcome = { oauthStates: Number(states?.n ?? 0), pendingConnections: Number(pending?.n ?? 0) };
    if (outcome.oauthStates + outcome.pendingConnections > 0) {
      await writeAudit(tx, actor, {
        action: "housekeeping.clean_up",
        entityType: "workspace",
        summary: `Deleted ${outcome.oauthStates} expired OAuth state(s) and ${outcome.pendingConnections} abandoned pending connection(s) with their encrypted client secrets.`,
        after: outcome,
      });
    }
    return outcome;
  });
}

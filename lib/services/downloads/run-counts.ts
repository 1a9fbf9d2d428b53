import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { downloadResults } from "../../db/schema";

/** A download run's counts for its closing audit row: "2000 read, 3 created, 1 updated, 0 removed". */
export async function downloadRunCounts(db: DbOrTx, jobResultId: string): Promise<{ words: string; after: Record<string, number> } | null> {
  const [c] = await db
    .select({
      membersRead: downloadResults.membersRead,
      created: downloadResults.subscriptionsCreated,
      updated: downloadResults.subscriptionsUpdated,
      removed: downloadResults.subscriptionsRemoved,
    })
    .from(downloadResults)
    .where(eq(downloadResults.jobResultId, jobResultId));
  if (!c) return null;
  return { words: `${c.membersRead} read, ${c.created} created, ${c.updated} updated, ${c.removed} removed`, after: c };
}

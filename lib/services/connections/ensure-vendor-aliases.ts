import "server-only";
import type { DbOrTx } from "../../db";
import { connectionAliases } from "../../db/schema";
import { listAdapters } from "../../integrations/registry";

/**
 * The vendors' connection & credential aliases exist out of the box (e.g. miro_spoke.Miro_Enterprise
 * and miro_spoke.Miro_Enterprise_SCIM): created at server start from the integration registry,
 * never overwritten.
 */
export async function ensureVendorAliases(db: DbOrTx): Promise<void> {
  const rows = listAdapters().flatMap((a) =>
    [a.aliases.download, a.aliases.reclaim].map((alias) => ({ id: alias.id, name: alias.name, kind: alias.kind, vendorId: a.id })),
  );
  if (rows.length > 0) await db.insert(connectionAliases).values(rows).onConflictDoNothing();
}

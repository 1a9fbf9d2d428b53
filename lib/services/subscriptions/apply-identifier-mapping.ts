import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { countFrom } from "./reapply-exclusions";

/*
 * After a sam_admin maps an unrecognized subscription identifier to a software model (product.md §4.4):
 * every subscription with that identifier, in every profile of the type, gets the model at once, and
 * the profiles' Unrecognized Subscription Identifiers rows are marked resolved. The caller writes the
 * map entry and the audit row and calls this in the same transaction.
 *
 * A profile with a map entry of its own for the identifier keeps it (the download prefers the
 * profile's entry over the type's), so its subscriptions are left alone.
 */

export type IdentifierMappingInput = {
  profileType: string;
  identifier: string;
  softwareModelId: string;
  /** Who resolved it, for `unrecognized_subscription_identifiers.resolved_by`. */
  resolvedBy?: string | null;
};

export async function applyIdentifierMapping(db: DbOrTx, input: IdentifierMappingInput): Promise<{ updated: number }> {
  const identifier = input.identifier.trim().toLowerCase();
  const updated = await db.execute(sql`
    with changed as (
      update software_subscriptions s
      set software_model_id = ${input.softwareModelId}::uuid, download_hash = null, updated_at = now()
      from integration_profiles p
      where p.id = s.profile_id
        and p.profile_type = ${input.profileType}
        and lower(btrim(s.subscription_identifier)) = ${identifier}
        and s.software_model_id is distinct from ${input.softwareModelId}::uuid
        and not exists (
          select 1 from subscription_identifiers own
          where own.profile_id = s.profile_id and lower(btrim(own.identifier)) = ${identifier}
        )
      returning 1
    )
    select count(*)::int as updated from changed`);
  await db.execute(sql`
    update unrecognized_subscription_identifiers u
    set resolved_at = now(), resolved_by = ${input.resolvedBy ?? null}::uuid,
        resolved_model_id = ${input.softwareModelId}::uuid, updated_at = now()
    from integration_profiles p
    where p.id = u.profile_id
      and p.profile_type = ${input.profileType}
      and lower(btrim(u.identifier)) = ${identifier}
      and u.resolved_at is null`);
  return { updated: countFrom(updated, "updated") };
}

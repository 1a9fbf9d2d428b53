import type { Db } from "../../db";
import { connectionAliases } from "../../db/schema";
import type { ServiceActor } from "../../auth/actor";
import { assertCan } from "../../auth/permissions";
import { ServiceError } from "../../errors";
import { writeAudit } from "../audit/write-audit";
import { getAlias } from "./aliases";

/**
 * A child alias lets another profile (another Miro organization) hold a connection of its own:
 * `miro_spoke.Miro_Enterprise` → `miro_spoke.Miro_Enterprise_Europe`. Children of children are not
 * allowed, as in the reference product.
 */
export async function createChildAlias(db: Db, actor: ServiceActor, input: { parentAliasId: string; name: string }) {
  assertCan(actor, "connections:manage", "create child aliases");
  const parent = await getAlias(db, input.parentAliasId);
  if (parent.parentAliasId) throw new ServiceError("invalid_input", "A child alias cannot have children; pick the parent alias.");
  const suffix = input.name.trim().replace(/[\s-]+/g, "_");
  const id = `${parent.id}_${suffix}`;
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(connectionAliases)
      .values({ id, name: `${parent.name} (${input.name.trim()})`, vendorId: parent.vendorId, kind: parent.kind, parentAliasId: parent.id, createdBy: actor.id })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new ServiceError("conflict", `The alias ${id} exists already.`, { name: ["This name is taken."] });
    await writeAudit(tx, actor, { action: "alias.create", entityType: "connection_alias", entityId: id, summary: `Created child alias ${id} of ${parent.id}`, after: created });
    return created;
  });
}

import type { z } from "zod";
import { actorUserId, authorize } from "../../auth/actor";
import { connectionAliases } from "../../db/schema";
import { ServiceError } from "../../errors";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { getAlias } from "./aliases";
import { createChildAliasInput } from "./connection-input";

/**
 * A child alias lets another profile (another Miro organization) hold a connection of its own:
 * `miro_spoke.Miro_Enterprise` → `miro_spoke.Miro_Enterprise_Europe`. Children of children are not
 * allowed, as in the reference product.
 */
export async function createChildAlias(ctx: ServiceContext, raw: z.input<typeof createChildAliasInput>) {
  authorize(ctx.actor, "connections:manage", "create child aliases");
  const input = parseInput(createChildAliasInput, raw);
  const parent = await getAlias(ctx.db, input.parentAliasId);
  if (parent.parentAliasId) throw new ServiceError("invalid_input", "A child alias cannot have children; pick the parent alias.");
  const suffix = input.name.trim().replace(/[\s-]+/g, "_");
  const id = `${parent.id}_${suffix}`;
  return ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(connectionAliases)
      .values({ id, name: `${parent.name} (${input.name.trim()})`, vendorId: parent.vendorId, kind: parent.kind, parentAliasId: parent.id, createdBy: actorUserId(ctx.actor) })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new ServiceError("conflict", `The alias ${id} exists already.`, { name: ["This name is taken."] });
    await writeAudit(tx, ctx.actor, { action: "alias.create", entityType: "connection_alias", entityId: id, summary: `Created child alias ${id} of ${parent.id}`, after: created });
    return created;
  });
}

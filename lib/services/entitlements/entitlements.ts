import "server-only";
import { and, asc, count, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { authorize } from "../../auth/actor";
import type { DbOrTx } from "../../db";
import { entitlements as e, softwareModels, type Entitlement, type EntitlementState } from "../../db/schema";
import { ServiceError } from "../../errors";
import { listReads, type ListInput } from "../../lists/read-list";
import type { EntitlementsFilterKey, EntitlementsSortKey } from "../../lists/entitlements-spec";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, inWindow, orderBy, type PageWindow } from "../../table/sql";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { entitlementInputSchema } from "./entitlement-input";

export type EntitlementRow = {
  id: string;
  displayName: string | null;
  modelName: string;
  purchasedRights: number;
  unitCost: string;
  currency: string;
  subscriptionPeriod: string;
  startDate: string | null;
  endDate: string | null;
  state: EntitlementState;
  /** What counts: In use today only when the dates agree ("Ended", "Not started" otherwise). */
  effectiveState: string;
  costCenter: string | null;
  vendor: string | null;
};

type Params = ListParams<EntitlementsSortKey, EntitlementsFilterKey>;

/** The state the dates make of it: an In use entitlement that ended or has not started counts for nothing. */
export const effectiveStateSql = sql<string>`case
  when ${e.state} <> 'in_use' then ${e.state}
  when ${e.endDate} is not null and ${e.endDate} < current_date then 'ended'
  when ${e.startDate} is not null and ${e.startDate} > current_date then 'not_started'
  else 'in_use' end`;

function query(db: DbOrTx, { params }: ListInput<Params>) {
  const f = params.filters;
  const parts: (SQL | undefined)[] = [];
  if (f.q) parts.push(or(ilike(softwareModels.displayName, containsPattern(f.q)), ilike(e.displayName, containsPattern(f.q)), ilike(e.purchaseOrder, containsPattern(f.q))));
  if (f.state) parts.push(sql`${effectiveStateSql} = ${f.state}`);
  const where = and(...parts);
  const sortColumns = { model: softwareModels.displayName, endDate: e.endDate, purchasedRights: e.purchasedRights };
  const rowsOf = async (window: PageWindow): Promise<EntitlementRow[]> =>
    inWindow(
      db
        .select({
          id: e.id,
          displayName: e.displayName,
          modelName: softwareModels.displayName,
          purchasedRights: e.purchasedRights,
          unitCost: e.unitCost,
          currency: e.currency,
          subscriptionPeriod: e.subscriptionPeriod,
          startDate: e.startDate,
          endDate: e.endDate,
          state: e.state,
          effectiveState: effectiveStateSql,
          costCenter: e.costCenter,
          vendor: e.vendor,
        })
        .from(e)
        .innerJoin(softwareModels, eq(softwareModels.id, e.softwareModelId))
        .where(where)
        .$dynamic(),
      orderBy(sortColumns, params.sort, e.id),
      window,
    );
  const totalOf = async () => (await db.select({ n: count() }).from(e).innerJoin(softwareModels, eq(softwareModels.id, e.softwareModelId)).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

/** **Entitlements**: what the company bought, per software model. */
export const { list: listEntitlements, iterate: iterateEntitlements } = listReads(query);

export async function getEntitlement(ctx: ServiceContext, raw: { id: string }): Promise<Entitlement | null> {
  authorize(ctx.actor, "workspace:view", "see entitlements");
  const [row] = await ctx.db.select().from(e).where(eq(e.id, raw.id));
  return row ?? null;
}

/** The models an entitlement can be for, by name. */
export async function entitlementModelChoices(ctx: ServiceContext): Promise<{ id: string; name: string }[]> {
  authorize(ctx.actor, "workspace:view", "see software models");
  return ctx.db.select({ id: softwareModels.id, name: softwareModels.displayName }).from(softwareModels).orderBy(asc(softwareModels.displayName));
}

/** Creates or updates an entitlement (sam_admin), with its audit row. */
export async function saveEntitlement(ctx: ServiceContext, raw: z.input<typeof entitlementInputSchema>): Promise<Entitlement> {
  authorize(ctx.actor, "entitlements:manage", "manage entitlements");
  const input = entitlementInputSchema.parse(raw);
  const { id, ...values } = input;
  const row = {
    ...values,
    displayName: values.displayName ?? null,
    startDate: values.startDate ?? null,
    endDate: values.endDate ?? null,
    noticePeriodDays: values.noticePeriodDays ?? null,
    costCenter: values.costCenter ?? null,
    vendor: values.vendor ?? null,
    purchaseOrder: values.purchaseOrder ?? null,
    notes: values.notes ?? null,
  };
  return ctx.db.transaction(async (tx) => {
    const [model] = await tx.select({ name: softwareModels.displayName }).from(softwareModels).where(eq(softwareModels.id, input.softwareModelId));
    if (!model) throw new ServiceError("invalid_input", "This software model does not exist.", { softwareModelId: ["Choose the software model."] });
    if (id) {
      const [before] = await tx.select().from(e).where(eq(e.id, id)).for("update");
      if (!before) throw new ServiceError("not_found", "This entitlement does not exist.");
      const [after] = await tx.update(e).set({ ...row, updatedAt: new Date() }).where(eq(e.id, id)).returning();
      await writeAudit(tx, ctx.actor, { action: "entitlement.update", entityType: "entitlement", entityId: id, summary: `Updated the entitlement of ${model.name}`, before, after });
      return after!;
    }
    const [created] = await tx.insert(e).values({ ...row, createdBy: ctx.actor.kind === "person" ? ctx.actor.id : null }).returning();
    await writeAudit(tx, ctx.actor, { action: "entitlement.create", entityType: "entitlement", entityId: created!.id, summary: `Created an entitlement of ${values.purchasedRights} rights of ${model.name}`, after: created });
    return created!;
  });
}

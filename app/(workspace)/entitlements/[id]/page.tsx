import { notFound } from "next/navigation";
import { z } from "zod";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { entitlementModelChoices, getEntitlement } from "@/lib/services/entitlements/entitlements";
import { EntitlementForm } from "@/components/entitlements/entitlement-form";
import { PageHeader } from "@/components/layout/page-header";

export const metadata = { title: "Entitlement" };

export default async function EntitlementPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const ctx = { db: await getDb(), actor };
  const [row, models] = await Promise.all([getEntitlement(ctx, { id: id.data }), entitlementModelChoices(ctx)]);
  if (!row) notFound();
  const model = models.find((m) => m.id === row.softwareModelId);
  return (
    <>
      <PageHeader title={`Entitlement: ${model?.name ?? "software model"}`} description={`${row.purchasedRights} rights at ${row.unitCost} ${row.currency}.`} />
      <EntitlementForm canEdit={can(actor.roles, "entitlements:manage")} models={models} values={{ ...row, id: row.id }} />
    </>
  );
}

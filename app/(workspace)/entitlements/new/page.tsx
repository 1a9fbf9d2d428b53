import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { entitlementModelChoices } from "@/lib/services/entitlements/entitlements";
import { EntitlementForm } from "@/components/entitlements/entitlement-form";
import { PageHeader } from "@/components/layout/page-header";

export const metadata = { title: "New entitlement" };

export default async function NewEntitlementPage() {
  const actor = await requirePageActor();
  const models = await entitlementModelChoices({ db: await getDb(), actor });
  return (
    <>
      <PageHeader title="New entitlement" description="Rights bought for one software model. Only a sam_admin saves entitlements." />
      <EntitlementForm
        canEdit={can(actor.roles, "entitlements:manage")}
        models={models}
        values={{ softwareModelId: "", displayName: null, purchasedRights: 0, unitCost: "", currency: "USD", subscriptionPeriod: "annually", startDate: null, endDate: null, noticePeriodDays: null, costCenter: null, vendor: null, purchaseOrder: null, notes: null, state: "in_use" }}
      />
    </>
  );
}

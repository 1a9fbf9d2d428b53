import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { listVendors } from "@/lib/integrations/registry";
import { exclusionRulesSpec } from "@/lib/lists/exclusions-spec";
import { listExclusionRules } from "@/lib/services/exclusions/list-exclusion-rules";
import { parseListParams } from "@/lib/table/list-spec";
import { PageHeader } from "@/components/layout/page-header";
import { ExclusionRulesTable } from "@/components/lists/exclusion-rules-table";

export const metadata = { title: "Subscription exclusions" };

export default async function SubscriptionExclusionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const params = parseListParams(exclusionRulesSpec, await searchParams);
  const { rows, total } = await listExclusionRules({ db: await getDb(), actor }, { params });
  return (
    <>
      <PageHeader
        title="Subscription exclusions"
        description="Subscription Identifier Exclusion Rules (a license identifier, per profile type) and Subscription User Exclusion Rules (a user principal name, across all profiles) keep subscriptions out of cost, compliance and reclamation; the subscriptions stay listed with the rule that excluded them."
      />
      <ExclusionRulesTable
        spec={exclusionRulesSpec}
        params={params}
        rows={rows}
        total={total}
        canManage={can(actor.roles, "exclusions:manage")}
        profileTypes={listVendors().map((v) => v.profileType)}
      />
    </>
  );
}

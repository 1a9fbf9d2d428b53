import { can } from "@/lib/auth/permissions";
import { listVendors } from "@/lib/integrations/registry";
import { exclusionRulesSpec } from "@/lib/lists/exclusions-spec";
import { listExclusionRules } from "@/lib/services/exclusions/list-exclusion-rules";
import { readListPage, type SearchParams } from "@/lib/lists/list-page";
import { PageHeader } from "@/components/layout/page-header";
import { ExclusionRulesTable } from "@/components/lists/exclusion-rules-table";

export const metadata = { title: "Subscription exclusions" };

export default async function SubscriptionExclusionsPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, table } = await readListPage(exclusionRulesSpec, listExclusionRules, searchParams);
  return (
    <>
      <PageHeader
        title="Subscription exclusions"
        description="Subscription Identifier Exclusion Rules (a license identifier, per profile type) and Subscription User Exclusion Rules (a user principal name, across all profiles) keep subscriptions out of cost, compliance and reclamation; the subscriptions stay listed with the rule that excluded them."
      />
      <ExclusionRulesTable
        {...table}
        canManage={can(actor.roles, "exclusions:manage")}
        profileTypes={listVendors().map((v) => v.profileType)}
      />
    </>
  );
}

import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { profilesSpec } from "@/lib/lists/profiles-spec";
import { listProfiles } from "@/lib/services/profiles/list-profiles";
import { readListPage, type SearchParams } from "@/lib/lists/list-page";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { ProfilesTable } from "@/components/lists/profiles-table";
import { Button } from "@/components/ui/button";

export const metadata = { title: "Direct integration profiles" };

export default async function ProfilesPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, search, table } = await readListPage(profilesSpec, listProfiles, searchParams);
  const canManage = can(actor.roles, "profiles:manage");
  return (
    <>
      <PageHeader
        title="Direct integration profiles"
        description="Each profile connects OpenSAM to one SaaS vendor organization and downloads its user subscriptions every day."
        actions={
          canManage && (
            <Button asChild>
              <Link href="/integration-profiles/new">New</Link>
            </Button>
          )
        }
      />
      {search.deleted === "1" && (
        <p role="status" className="mb-4 rounded-md bg-success/10 px-3 py-2 text-sm text-success">
          The profile was deleted.
        </p>
      )}
      <ProfilesTable
        {...table}
        empty={
          <EmptyState title="No integration profile yet" action={canManage ? { label: "New", href: "/integration-profiles/new" } : undefined}>
            {canManage
              ? "Create one with New › Miro Enterprise › Continue, connect it to Miro's OAuth app and SCIM token, validate the connection and publish it."
              : "A sam_integrator creates profiles: New › Miro Enterprise › Continue, then connects, validates and publishes it."}
          </EmptyState>
        }
      />
    </>
  );
}

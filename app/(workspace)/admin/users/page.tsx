import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { usersSpec } from "@/lib/lists/users-spec";
import { listUsers } from "@/lib/services/users/list-users";
import { parseListParams } from "@/lib/table/list-spec";
import { PageHeader } from "@/components/layout/page-header";
import { UsersTable } from "@/components/lists/users-table";
import { CreateUserDialog } from "@/components/users/create-user-dialog";
import { EmptyState } from "@/components/layout/empty-state";

export const metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor("users:manage");
  const params = parseListParams(usersSpec, await searchParams);
  const { rows, total } = await listUsers({ db: await getDb(), actor }, { params });
  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in to this workspace and their roles: sam_user sees everything and acts on removal candidates; sam_integrator also manages integration profiles and connections; sam_admin also manages rules, entitlements, reconciliation and people."
        actions={<CreateUserDialog />}
      />
      <UsersTable
        spec={usersSpec}
        params={params}
        rows={rows}
        total={total}
        exportHref="/api/lists/users/export"
        empty={<EmptyState title="No people yet">Create the first person with New person.</EmptyState>}
      />
    </>
  );
}

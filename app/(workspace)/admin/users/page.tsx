import { usersSpec } from "@/lib/lists/users-spec";
import { listUsers } from "@/lib/services/users/list-users";
import { readListPage, type SearchParams } from "@/lib/lists/list-page";
import { PageHeader } from "@/components/layout/page-header";
import { UsersTable } from "@/components/lists/users-table";
import { CreateUserDialog } from "@/components/users/create-user-dialog";
import { EmptyState } from "@/components/layout/empty-state";

export const metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const { table } = await readListPage(usersSpec, listUsers, searchParams, "users:manage");
  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in to this workspace and their roles: sam_user sees everything and acts on removal candidates; sam_integrator also manages integration profiles and connections; sam_admin also manages rules, entitlements, reconciliation and people."
        actions={<CreateUserDialog />}
      />
      <UsersTable
        {...table}
        empty={<EmptyState title="No people yet">Create the first person with New person.</EmptyState>}
      />
    </>
  );
}

import { can } from "@/lib/auth/permissions";
import { directorySpec } from "@/lib/lists/directory-spec";
import { listDirectoryUsers } from "@/lib/services/directory/list-directory-users";
import { readListPage, type SearchParams } from "@/lib/lists/list-page";
import { PageHeader } from "@/components/layout/page-header";
import { DirectoryActions } from "@/components/directory/directory-actions";
import { DirectoryUsersTable } from "@/components/lists/directory-users-table";
import { EmptyState } from "@/components/layout/empty-state";

export const metadata = { title: "User directory" };

export default async function UserDirectoryPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, table } = await readListPage(directorySpec, listDirectoryUsers, searchParams);
  const canManage = can(actor.roles, "directory:manage");
  return (
    <>
      <PageHeader
        title="User directory"
        description="The company's people (name, email, user name, manager, department, cost center), separate from sign-in accounts. Downloaded subscriptions resolve to them by email, then by user name; the rest are listed as without user."
        actions={canManage ? <DirectoryActions /> : undefined}
      />
      <DirectoryUsersTable
        {...table}
        empty={
          <EmptyState title="The user directory is empty">
            {canManage
              ? "Add people one by one with New person, or import them from a CSV file with Import CSV; downloaded subscriptions then resolve to them by email."
              : "A sam_admin adds people here one by one or imports them from a CSV file; downloaded subscriptions then resolve to them by email."}
          </EmptyState>
        }
      />
    </>
  );
}

"use client";
import { directoryColumns } from "@/lib/lists/people-columns";
import type { DirectoryUserRow } from "@/lib/services/directory/list-directory-users";
import { createListTable } from "@/components/data-table/list-table";

/** Administration › **User directory**. */
export const DirectoryUsersTable = createListTable<DirectoryUserRow>(directoryColumns, (r) => r.id);

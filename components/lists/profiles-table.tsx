"use client";
import { profileColumns } from "@/lib/lists/profiles-columns";
import type { ProfileRow } from "@/lib/services/profiles/list-profiles";
import { createListTable } from "@/components/data-table/list-table";

/** **Direct integration profiles**. */
export const ProfilesTable = createListTable<ProfileRow>(profileColumns, (r) => r.id);

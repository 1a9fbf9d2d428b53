"use client";
import { profileModelColumns } from "@/lib/lists/software-models-columns";
import type { ProfileModelRow } from "@/lib/services/profiles/list-profile-models";
import { createListTable } from "@/components/data-table/list-table";

/** A profile's **Software models**. */
export const ProfileModelsTable = createListTable<ProfileModelRow>(profileModelColumns, (r) => r.id);

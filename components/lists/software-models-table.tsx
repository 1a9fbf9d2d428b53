"use client";
import { softwareModelColumns } from "@/lib/lists/software-models-columns";
import type { SoftwareModelRow } from "@/lib/services/identifiers/list-software-models";
import { createListTable } from "@/components/data-table/list-table";

/** **Software models**: every model with its identifiers and current subscriptions. */
export const SoftwareModelsTable = createListTable<SoftwareModelRow>(softwareModelColumns, (r) => r.id);

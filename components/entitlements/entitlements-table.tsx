"use client";
import { entitlementColumns } from "@/lib/lists/entitlements-columns";
import type { EntitlementRow } from "@/lib/services/entitlements/entitlements";
import { createListTable } from "@/components/data-table/list-table";

/** **Entitlements**. */
export const EntitlementsTable = createListTable<EntitlementRow>(entitlementColumns, (r) => r.id);

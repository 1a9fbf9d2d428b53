"use client";
import { reclamationRuleColumns } from "@/lib/lists/reclamation-rules-columns";
import type { ReclamationRuleRow } from "@/lib/services/reclamation/list-rules";
import { createListTable } from "@/components/data-table/list-table";

/** **Reclamation rules**. */
export const ReclamationRulesTable = createListTable<ReclamationRuleRow>(reclamationRuleColumns, (r) => r.id);

"use client";
import { auditColumns } from "@/lib/lists/people-columns";
import type { AuditRow } from "@/lib/services/audit/list-audit";
import { createListTable } from "@/components/data-table/list-table";

/** **Audit log**. */
export const AuditTable = createListTable<AuditRow>(auditColumns, (r) => String(r.id));

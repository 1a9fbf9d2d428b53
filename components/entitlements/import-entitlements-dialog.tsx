"use client";
import { importEntitlementsAction } from "@/app/(workspace)/entitlements/actions";
import type { EntitlementImportSummary } from "@/lib/services/entitlements/import-entitlements-csv";
import { ImportCsvDialog } from "@/components/csv/import-csv-dialog";

/**
 * **Import CSV** of entitlements: a file with the columns the Entitlements export writes. One bad
 * line and nothing is imported; the preview lists every bad line with the column at fault.
 */
export function ImportEntitlementsDialog({ onDone }: { onDone: (message: string) => void }) {
  return (
    <ImportCsvDialog<EntitlementImportSummary>
      inputId="entitlements-csv"
      action={importEntitlementsAction}
      counts={(s) => [
        ["Rows", s.rows],
        ["To create", s.created],
        ["Rejected", s.rejected],
      ]}
      subject={{ header: "Software model", of: (r) => r.model }}
      canImport={(s) => s.rejected === 0 && s.created > 0}
      onDone={onDone}
      description={
        <>
          Use the columns of the Entitlements export (<strong>Export CSV</strong> on this list, with all columns shown, is a template): Software model, Purchased
          rights, Unit cost (e.g. <code className="text-xs">12.00 EUR</code>), Period and State are required; Name, Start, End, Cost center and Vendor may be
          left out. Each line creates an entitlement. If any line is wrong nothing is imported, and every wrong line is listed with why.
        </>
      }
    />
  );
}

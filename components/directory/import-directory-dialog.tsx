"use client";
import { importDirectoryAction } from "@/app/(workspace)/admin/user-directory/actions";
import { DIRECTORY_CSV_HEADERS } from "@/lib/lists/directory-spec";
import type { ImportSummary } from "@/lib/services/directory/import-directory-csv";
import { ImportCsvDialog } from "@/components/csv/import-csv-dialog";

const TEMPLATE = `${DIRECTORY_CSV_HEADERS.join(",")}\r\nAda Lovelace,ada@example.com,ada,Engineering,CC-100,,true\r\n`;

/**
 * **Import CSV** into the user directory: rows upsert by email; rejected rows are listed with why and
 * left out, the accepted ones are written together (one transaction).
 */
export function ImportDirectoryDialog({ onDone }: { onDone: (message: string) => void }) {
  return (
    <ImportCsvDialog<ImportSummary>
      inputId="directory-csv"
      action={importDirectoryAction}
      counts={(s) => [
        ["Created", s.created],
        ["Updated", s.updated],
        ["Unchanged", s.unchanged],
        ["Rejected", s.rejected],
      ]}
      subject={{ header: "Email", of: (r) => r.email }}
      canImport={(s) => s.created + s.updated > 0}
      onDone={onDone}
      description={
        <>
          The first line names the columns: <code className="text-xs">{DIRECTORY_CSV_HEADERS.join(",")}</code> (name and email required). People are matched by
          email: new emails are created, known ones updated. Nothing is written until you select Import, and then all accepted rows are written together.{" "}
          <a className="text-primary underline" href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`} download="user-directory-template.csv">
            Download a template
          </a>
          .
        </>
      }
    />
  );
}

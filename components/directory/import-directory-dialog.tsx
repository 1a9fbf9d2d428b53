"use client";
import { useState, useTransition } from "react";
import { importDirectoryAction } from "@/app/(workspace)/admin/user-directory/actions";
import type { ActionResult } from "@/lib/actions/action";
import { DIRECTORY_CSV_HEADERS } from "@/lib/lists/directory-spec";
import type { ImportSummary } from "@/lib/services/directory/import-directory-csv";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { FormError } from "@/components/forms/field";

const TEMPLATE = `${DIRECTORY_CSV_HEADERS.join(",")}\r\nAda Lovelace,ada@example.com,ada,Engineering,CC-100,,true\r\n`;
const MAX_BYTES = 9_000_000;

function SummaryView({ summary }: { summary: ImportSummary }) {
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="import-summary">
      <dl className="grid grid-cols-4 gap-2 text-center">
        {(
          [
            ["Created", summary.created],
            ["Updated", summary.updated],
            ["Unchanged", summary.unchanged],
            ["Rejected", summary.rejected],
          ] as const
        ).map(([label, value]) => (
          <div key={label} className="rounded-md border border-border px-2 py-1.5">
            <dt className="text-xs text-muted-foreground">{label}</dt>
            <dd className="text-base font-semibold">{value.toLocaleString()}</dd>
          </div>
        ))}
      </dl>
      {summary.rejections.length > 0 && (
        <div className="max-h-48 overflow-y-auto rounded-md border border-border">
          <table className="w-full text-xs">
            <caption className="sr-only">Rejected rows</caption>
            <thead className="bg-muted text-left">
              <tr>
                <th className="px-2 py-1">Line</th>
                <th className="px-2 py-1">Email</th>
                <th className="px-2 py-1">Why</th>
              </tr>
            </thead>
            <tbody>
              {summary.rejections.map((r) => (
                <tr key={r.row} className="border-t border-border">
                  <td className="px-2 py-1">{r.row}</td>
                  <td className="px-2 py-1">{r.email ?? "—"}</td>
                  <td className="px-2 py-1">{r.reasons.join(" ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {summary.rejected > summary.rejections.length && (
            <p className="px-2 py-1 text-xs text-muted-foreground">…and {summary.rejected - summary.rejections.length} more.</p>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * **Import CSV**: choose a file, **Preview** what it would do (nothing is written), then **Import**
 * (one transaction: all accepted rows or none). Rows upsert by email; rejected rows are listed with why.
 */
export function ImportDirectoryDialog({ onDone }: { onDone: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [result, setResult] = useState<ActionResult<ImportSummary> | null>(null);
  const [pending, startTransition] = useTransition();

  const reset = () => {
    setFile(null);
    setFileError(null);
    setResult(null);
  };
  const run = (mode: "preview" | "import") =>
    file &&
    startTransition(async () => {
      const r = await importDirectoryAction(null, { csv: file.text, mode, fileName: file.name });
      setResult(r);
      if (r.ok && r.data.committed) {
        setOpen(false);
        reset();
        onDone(r.message ?? "Imported.");
      }
    });
  const preview = result?.ok ? result.data : null;
  const error = result && !result.ok ? (result.fieldErrors?.csv?.[0] ?? result.error) : null;

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">Import CSV</Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Import CSV</DialogTitle>
          <DialogDescription>
            The first line names the columns: <code className="text-xs">{DIRECTORY_CSV_HEADERS.join(",")}</code> (name and email required). People are matched by
            email: new emails are created, known ones updated. Nothing is written until you select Import, and then all accepted rows are written together.{" "}
            <a className="text-primary underline" href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`} download="user-directory-template.csv">
              Download a template
            </a>
            .
          </DialogDescription>
        </DialogHeader>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="directory-csv">CSV file</Label>
          <Input
            id="directory-csv"
            type="file"
            accept=".csv,text/csv"
            onChange={async (e) => {
              const chosen = e.target.files?.[0];
              setResult(null);
              setFileError(null);
              if (!chosen) return setFile(null);
              if (chosen.size > MAX_BYTES) {
                setFile(null);
                return setFileError("The file is larger than 9 MB: split it into several files.");
              }
              setFile({ name: chosen.name, text: await chosen.text() });
            }}
          />
        </div>
        <FormError message={fileError ?? error ?? undefined} />
        {preview && (
          <>
            <p role="status" className="text-sm">
              {result?.ok ? result.message : null}
            </p>
            <SummaryView summary={preview} />
          </>
        )}
        <DialogFooter>
          <Button variant="outline" disabled={!file || pending} onClick={() => run("preview")}>
            {pending && !preview ? "Checking…" : "Preview"}
          </Button>
          <Button disabled={!file || !preview || pending || preview.created + preview.updated === 0} onClick={() => run("import")}>
            {pending && preview ? "Importing…" : "Import"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

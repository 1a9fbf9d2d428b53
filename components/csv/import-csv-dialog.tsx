"use client";
import { useState, useTransition, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { FormError } from "@/components/forms/field";

/** What every CSV import answers: its counts, its rejected lines with why, and whether it wrote. */
export type CsvImportOutcome = { committed: boolean; rejected: number; rejections: { row: number; reasons: string[] }[] };

type Props<S extends CsvImportOutcome> = {
  /** The file input's id, unique on the page. */
  inputId: string;
  description: ReactNode;
  /** The import's server action, called with `preview` and then `import`. */
  action: (prev: null, input: { csv: string; mode: "preview" | "import"; fileName: string }) => Promise<ActionResult<S>>;
  /** The boxes above the rejected lines: label and number. */
  counts: (summary: S) => readonly (readonly [string, number])[];
  /** The column beside Line that names what a rejected line is about (Email, Software model). */
  subject: { header: string; of: (rejection: S["rejections"][number]) => string | null };
  /** Whether the preview allows the import (something to write, and nothing that stops it). */
  canImport: (summary: S) => boolean;
  onDone: (message: string) => void;
};

const MAX_BYTES = 9_000_000;

function SummaryView<S extends CsvImportOutcome>({ summary, counts, subject }: { summary: S } & Pick<Props<S>, "counts" | "subject">) {
  const boxes = counts(summary);
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="import-summary">
      <dl className="grid gap-2 text-center" style={{ gridTemplateColumns: `repeat(${boxes.length}, minmax(0, 1fr))` }}>
        {boxes.map(([label, value]) => (
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
                <th className="px-2 py-1">{subject.header}</th>
                <th className="px-2 py-1">Why</th>
              </tr>
            </thead>
            <tbody>
              {summary.rejections.map((r) => (
                <tr key={r.row} className="border-t border-border">
                  <td className="px-2 py-1">{r.row}</td>
                  <td className="px-2 py-1">{subject.of(r) ?? "—"}</td>
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
 * **Import CSV**, for any list that imports a file (the user directory, entitlements): choose a file,
 * **Preview** what it would do (nothing is written), then **Import**. The browser reads the file and
 * sends its text; the import's own verb decides what a bad line means for the rest.
 */
export function ImportCsvDialog<S extends CsvImportOutcome>({ inputId, description, action, counts, subject, canImport, onDone }: Props<S>) {
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [result, setResult] = useState<ActionResult<S> | null>(null);
  const [pending, startTransition] = useTransition();

  const reset = () => {
    setFile(null);
    setFileError(null);
    setResult(null);
  };
  const run = (mode: "preview" | "import") =>
    file &&
    startTransition(async () => {
      const r = await action(null, { csv: file.text, mode, fileName: file.name });
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
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={inputId}>CSV file</Label>
          <Input
            id={inputId}
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
            <SummaryView summary={preview} counts={counts} subject={subject} />
          </>
        )}
        <DialogFooter>
          <Button variant="outline" disabled={!file || pending} onClick={() => run("preview")}>
            {pending && !preview ? "Checking…" : "Preview"}
          </Button>
          <Button disabled={!file || !preview || pending || !canImport(preview)} onClick={() => run("import")}>
            {pending && preview ? "Importing…" : "Import"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

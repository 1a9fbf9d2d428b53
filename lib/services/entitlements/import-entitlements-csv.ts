import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../auth/actor";
import { CsvSyntaxError, parseCsvRecords, unguardCell, type CsvRecord } from "../../csv/parse";
import type { DbOrTx } from "../../db";
import { entitlements as e, softwareModels } from "../../db/schema";
import { ServiceError } from "../../errors";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { entitlementInputSchema, type EntitlementInput } from "./entitlement-input";
import {
  columnOfHeader,
  ENTITLEMENT_CSV_COLUMNS,
  entitlementCsvHeader,
  formInputOfCells,
  reasonOfIssue,
  REQUIRED_ENTITLEMENT_CSV_COLUMNS,
  type EntitlementCsvColumn,
} from "./entitlement-csv-row";

export const importEntitlementsInput = z.object({
  csv: z.string().min(1, "Choose a CSV file.").max(5_000_000, "The file is larger than 5 MB: split it into several files."),
  mode: z.enum(["preview", "import"]),
  fileName: z.string().max(300).optional(),
});

export type EntitlementImportRejection = { row: number; model: string | null; reasons: string[] };

export type EntitlementImportSummary = {
  /** Data rows in the file (blank lines left out). */
  rows: number;
  /** Entitlements created (or, in a preview, that the import would create). */
  created: number;
  rejected: number;
  /** Every bad row, by the line it starts on; one is enough for nothing to be imported. */
  rejections: EntitlementImportRejection[];
  committed: boolean;
};

type Cells = Partial<Record<EntitlementCsvColumn, string>>;

const MAX_ROWS = 10_000;
const BATCH = 500;

const fileError = (message: string) => new ServiceError("invalid_input", message, { csv: [message] });
const HEADERS = () => ENTITLEMENT_CSV_COLUMNS.map(entitlementCsvHeader).join(",");

/** The header's columns: every one known, none twice, the form's required ones present. */
function columnsOfHeader(header: string[]): EntitlementCsvColumn[] {
  if (header.every((h) => h.trim() === "")) throw fileError(`The file is empty. Its first line names the columns, as the Entitlements export writes them: ${HEADERS()}.`);
  const columns = header.map((h) => {
    const column = columnOfHeader(h);
    if (!column) throw fileError(`The file has a column OpenSAM does not know: "${h.trim()}". The columns are ${HEADERS()}.`);
    return column;
  });
  const twice = columns.find((c, i) => columns.indexOf(c) !== i);
  if (twice) throw fileError(`The column "${entitlementCsvHeader(twice)}" appears twice in the first line.`);
  const missing = REQUIRED_ENTITLEMENT_CSV_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) throw fileError(`The file has no ${missing.map((c) => `"${entitlementCsvHeader(c)}"`).join(", ")} column. The required columns are ${REQUIRED_ENTITLEMENT_CSV_COLUMNS.map(entitlementCsvHeader).join(", ")}.`);
  return columns;
}

function recordsOf(text: string): CsvRecord[] {
  try {
    return parseCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw fileError(`${error.message} Nothing was imported.`);
    throw error;
  }
}

/** Software model ids by lower-cased name; a name two models share maps to null (ambiguous). */
async function modelsByName(db: DbOrTx, names: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const unique = [...new Set(names.map((n) => n.toLowerCase()))];
  for (let i = 0; i < unique.length; i += 1000) {
    const chunk = unique.slice(i, i + 1000);
    const rows = await db
      .select({ id: softwareModels.id, name: sql<string>`lower(btrim(${softwareModels.displayName}))` })
      .from(softwareModels)
      .where(sql`lower(btrim(${softwareModels.displayName})) in (${sql.join(chunk.map((n) => sql`${n}`), sql`, `)})`);
    for (const r of rows) out.set(r.name, out.has(r.name) ? null : r.id);
  }
  return out;
}

/**
 * **Import** of entitlements from a CSV file with the Entitlements export's columns (sam_admin).
 * Every line is checked with the entitlement form's schema; one bad line and nothing is imported,
 * and every bad line is reported with its line number and the column at fault. A good file is
 * created in ONE transaction with one audit row. `preview` checks without writing.
 */
export async function importEntitlementsCsv(ctx: ServiceContext, raw: z.input<typeof importEntitlementsInput>): Promise<EntitlementImportSummary> {
  authorize(ctx.actor, "entitlements:manage", "manage entitlements");
  const input = parseInput(importEntitlementsInput, raw);
  const [header, ...body] = recordsOf(input.csv);
  if (!header) throw fileError(`The file is empty. Its first line names the columns, as the Entitlements export writes them: ${HEADERS()}.`);
  const columns = columnsOfHeader(header.cells);
  const lines = body.filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (lines.length > MAX_ROWS) throw fileError(`The file has more than ${MAX_ROWS.toLocaleString("en")} entitlements: split it into several files.`);

  const cellsOf = (r: CsvRecord): Cells => Object.fromEntries(columns.map((c, i) => [c, unguardCell(r.cells[i] ?? "")]));
  const models = await modelsByName(ctx.db, lines.map((r) => (cellsOf(r).model ?? "").trim()).filter(Boolean));

  const good: EntitlementInput[] = [];
  const rejections: EntitlementImportRejection[] = [];
  for (const record of lines) {
    const cells = cellsOf(record);
    const name = (cells.model ?? "").trim();
    const reasons: string[] = [];
    if (record.cells.length > columns.length) reasons.push(`Row: the line has ${record.cells.length} cells but the first line names ${columns.length} columns.`);
    const modelId = models.get(name.toLowerCase());
    if (!name) reasons.push(`${entitlementCsvHeader("model")}: Give the software model's name.`);
    else if (modelId === undefined) reasons.push(`${entitlementCsvHeader("model")}: There is no software model named "${name}".`);
    else if (modelId === null) reasons.push(`${entitlementCsvHeader("model")}: Several software models are named "${name}"; rename one so that the file names one model.`);
    const parsed = entitlementInputSchema.safeParse(formInputOfCells(cells, modelId ?? undefined));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        // The model's own reason is said above, in words better than "Choose the software model".
        if (issue.path[0] === "softwareModelId") continue;
        const reason = reasonOfIssue(issue, cells);
        if (reason && !reasons.includes(reason)) reasons.push(reason);
      }
    }
    if (reasons.length || !parsed.success) rejections.push({ row: record.line, model: name || null, reasons });
    else good.push(parsed.data);
  }

  const summary: EntitlementImportSummary = { rows: lines.length, created: rejections.length ? 0 : good.length, rejected: rejections.length, rejections, committed: false };
  if (input.mode === "preview" || rejections.length || good.length === 0) return summary;

  const createdBy = ctx.actor.kind === "person" ? ctx.actor.id : null;
  return ctx.db.transaction(async (tx) => {
    for (let i = 0; i < good.length; i += BATCH) {
      await tx.insert(e).values(
        good.slice(i, i + BATCH).map(({ id: _id, ...v }) => ({
          ...v,
          displayName: v.displayName ?? null,
          startDate: v.startDate ?? null,
          endDate: v.endDate ?? null,
          noticePeriodDays: v.noticePeriodDays ?? null,
          costCenter: v.costCenter ?? null,
          vendor: v.vendor ?? null,
          purchaseOrder: v.purchaseOrder ?? null,
          notes: v.notes ?? null,
          createdBy,
        })),
      );
    }
    await writeAudit(tx, ctx.actor, {
      action: "entitlement.import",
      entityType: "entitlement",
      summary: `Imported ${input.fileName ?? "a CSV file"} into Entitlements: ${good.length} created`,
      after: { created: good.length },
    });
    return { ...summary, committed: true };
  });
}

/** The outcome in words, for the page's notice and the dialog. */
export function entitlementImportText(s: Pick<EntitlementImportSummary, "created" | "rejected" | "committed" | "rows">): string {
  if (s.rejected) return `Nothing was imported: ${s.rejected} of ${s.rows} ${s.rows === 1 ? "row needs" : "rows need"} attention.`;
  if (s.rows === 0) return "The file has no entitlements after its first line.";
  const n = `${s.created} ${s.created === 1 ? "entitlement" : "entitlements"}`;
  return s.committed ? `Imported: ${n} created.` : `Preview: ${n} would be created. Nothing is written until you select Import.`;
}

import "server-only";
import { asc, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { authorize } from "../../auth/actor";
import { CsvSyntaxError, parseCsvRecords, type CsvRecord } from "../../csv/parse";
import type { DbOrTx } from "../../db";
import { directoryUsers as d } from "../../db/schema";
import { ServiceError } from "../../errors";
import { DIRECTORY_CSV_HEADERS } from "../../lists/directory-spec";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { directoryCsvRow, importDirectoryInput, type DirectoryCsvRow } from "./directory-input";

export type ImportRejection = { row: number; email: string | null; reasons: string[] };

export type ImportSummary = {
  /** Data rows in the file (blank lines left out). */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The first rejections, with the line each row starts on in the file. */
  rejections: ImportRejection[];
  /** False for a preview: nothing was written. */
  committed: boolean;
};

type Column = (typeof DIRECTORY_CSV_HEADERS)[number];
type Accepted = { row: number; data: DirectoryCsvRow };

const MAX_ROWS = 50_000;
const MAX_REJECTIONS_SHOWN = 200;
const BATCH = 500;

function fileError(message: string): ServiceError {
  return new ServiceError("invalid_input", message, { csv: [message] });
}

/** The file's records; a file that is not valid CSV is refused whole, naming the line. */
function readRecords(text: string): CsvRecord[] {
  try {
    return parseCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw fileError(`${error.message} Nothing was imported.`);
    throw error;
  }
}

/**
 * Reads and checks the file without the database: the header (name and email required, no unknown
 * or repeated column), then each row with zod, then emails repeated within the file.
 */
export function readDirectoryCsv(text: string): { columns: Set<Column>; accepted: Accepted[]; rejections: ImportRejection[]; rows: number } {
  const lines = readRecords(text);
  const header = lines[0]?.cells.map((h) => h.trim().toLowerCase().replace(/\s+/g, "_"));
  if (!header || header.every((h) => h === "")) throw fileError(`The file is empty. Its first line names the columns: ${DIRECTORY_CSV_HEADERS.join(",")}.`);
  const known = new Set<string>(DIRECTORY_CSV_HEADERS);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length) {
    throw fileError(`The file has a column OpenSAM does not know: ${unknown.map((h) => `"${h}"`).join(", ")}. The columns are ${DIRECTORY_CSV_HEADERS.join(", ")}.`);
  }
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (repeated.length) throw fileError(`The column "${repeated[0]}" appears twice in the first line.`);
  for (const required of ["name", "email"] as const) {
    if (!header.includes(required)) throw fileError(`The file has no "${required}" column. The first line must name the columns: ${DIRECTORY_CSV_HEADERS.join(",")}.`);
  }

  const accepted: Accepted[] = [];
  const rejections: ImportRejection[] = [];
  const firstRowOf = new Map<string, number>();
  let rows = 0;
  for (const { line, cells } of lines.slice(1)) {
    if (cells.every((c) => c.trim() === "")) continue;
    rows++;
    if (rows > MAX_ROWS) throw fileError(`The file has more than ${MAX_ROWS.toLocaleString("en")} people: split it into several files.`);
    if (cells.length > header.length) {
      rejections.push({ row: line, email: null, reasons: [`The line has ${cells.length} cells but the header names ${header.length} columns.`] });
      continue;
    }
    const raw = Object.fromEntries(header.map((h, k) => [h, cells[k] ?? ""]));
    const parsed = directoryCsvRow.safeParse(raw);
    const email = (raw.email ?? "").trim().toLowerCase() || null;
    if (!parsed.success) {
      rejections.push({ row: line, email, reasons: parsed.error.issues.map((issue) => `${issue.path.join(".") || "row"}: ${issue.message}`) });
      continue;
    }
    const seen = firstRowOf.get(parsed.data.email);
    if (seen !== undefined) {
      rejections.push({ row: line, email, reasons: [`email: ${parsed.data.email} appears more than once in the file (first on line ${seen}).`] });
      continue;
    }
    if (parsed.data.manager_email === parsed.data.email) {
      rejections.push({ row: line, email, reasons: ["manager_email: a person cannot be their own manager."] });
      continue;
    }
    firstRowOf.set(parsed.data.email, line);
    accepted.push({ row: line, data: parsed.data });
  }
  return { columns: new Set(header as Column[]), accepted, rejections, rows };
}

type Existing = {
  id: string;
  email: string;
  name: string;
  userName: string | null;
  department: string | null;
  costCenter: string | null;
  active: boolean;
  managerEmail: string | null;
};

/** Directory people by lower(email); where the table holds the same email twice, the oldest row. */
async function existingByEmail(db: DbOrTx, emails: string[]): Promise<Map<string, Existing>> {
  const manager = alias(d, "manager");
  const out = new Map<string, Existing>();
  for (let i = 0; i < emails.length; i += 1000) {
    const chunk = emails.slice(i, i + 1000);
    if (!chunk.length) continue;
    const rows = await db
      .select({
        id: d.id,
        email: sql<string>`lower(${d.email})`,
        name: d.name,
        userName: d.userName,
        department: d.department,
        costCenter: d.costCenter,
        active: d.active,
        managerEmail: sql<string | null>`lower(${manager.email})`,
      })
      .from(d)
      .leftJoin(manager, sql`${manager.id} = ${d.managerId}`)
      .where(sql`lower(${d.email}) in (${sql.join(chunk.map((e) => sql`${e}`), sql`, `)})`)
      .orderBy(asc(d.createdAt), asc(d.id));
    for (const r of rows) if (!out.has(r.email)) out.set(r.email, r);
  }
  return out;
}

/** The values a row will have: columns the file does not have keep the person's current value. */
function merged(columns: Set<Column>, data: DirectoryCsvRow, current: Existing | undefined) {
  const pick = <T,>(column: Column, fromFile: T, now: T) => (columns.has(column) ? fromFile : now);
  return {
    name: data.name,
    userName: pick("user_name", data.user_name ?? null, current?.userName ?? null),
    department: pick("department", data.department ?? null, current?.department ?? null),
    costCenter: pick("cost_center", data.cost_center ?? null, current?.costCenter ?? null),
    active: pick("active", data.active, current?.active ?? true),
    managerEmail: pick("manager_email", data.manager_email ?? null, current?.managerEmail ?? null),
  };
}

/**
 * **Import CSV** into the user directory: a preview (nothing written) or the import itself, upserting
 * by email without regard to case. Rows that fail a check are listed with their reasons and left
 * out; every accepted row is written in ONE transaction with one audit row, so an error half-way
 * leaves the directory as it was. A manager is named by email and must be in the directory or in
 * the same file. `mode` is `preview` or `import`.
 */
export async function importDirectoryCsv(ctx: ServiceContext, raw: z.input<typeof importDirectoryInput>): Promise<ImportSummary> {
  authorize(ctx.actor, "directory:manage", "manage the user directory");
  const input = parseInput(importDirectoryInput, raw);
  const commit = input.mode === "import";
  const file = readDirectoryCsv(input.csv);

  const run = async (tx: DbOrTx): Promise<ImportSummary> => {
    const rowEmails = file.accepted.map((a) => a.data.email);
    const managerEmails = file.accepted.flatMap((a) => (a.data.manager_email ? [a.data.manager_email] : []));
    const existing = await existingByEmail(tx, [...new Set([...rowEmails, ...managerEmails])]);

    // A manager must exist, in the directory or among the accepted rows; rejecting a row can take
    // away another row's manager, hence the loop until nothing changes.
    const rejections = [...file.rejections];
    let accepted = file.accepted;
    for (;;) {
      const inFile = new Set(accepted.map((a) => a.data.email));
      const next: Accepted[] = [];
      for (const a of accepted) {
        const m = a.data.manager_email;
        if (m && !inFile.has(m) && !existing.has(m)) {
          rejections.push({ row: a.row, email: a.data.email, reasons: [`manager_email: ${m} is neither in the directory nor in this file.`] });
        } else next.push(a);
      }
      if (next.length === accepted.length) break;
      accepted = next;
    }
    rejections.sort((a, b) => a.row - b.row);

    const toCreate: Accepted[] = [];
    const toUpdate: { id: string; a: Accepted }[] = [];
    let unchanged = 0;
    for (const a of accepted) {
      const current = existing.get(a.data.email);
      if (!current) {
        toCreate.push(a);
        continue;
      }
      const want = merged(file.columns, a.data, current);
      const same =
        want.name === current.name &&
        want.userName === current.userName &&
        want.department === current.department &&
        want.costCenter === current.costCenter &&
        want.active === current.active &&
        want.managerEmail === current.managerEmail;
      if (same) unchanged++;
      else toUpdate.push({ id: current.id, a });
    }
    const summary: ImportSummary = {
      rows: file.rows,
      created: toCreate.length,
      updated: toUpdate.length,
      unchanged,
      rejected: rejections.length,
      rejections: rejections.slice(0, MAX_REJECTIONS_SHOWN),
      committed: false,
    };
    if (!commit) return summary;

    const idOf = new Map<string, string>([...existing].map(([email, e]) => [email, e.id]));
    for (let i = 0; i < toCreate.length; i += BATCH) {
      const batch = toCreate.slice(i, i + BATCH);
      const created = await tx
        .insert(d)
        .values(
          batch.map(({ data }) => {
            const v = merged(file.columns, data, undefined);
            return { name: v.name, email: data.email, userName: v.userName, department: v.department, costCenter: v.costCenter, active: v.active };
          }),
        )
        .returning({ id: d.id, email: d.email });
      for (const c of created) idOf.set(c.email!.toLowerCase(), c.id);
    }
    for (let i = 0; i < toUpdate.length; i += BATCH) {
      const values = toUpdate.slice(i, i + BATCH).map(({ id, a }) => {
        const v = merged(file.columns, a.data, existing.get(a.data.email));
        return sql`(${id}::uuid, ${v.name}::text, ${v.userName}::text, ${v.department}::text, ${v.costCenter}::text, ${v.active}::boolean)`;
      });
      await tx.execute(sql`update ${d} as t set name = v.name, user_name = v.user_name, department = v.department,
        cost_center = v.cost_center, active = v.active, updated_at = now()
        from (values ${sql.join(values, sql`, `)}) as v(id, name, user_name, department, cost_center, active)
        where t.id = v.id`);
    }
    // Managers last: a manager may be a person this same import created.
    const managerChanges = accepted.flatMap((a) => {
      const current = existing.get(a.data.email);
      const want = merged(file.columns, a.data, current).managerEmail;
      if (current && want === current.managerEmail) return [];
      if (!current && !want) return [];
      const id = idOf.get(a.data.email);
      return id ? [{ id, managerId: want ? (idOf.get(want) ?? null) : null }] : [];
    });
    for (let i = 0; i < managerChanges.length; i += BATCH) {
      const values = managerChanges.slice(i, i + BATCH).map((m) => sql`(${m.id}::uuid, ${m.managerId}::uuid)`);
      await tx.execute(sql`update ${d} as t set manager_id = v.manager_id, updated_at = now()
        from (values ${sql.join(values, sql`, `)}) as v(id, manager_id) where t.id = v.id`);
    }
    await writeAudit(tx, ctx.actor, {
      action: "directory.import",
      entityType: "directory_user",
      summary: `Imported ${input.fileName ?? "a CSV file"} into the user directory: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected`,
      after: { created: summary.created, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejected },
    });
    return { ...summary, committed: true };
  };

  return commit ? ctx.db.transaction((tx) => run(tx)) : run(ctx.db);
}

/** "12 created, 3 updated, 2 rejected": the summary in words. */
export function importSummaryText(s: Pick<ImportSummary, "created" | "updated" | "unchanged" | "rejected">): string {
  const parts = [`${s.created} created`, `${s.updated} updated`];
  if (s.unchanged) parts.push(`${s.unchanged} unchanged`);
  parts.push(`${s.rejected} rejected`);
  return parts.join(", ");
}

import { CsvError, parse } from "csv-parse/sync";

/**
 * The one CSV reader of the app (the user-directory and entitlement imports, and tests reading an
 * export), on csv-parse: a quote that is not closed is an error naming its line, never a cell that
 * swallows the rest of the file. Pure, so the e2e specs can import it too.
 */

/** One record and the line it starts on (1-based; a quoted cell may span several lines). */
export type CsvRecord = { line: number; cells: string[] };

/** A file that is not valid CSV; `message` is a sentence for a person and starts with "Line N:". */
export class CsvSyntaxError extends Error {
  constructor(
    public readonly line: number,
    message: string,
  ) {
    super(`Line ${line}: ${message}`);
    this.name = "CsvSyntaxError";
  }
}

/** The last line of an export that failed part-way (lib/lists/export-csv.ts writes it). */
export const EXPORT_FAILED_MARK = "# Export failed";

const MAX_RECORD_CHARS = 1_000_000;
const FIX_QUOTES = 'Put the whole cell in double quotes and double every quote inside it, e.g. "say ""hi""".';

type Info = { lines: number; empty_lines: number };

function sentenceFor(error: CsvError, line: number): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quote is not closed, so everything after it would be read as one cell. Close the quote or remove it.";
    case "CSV_INVALID_CLOSING_QUOTE":
      return `a quoted cell goes on after its closing quote. ${FIX_QUOTES}`;
    case "INVALID_OPENING_QUOTE":
      return `a quote appears in the middle of a cell that does not start with one. ${FIX_QUOTES}`;
    case "CSV_MAX_RECORD_SIZE":
      return `the line is longer than ${MAX_RECORD_CHARS.toLocaleString("en")} characters (is a quote left open before it?).`;
    default:
      return `the line is not valid CSV (${error.message.replace(/ at line \d+/, "")}, near line ${line}).`;
  }
}

/**
 * Reads CSV text: a byte-order mark is dropped, CRLF, LF and CR end lines (mixed too), empty lines
 * are skipped and rows may have different numbers of cells (the caller checks them against its
 * header). Throws CsvSyntaxError naming the line where the broken record starts.
 */
export function parseCsvRecords(text: string): CsvRecord[] {
  // One line ending for the whole text: csv-parse fixes on the first ending it meets, and a file
  // edited on two systems mixes them. A CRLF inside a quoted cell becomes LF, which no import minds.
  const normalized = text.replace(/\r\n?/g, "\n");
  let last: Info = { lines: 0, empty_lines: 0 };
  const startOf = (now: Info) => last.lines + 1 + (now.empty_lines - last.empty_lines);
  const starts: number[] = [];
  let rows: string[][];
  try {
    rows = parse(normalized, {
      bom: true,
      record_delimiter: "\n",
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
      // csv-parse knows the line a record ends on; the line it starts on follows the previous record
      // and the empty lines skipped since.
      on_record: (record, context) => {
        starts.push(startOf(context));
        last = { lines: context.lines, empty_lines: context.empty_lines };
        return record;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const at = error as CsvError & Partial<Info>;
    // A quote left open is reported at the end of the file; the record it broke starts after the last good one.
    const line = at.code === "CSV_QUOTE_NOT_CLOSED" || at.lines === undefined ? startOf({ lines: 0, empty_lines: at.empty_lines ?? last.empty_lines }) : at.lines;
    throw new CsvSyntaxError(line, sentenceFor(error, line));
  }
  const out = rows.map((cells, i) => ({ line: starts[i]!, cells }));
  const failed = out.find((r) => r.cells[0]?.startsWith(EXPORT_FAILED_MARK));
  if (failed) throw new CsvSyntaxError(failed.line, "this file is an export that failed part-way and is incomplete. Export the list again.");
  return out;
}

/**
 * A cell as it was before the export defused it: lib/table/csv.ts puts an apostrophe before a cell
 * a spreadsheet would run as a formula (=, +, -, @); reading the file back takes it off again.
 */
export function unguardCell(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** The cells only, e.g. to read an exported file in a test. */
export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text).map((r) => r.cells);
}

import { CsvError, parse } from "csv-parse/sync";

/**
 * CSV per RFC 4180. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) get a
 * leading apostrophe, so an exported list cannot carry a formula injection.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** A CSV file that cannot be read, with the line (1-based) where the problem is. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export type CsvRecord = { line: number; cells: string[] };

/**
 * Parses CSV text (RFC 4180; a BOM, CRLF, LF or CR line ends, quoted cells over several lines) with
 * csv-parse. Each record carries the line it starts on. A file that cannot be read throws a
 * `CsvSyntaxError` saying where, in words: never rows silently merged by an unbalanced quote.
 */
export function parseCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let nextLine = 1;
  try {
    parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      record_delimiter: ["\r\n", "\n", "\r"],
      on_record: (cells: string[], context: { lines: number }) => {
        records.push({ line: nextLine, cells });
        nextLine = context.lines + 1;
        return cells;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    if (error.code === "CSV_QUOTE_NOT_CLOSED") {
      throw new CsvSyntaxError(
        nextLine,
        `Line ${nextLine}: a quote opens a cell that is never closed, so everything after it would be read as one cell. Close the quote (inside a quoted cell, write a quote as two quotes "").`,
      );
    }
    const line = typeof (error as { lines?: unknown }).lines === "number" ? (error as unknown as { lines: number }).lines : nextLine;
    if (error.code === "INVALID_OPENING_QUOTE" || error.code === "CSV_INVALID_CLOSING_QUOTE") {
      throw new CsvSyntaxError(line, `Line ${line}: a quote in the middle of a cell. Put the whole cell in quotes and write the quote as two quotes "".`);
    }
    throw new CsvSyntaxError(line, `Line ${line}: the file cannot be read as CSV (${error.message}).`);
  }
  return records;
}

/** The rows of a CSV text, without their line numbers (tests read exports back with it). */
export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text)
    .map((r) => r.cells)
    .filter((cells) => !(cells.length === 1 && cells[0] === ""));
}

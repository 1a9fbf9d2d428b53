import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv, parseCsvRecords } from "@/lib/csv/parse";
import { csvRow } from "@/lib/table/csv";

describe("CSV", () => {
  it("quotes commas, quotes and newlines and parses back", () => {
    const row = ["plain", 'say "hi"', "a,b", "two\nlines", null, 42];
    expect(parseCsv(csvRow(row))).toEqual([["plain", 'say "hi"', "a,b", "two\nlines", "", "42"]]);
  });

  it("defuses spreadsheet formulas", () => {
    expect(csvRow(["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)"])).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1)\r\n`);
  });
});

describe("CSV reading (lib/csv/parse.ts)", () => {
  const errorOf = (text: string) => {
    try {
      parseCsvRecords(text);
    } catch (error) {
      return error as CsvSyntaxError;
    }
    throw new Error("expected the file to be refused");
  };

  it("refuses a quote that is not closed, naming the line the broken row starts on, instead of merging the lines after it", () => {
    const error = errorOf('a,b\n1,2\n\n3,"open\n4,5\n6,7\n');
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error.line).toBe(4);
    expect(error.message).toBe("Line 4: a quote is not closed, so everything after it would be read as one cell. Close the quote or remove it.");
  });

  it("refuses stray quotes with their line", () => {
    expect(errorOf('a,b\n1,"x"y\n').message).toMatch(/^Line 2: a quoted cell goes on after its closing quote/);
    expect(errorOf('a,b\n1,2\n3,x"y\n').message).toMatch(/^Line 3: a quote appears in the middle of a cell/);
  });

  it("drops a BOM, takes CRLF, LF and CR line endings mixed, skips empty lines, and gives each record the line it starts on", () => {
    const records = parseCsvRecords('\uFEFFa,b\r\n1,2\n\r\n3,"multi\r\nline"\r4,5');
    expect(records).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "2"] },
      { line: 4, cells: ["3", "multi\nline"] },
      { line: 6, cells: ["4", "5"] },
    ]);
    expect(parseCsvRecords("")).toEqual([]);
  });

  it("refuses an export that failed part-way", () => {
    expect(errorOf("Name\nA\n# Export failed after 1 rows: boom; this file is incomplete\n").message).toMatch(/^Line 3: this file is an export that failed part-way/);
  });
});

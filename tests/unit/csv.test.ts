import { describe, expect, it } from "vitest";
import { csvRow, parseCsv } from "@/lib/table/csv";

describe("CSV", () => {
  it("quotes commas, quotes and newlines and parses back", () => {
    const row = ["plain", 'say "hi"', "a,b", "two\nlines", null, 42];
    expect(parseCsv(csvRow(row))).toEqual([["plain", 'say "hi"', "a,b", "two\nlines", "", "42"]]);
  });

  it("defuses spreadsheet formulas", () => {
    expect(csvRow(["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)"])).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1)\r\n`);
  });
});

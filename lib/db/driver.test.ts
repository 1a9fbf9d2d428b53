import { describe, expect, it } from "vitest";
import { takeRows } from "./driver";

describe("takeRows", () => {
  it("returns the rows as a plain array and leaves the driver's array empty", () => {
    class Result extends Array<{ n: number }> {}
    const result = new Result();
    result.push({ n: 1 }, { n: 2 });
    const rows = takeRows(result);
    expect(rows).toEqual([{ n: 1 }, { n: 2 }]);
    expect(Object.getPrototypeOf(rows)).toBe(Array.prototype);
    expect(result).toHaveLength(0);
    expect(rows[0]).toEqual({ n: 1 });
  });
});

import { describe, expect, it } from "vitest";
import { compareVendorIds, IncreasingIds } from "./id-order";

describe("vendor id order", () => {
  it("orders digit strings as numbers and anything else as text", () => {
    expect(compareVendorIds("3074457345821140934", "3074457345821140935")).toBeLessThan(0);
    expect(compareVendorIds("999", "1000")).toBeLessThan(0);
    expect(compareVendorIds("0999", "1000")).toBeLessThan(0);
    expect(compareVendorIds("abc", "abd")).toBeLessThan(0);
    expect(compareVendorIds("5", "5")).toBe(0);
  });

  it("notices a repeat or a step back across pages", () => {
    const ok = new IncreasingIds();
    ok.see(["1", "2", "3"]);
    ok.see(["4", "10"]);
    expect(ok.increasing).toBe(true);
    const repeat = new IncreasingIds();
    repeat.see(["1", "2"]);
    repeat.see(["2", "3"]);
    expect(repeat.increasing).toBe(false);
    const back = new IncreasingIds();
    back.see(["5", "4"]);
    expect(back.increasing).toBe(false);
  });
});

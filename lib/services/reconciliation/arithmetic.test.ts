import { describe, expect, it } from "vitest";
import { reconcileModel, sum, times, toCents } from "./arithmetic";

describe("reconciliation arithmetic", () => {
  it("under-licensed: 130 used of 100 owned at 12.00 → Not compliant, true-up 30 × 12", () => {
    expect(reconcileModel({ rightsOwned: 100, rightsUsed: 130, unitCost: "12.00" })).toEqual({
      rightsAvailable: 0,
      unlicensedSubscriptions: 30,
      compliant: false,
      overLicensedAmount: "0.00",
      trueUpCost: "360.00",
    });
  });
  it("over-licensed: 90 used of 100 → Compliant, over-licensed 10 × 12", () => {
    expect(reconcileModel({ rightsOwned: 100, rightsUsed: 90, unitCost: "12.00" })).toMatchObject({ compliant: true, rightsAvailable: 10, overLicensedAmount: "120.00", trueUpCost: "0.00" });
  });
  it("exact: compliant with nothing over or missing", () => {
    expect(reconcileModel({ rightsOwned: 50, rightsUsed: 50, unitCost: "9.99" })).toMatchObject({ compliant: true, rightsAvailable: 0, unlicensedSubscriptions: 0, overLicensedAmount: "0.00", trueUpCost: "0.00" });
  });
  it("no entitlement (or only expired or draft ones, which count as none): every use is unlicensed, amounts unknown", () => {
    expect(reconcileModel({ rightsOwned: 0, rightsUsed: 7, unitCost: null })).toEqual({ rightsAvailable: 0, unlicensedSubscriptions: 7, compliant: false, overLicensedAmount: null, trueUpCost: null });
  });
  it("nothing used and nothing owned is compliant", () => {
    expect(reconcileModel({ rightsOwned: 0, rightsUsed: 0, unitCost: null }).compliant).toBe(true);
  });
  it("exact money: cents, never floats", () => {
    expect(times("0.10", 3)).toBe("0.30");
    expect(sum(["0.10", "0.20", null])).toBe("0.30");
    expect(toCents("12.5")).toBe(1250);
    expect(times("1234567.89", 1000)).toBe("1234567890.00");
  });
});

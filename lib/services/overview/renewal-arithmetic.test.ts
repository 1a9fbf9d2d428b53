import { describe, expect, it } from "vitest";
import { daysUntil, droppableSeats, noticeDeadline } from "./renewal-arithmetic";

describe("renewal arithmetic", () => {
  it("the notice deadline is the end date minus the notice period, across a month and a year", () => {
    expect(noticeDeadline("2027-01-15", 30)).toBe("2026-12-16");
    expect(noticeDeadline("2027-03-01", 1)).toBe("2027-02-28");
    expect(noticeDeadline("2027-03-01", null)).toBe("2027-03-01");
  });
  it("days until a date, negative once passed", () => {
    expect(daysUntil("2026-12-16", "2026-12-05")).toBe(11);
    expect(daysUntil("2026-12-01", "2026-12-05")).toBe(-4);
  });
  it("over-licensed: the unused rights can go, and the open candidates' seats with them", () => {
    expect(droppableSeats({ rights: 100, modelRights: 100, inUse: 90, openCandidates: 5 })).toBe(15);
  });
  it("under-licensed with candidates: only the seats the candidates free", () => {
    expect(droppableSeats({ rights: 100, modelRights: 100, inUse: 130, openCandidates: 12 })).toBe(12);
  });
  it("never more than this entitlement holds, when several entitlements of the model add up", () => {
    expect(droppableSeats({ rights: 20, modelRights: 120, inUse: 50, openCandidates: 10 })).toBe(20);
  });
  it("nothing used at all: every right of it; nothing to drop when use equals rights and no candidates", () => {
    expect(droppableSeats({ rights: 10, modelRights: 10, inUse: 0, openCandidates: 0 })).toBe(10);
    expect(droppableSeats({ rights: 10, modelRights: 10, inUse: 10, openCandidates: 0 })).toBe(0);
  });
});

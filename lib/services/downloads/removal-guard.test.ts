import { describe, expect, it } from "vitest";
import { guardRemovals } from "./removal-guard";

const base = { membersRead: 1, previousMembersRead: 2000, percent: 10, subject: "the members of Miro organization 1" };

describe("the removal guard", () => {
  it("lets a sweep of up to the profile's share through", () => {
    expect(guardRemovals({ ...base, wouldRemove: 0, current: 2000 })).toEqual({ hold: false });
    expect(guardRemovals({ ...base, wouldRemove: 200, current: 2000 })).toEqual({ hold: false });
    expect(guardRemovals({ ...base, wouldRemove: 3, current: 2000 })).toEqual({ hold: false });
  });

  it("holds back more than the share and says why in words", () => {
    const decision = guardRemovals({ ...base, wouldRemove: 1999, current: 2000 });
    expect(decision.hold).toBe(true);
    if (!decision.hold) return;
    expect(decision.sentence).toContain("This run read 1 of the members of Miro organization 1 (the last completed run read 2,000 members).");
    expect(decision.sentence).toContain("would remove 100 % of the organization, more than the profile's 10 % guard");
    expect(decision.sentence).toContain("Confirm removals");
    expect(guardRemovals({ ...base, wouldRemove: 201, current: 2000 }).hold).toBe(true);
  });

  it("follows the profile's own percentage", () => {
    expect(guardRemovals({ ...base, wouldRemove: 500, current: 2000, percent: 30 }).hold).toBe(false);
    expect(guardRemovals({ ...base, wouldRemove: 700, current: 2000, percent: 30 }).hold).toBe(true);
  });
});

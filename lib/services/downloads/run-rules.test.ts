import { describe, expect, it } from "vitest";
import { buildRunRules, createDecider, decideSubscription } from "./run-rules";

const rules = buildRunRules({
  typeMap: [
    { identifier: "full", softwareModelId: "m-full" },
    { identifier: "occasional", softwareModelId: "m-occ" },
  ],
  profileMap: [{ identifier: "occasional", softwareModelId: "m-occ-own" }],
  identifierRules: [
    { identifier: "free", id: "r-free" },
    { identifier: "FREE", id: "r-free-newer" },
    { identifier: "free_restricted", id: "r-fr" },
  ],
  userRules: [{ userPrincipalName: " CEO@Example.com ", id: "r-ceo" }],
});

describe("decideSubscription", () => {
  it("gives a paid identifier its model; the profile's own entry wins over the type's", () => {
    expect(decideSubscription({ subscriptionIdentifier: "full", userPrincipalName: "a@example.com" }, rules)).toEqual({
      softwareModelId: "m-full",
      excluded: false,
      identifierExclusionRuleId: null,
      userExclusionRuleId: null,
    });
    expect(decideSubscription({ subscriptionIdentifier: "occasional", userPrincipalName: "a@example.com" }, rules).softwareModelId).toBe("m-occ-own");
  });

  it("leaves an unknown identifier without model and not excluded", () => {
    expect(decideSubscription({ subscriptionIdentifier: "team_plus", userPrincipalName: "a@example.com" }, rules)).toEqual({
      softwareModelId: null,
      excluded: false,
      identifierExclusionRuleId: null,
      userExclusionRuleId: null,
    });
  });

  it("excludes by identifier rule (the oldest of equal keys) and by user rule, case-insensitively", () => {
    expect(decideSubscription({ subscriptionIdentifier: "Free", userPrincipalName: "a@example.com" }, rules)).toMatchObject({
      excluded: true,
      identifierExclusionRuleId: "r-free",
      userExclusionRuleId: null,
    });
    expect(decideSubscription({ subscriptionIdentifier: "full", userPrincipalName: "ceo@example.COM" }, rules)).toMatchObject({
      softwareModelId: "m-full",
      excluded: true,
      identifierExclusionRuleId: null,
      userExclusionRuleId: "r-ceo",
    });
    expect(decideSubscription({ subscriptionIdentifier: "free_restricted", userPrincipalName: "CEO@example.com" }, rules)).toMatchObject({
      excluded: true,
      identifierExclusionRuleId: "r-fr",
      userExclusionRuleId: "r-ceo",
    });
  });
});

describe("createDecider", () => {
  const decide = createDecider(rules);
  const members = [
    { subscriptionIdentifier: "full", userPrincipalName: "a@example.com" },
    { subscriptionIdentifier: "Free", userPrincipalName: "b@example.com" },
    { subscriptionIdentifier: "full", userPrincipalName: "ceo@example.COM" },
    { subscriptionIdentifier: "team_plus", userPrincipalName: "c@example.com" },
    { subscriptionIdentifier: "occasional", userPrincipalName: "d@example.com" },
  ];

  it("decides as decideSubscription does, for members with and without a user rule", () => {
    for (const m of members) expect(decide(m)).toEqual(decideSubscription(m, rules));
  });

  it("shares one decision per identifier among members without a user rule", () => {
    expect(decide({ subscriptionIdentifier: "full", userPrincipalName: "x@example.com" })).toBe(decide({ subscriptionIdentifier: "full", userPrincipalName: "y@example.com" }));
    expect(decide({ subscriptionIdentifier: "full", userPrincipalName: "ceo@example.com" }).userExclusionRuleId).toBe("r-ceo");
  });
});

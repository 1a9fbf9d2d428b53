import { describe, expect, it } from "vitest";
import { miroMemberSchema } from "./api-types";
import { downloadHash } from "../download-hash";
import { hashMiroMember, mapMiroMember, miroUserPrincipalName } from "./map-member";
import { pageRow } from "../../services/downloads/write-page";
import { SAMPLE_MIRO_MEMBER } from "../../../tests/helpers/sample-rows";

const base = SAMPLE_MIRO_MEMBER;
const member = (overrides: Record<string, unknown> = {}) => mapMiroMember(miroMemberSchema.parse({ ...base, ...overrides }));

describe("mapMiroMember", () => {
  it("maps Miro's documented example to subscription values", () => {
    expect(member()).toEqual({
      externalUserId: "3074457345821140934",
      userPrincipalName: "user@miro.com",
      subscriptionIdentifier: "full",
      lastActivityAt: "2024-05-01T10:11:12Z",
      subscriptionAssignedAt: "2023-01-01T00:00:00Z",
      active: true,
      role: "organization_internal_user",
      vendorAttributes: {},
    });
  });

  it.each([
    ["absent", { lastActivityAt: undefined }],
    ["null", { lastActivityAt: null }],
    ["empty", { lastActivityAt: "" }],
    ["blank", { lastActivityAt: "  " }],
    ["blank with a no-break space", { lastActivityAt: "\u00a0" }],
  ])("reads a %s lastActivityAt as never active", (_, overrides) => {
    expect(member(overrides).lastActivityAt).toBeNull();
  });

  it("keeps a missing licenseAssignedAt as unknown", () => {
    expect(member({ licenseAssignedAt: undefined }).subscriptionAssignedAt).toBeNull();
  });

  it("keeps a license Miro adds later as it is sent", () => {
    expect(member({ license: "team_plus_2027" }).subscriptionIdentifier).toBe("team_plus_2027");
    expect(member({ license: "unknown" }).subscriptionIdentifier).toBe("unknown");
  });

  it("keeps inactive members, their role, and admin roles as vendor attributes", () => {
    const m = member({ active: false, role: "organization_team_guest_user", adminRoles: [{ type: "prebuilt", name: "User Admin" }] });
    expect(m).toMatchObject({ active: false, role: "organization_team_guest_user", vendorAttributes: { adminRoles: [{ type: "prebuilt", name: "User Admin" }] } });
  });

  it("uses the email, trimmed, as user principal name; an id sent as a number stays exact", () => {
    expect(member({ email: " Someone@Example.com " }).userPrincipalName).toBe("Someone@Example.com");
    expect(member({ email: "Someone@Example.com\u00a0" }).userPrincipalName).toBe("Someone@Example.com");
    expect(member({ email: "\u2028someone@example.com" }).userPrincipalName).toBe("someone@example.com");
    expect(member({ email: "someone@example.com" }).userPrincipalName).toBe("someone@example.com");
    expect(member({ id: 3074457345821140934n }).externalUserId).toBe("3074457345821140934");
  });
});

describe("hashMiroMember", () => {
  const decisions = [
    { softwareModelId: "m-1", excluded: false, identifierExclusionRuleId: null, userExclusionRuleId: null },
    { softwareModelId: null, excluded: true, identifierExclusionRuleId: "r-free", userExclusionRuleId: null },
    { softwareModelId: "m-1", excluded: true, identifierExclusionRuleId: null, userExclusionRuleId: "r-ceo" },
  ];
  const variants: Record<string, unknown>[] = [
    {},
    { lastActivityAt: null, licenseAssignedAt: "" },
    { lastActivityAt: "   ", role: "" },
    { email: "  Padded@Example.com ", active: false, license: "new_license_2027" },
    { adminRoles: [{ type: "content_admin", name: "Content Admin" }] },
    { adminRoles: null },
  ];

  it("gives the hash of the row the member maps to, without building it", () => {
    for (const overrides of variants) {
      const parsed = miroMemberSchema.parse({ ...base, ...overrides });
      for (const decision of decisions) {
        expect(hashMiroMember(parsed, decision)).toBe(downloadHash(pageRow(mapMiroMember(parsed), decision)));
      }
    }
  });

  it("tells members and decisions apart", () => {
    // The last variant (adminRoles null) maps to the same values as the first.
    const parsed = variants.slice(0, -1).map((o) => miroMemberSchema.parse({ ...base, ...o }));
    const hashes = new Set(parsed.flatMap((m) => decisions.map((d) => hashMiroMember(m, d))));
    expect(hashes.size).toBe(parsed.length * decisions.length);
  });

  it("reads the user principal name as the mapping does", () => {
    const parsed = miroMemberSchema.parse({ ...base, email: " a@b.example\t" });
    expect(miroUserPrincipalName(parsed)).toBe(mapMiroMember(parsed).userPrincipalName);
  });
});

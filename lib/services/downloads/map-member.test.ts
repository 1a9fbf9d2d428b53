import { describe, expect, it } from "vitest";
import { miroMemberSchema } from "../../integrations/miro/api-types";
import { mapMiroMember } from "./map-member";

const base = {
  id: "3074457345821140934",
  email: "user@miro.com",
  active: true,
  role: "organization_internal_user",
  license: "full",
  lastActivityAt: "2024-05-01T10:11:12Z",
  licenseAssignedAt: "2023-01-01T00:00:00Z",
  type: "organization-member",
  adminRoles: [],
};
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

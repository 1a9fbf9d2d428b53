import type { PageRow } from "@/lib/services/downloads/write-page";

/** A Miro member as the members API lists it (miro-api.md), for unit tests of the reader and the mapper. */
export const SAMPLE_MIRO_MEMBER = {
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

/** A downloaded subscription as a run writes it, for unit tests of the hash and the page writer. */
export function samplePageRow(overrides: Partial<PageRow> = {}): PageRow {
  return {
    externalUserId: "1",
    userPrincipalName: "a@x.example",
    subscriptionIdentifier: "full",
    lastActivityAt: "2024-05-01T10:11:12Z",
    subscriptionAssignedAt: null,
    active: true,
    role: "organization_internal_user",
    vendorAttributes: {},
    softwareModelId: "00000000-0000-0000-0000-000000000001",
    excluded: false,
    identifierExclusionRuleId: null,
    userExclusionRuleId: null,
    ...overrides,
  };
}

import { describe, expect, it } from "vitest";
import { pagePayload, uniqueByExternalId, type PageRow } from "./write-page";
import { samplePageRow } from "../../../tests/helpers/sample-rows";

const row = (id: string, overrides: Partial<PageRow> = {}): PageRow =>
  samplePageRow({ externalUserId: id, userPrincipalName: `${id}@x.example`, lastActivityAt: null, subscriptionAssignedAt: "2023-01-01T00:00:00Z", ...overrides });

describe("page rows", () => {
  it("keeps one row per member id, the last one listed", () => {
    const rows = [row("1"), row("2"), row("1", { active: false })];
    expect(uniqueByExternalId(rows).map((r) => [r.externalUserId, r.active])).toEqual([
      ["2", true],
      ["1", false],
    ]);
    const distinct = [row("1"), row("2")];
    expect(uniqueByExternalId(distinct)).toEqual(distinct);
  });

  it("sends the rows as compact JSON, with null for empty vendor attributes", () => {
    const payload = JSON.parse(pagePayload([row("1"), row("2", { vendorAttributes: { adminRoles: [{ type: "prebuilt", name: "User Admin" }] } })]));
    expect(payload[0]).toEqual({
      e: "1",
      u: "1@x.example",
      i: "full",
      m: "00000000-0000-0000-0000-000000000001",
      la: null,
      aa: Date.UTC(2023, 0, 1),
      a: true,
      r: "organization_internal_user",
      x: false,
      ir: null,
      ur: null,
      v: null,
      h: expect.any(Number),
    });
    expect(payload[1].v).toEqual({ adminRoles: [{ type: "prebuilt", name: "User Admin" }] });
  });
});

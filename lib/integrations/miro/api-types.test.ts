import { describe, expect, it } from "vitest";
import { parseJsonLossless } from "../http";
import { miroErrorWords, miroMembersPageSchema, miroOrganizationSchema, miroTokenContextSchema, miroTokenResponseSchema, scimListResponseSchema } from "./api-types";

describe("Miro response schemas", () => {
  it("turns ids sent as bare JSON numbers above 2^53 into their exact strings", () => {
    // Miro's own refresh example prints team_id as a number (miro-api.md §1.5).
    const text =
      '{"token_type":"bearer","team_id":3074457358607431473,"user_id":3074457345821140934,"access_token":"a","refresh_token":"r","scope":"boards:read organizations:read","expires_in":3599}';
    const parsed = miroTokenResponseSchema.parse(parseJsonLossless(text));
    expect(parsed.team_id).toBe("3074457358607431473");
    expect(parsed.user_id).toBe("3074457345821140934");
    expect(parsed.expires_in).toBe(3599);
  });

  it("reads a non-expiring token answer (no refresh_token, no expires_in)", () => {
    const parsed = miroTokenResponseSchema.parse(parseJsonLossless('{"access_token":"a","team_id":"1","user_id":"2","scope":"","token_type":"bearer"}'));
    expect(parsed.refresh_token).toBeUndefined();
    expect(parsed.expires_in).toBeUndefined();
  });

  it("reads a token context without organization", () => {
    const parsed = miroTokenContextSchema.parse({ type: "oauth-token", team: { type: "team", name: "Dev", id: "1" }, user: { type: "user", name: "A", id: "2" } });
    expect(parsed.organization).toBeUndefined();
    expect(parsed.scopes).toEqual([]);
  });

  it("keeps enums open: an unknown plan, license or role still parses", () => {
    expect(miroOrganizationSchema.parse({ id: "1", name: "Acme", plan: "enterprise_2030", fullLicensesPurchased: 5 }).plan).toBe("enterprise_2030");
    const page = miroMembersPageSchema.parse({
      limit: 100,
      size: 1,
      type: "cursor-list",
      data: [{ id: "3074457345821140934", email: "a@example.com", active: true, role: "organization_super_user", license: "team_plus", adminRoles: [], extra: 1 }],
    });
    expect(page.data[0]).toMatchObject({ license: "team_plus", role: "organization_super_user" });
  });

  it("reads an empty lastActivityAt (absent, null or \"\") as never active, and an empty cursor as the last page", () => {
    const member = (extra: Record<string, unknown>) => ({ id: "1", email: "a@example.com", active: true, role: "organization_internal_user", license: "full", ...extra });
    const page = miroMembersPageSchema.parse({
      data: [member({}), member({ lastActivityAt: null }), member({ lastActivityAt: "", licenseAssignedAt: "2023-01-01T00:00:00Z" })],
      cursor: "",
    });
    expect(page.data.map((m) => m.lastActivityAt)).toEqual([undefined, undefined, undefined]);
    expect(page.data[2]?.licenseAssignedAt).toBe("2023-01-01T00:00:00Z");
    expect(page.data[0]?.adminRoles).toEqual([]);
    expect(page.cursor).toBeUndefined();
    expect(miroMembersPageSchema.parse({ data: [], cursor: "3074457345821140934" }).cursor).toBe("3074457345821140934");
  });

  it("refuses a member whose activity date is not a date", () => {
    const result = miroMembersPageSchema.safeParse({ data: [{ id: "1", email: "a", active: true, role: "x", license: "full", lastActivityAt: "yesterday" }] });
    expect(result.success).toBe(false);
  });

  it("reads SCIM totalResults with count=0 (no Resources)", () => {
    expect(scimListResponseSchema.parse({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 12, startIndex: 1, itemsPerPage: 0 })).toMatchObject({
      totalResults: 12,
      Resources: [],
    });
  });

  it("finds the vendor's words in the REST, SCIM and RFC 6749 error shapes", () => {
    expect(miroErrorWords({ status: 401, code: "oauthError", message: "Redirect URI mismatch.", type: "error" })).toEqual({ words: "Redirect URI mismatch.", code: "oauthError" });
    expect(miroErrorWords({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "409", detail: "a@b.c is not whitelisted" })).toEqual({ words: "a@b.c is not whitelisted", code: undefined });
    expect(miroErrorWords({ schemas: [], status: "400", scimType: "invalidValue", detail: "bad" })).toEqual({ words: "bad", code: "invalidValue" });
    expect(miroErrorWords({ error: "invalid_grant", error_description: "Refresh token expired" })).toEqual({ words: "Refresh token expired", code: "invalid_grant" });
    expect(miroErrorWords({ error: "invalid_grant" })).toEqual({ words: "invalid_grant", code: "invalid_grant" });
    expect(miroErrorWords("<html>")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { miroMembersPageSchema } from "./api-types";
import { parseMembersPageJson, quickMember, readMembersPageBody } from "./members-page";
import { SAMPLE_MIRO_MEMBER } from "../../../tests/helpers/sample-rows";

const member = SAMPLE_MIRO_MEMBER;

describe("members page reading", () => {
  it.each([
    ["the documented example", member],
    ["never active (key absent)", { ...member, lastActivityAt: undefined }],
    ["never active (null)", { ...member, lastActivityAt: null }],
    ["never active (empty)", { ...member, lastActivityAt: "" }],
    ["a new license", { ...member, license: "team_plus" }],
    ["admin roles and an unknown field", { ...member, adminRoles: [{ type: "prebuilt", name: "User Admin" }], department: "Sales" }],
    ["no adminRoles", { ...member, adminRoles: undefined }],
  ])("reads %s exactly as the zod schema does", (_, raw) => {
    const body = { limit: 100, size: 1, data: [raw], cursor: "3074457345821140934", type: "cursor-list" };
    const fast = readMembersPageBody(body);
    const zod = miroMembersPageSchema.parse(body);
    expect(fast).toEqual({ ok: true, page: { data: zod.data, cursor: zod.cursor } });
    expect(quickMember(raw)).not.toBeNull();
  });

  it("hands anything unusual to zod: a numeric id is accepted, a missing email explained", () => {
    expect(quickMember({ ...member, id: 123 })).toBeNull();
    expect(readMembersPageBody({ data: [{ ...member, id: 123 }] })).toEqual({ ok: true, page: { data: [expect.objectContaining({ id: "123" })], cursor: undefined } });
    expect(readMembersPageBody({ data: [member, { ...member, email: undefined }] })).toEqual({ ok: false, where: "data.1.email", message: expect.any(String) });
    expect(readMembersPageBody({ data: [{ ...member, lastActivityAt: "yesterday" }] })).toMatchObject({ ok: false, where: "data.0.lastActivityAt" });
    expect(readMembersPageBody({ members: [] })).toMatchObject({ ok: false, where: "data" });
  });

  it("treats an empty cursor as the last page", () => {
    expect(readMembersPageBody({ data: [member], cursor: "" })).toMatchObject({ ok: true, page: { cursor: undefined } });
    expect(readMembersPageBody({ data: [], cursor: null })).toMatchObject({ ok: true, page: { data: [], cursor: undefined } });
  });

  it("keeps an id sent as a bare number above 2^53 exact", () => {
    const text = '{"data":[{"id":3074457345821140934,"email":"a@b.c","active":true,"role":"x","license":"full"}]}';
    const read = readMembersPageBody(parseMembersPageJson(text));
    expect(read).toMatchObject({ ok: true, page: { data: [{ id: "3074457345821140934" }] } });
  });

  it("reads the whole page losslessly when any one member's id is a bare number", () => {
    const text = `{"data":[${JSON.stringify(member)},{"id":3074457345821140935,"email":"b@b.c","active":true,"role":"x","license":"full"}],"cursor":"x"}`;
    const read = readMembersPageBody(parseMembersPageJson(text));
    expect(read).toMatchObject({ ok: true, page: { data: [{ id: member.id }, { id: "3074457345821140935" }] } });
  });

  it("parses a normal page with the standard parser", () => {
    const text = JSON.stringify({ data: [member], cursor: member.id });
    expect(parseMembersPageJson(text)).toEqual(JSON.parse(text));
    expect(() => parseMembersPageJson(text.slice(0, 40))).toThrow();
  });
});

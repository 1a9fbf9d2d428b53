import { describe, expect, it } from "vitest";
import { evaluateFilter, objectResolver, parseFilter, parsePatchPath, ScimFilterError } from "../scim-filter";

const user = {
  id: "3074457350000000123",
  userName: "Ada.Lovelace@Example.com",
  displayName: "Ada Lovelace",
  active: true,
  userType: "Full",
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: [
    { value: "ada.lovelace@example.com", type: "work", primary: true },
    { value: "ada@home.example", type: "home", primary: false },
  ],
  groups: [{ value: "3458764577585056871", display: "Design" }],
  meta: { created: "2024-05-01T10:11:12Z" },
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "R&D" },
};

const matches = (filter: string, resource: unknown = user) => evaluateFilter(parseFilter(filter), objectResolver(resource));

describe("SCIM filter parser", () => {
  it.each([
    ['userName eq "ada.lovelace@example.com"', true],
    ['userName eq "someone@example.com"', false],
    ['userName ne "someone@example.com"', true],
    ['displayName co "love"', true],
    ['displayName sw "ada"', true],
    ['displayName ew "lace"', true],
    ['displayName ew "ada"', false],
    ["title pr", false],
    ["displayName pr", true],
    ["active eq true", true],
    ["active eq false", false],
    ['active eq "true"', false],
    ['userType ne "Full"', false],
    ['meta.created gt "2024-01-01T00:00:00Z"', true],
    ['meta.created lt "2024-01-01T00:00:00Z"', false],
    ['meta.created ge "2024-05-01T10:11:12Z"', true],
    ['meta.created le "2024-05-01T10:11:11Z"', false],
    ['displayName gt "Ab"', true],
    ['emails.value eq "ada@home.example"', true],
    ['emails eq "ada@home.example"', true],
    ['emails[type eq "work" and value co "lovelace"]', true],
    ['emails[type eq "home" and primary eq true]', false],
    ['name.givenName eq "ada"', true],
    ['NAME.GIVENNAME EQ "ADA"', true],
    ['groups.value eq "3458764577585056871"', true],
    ["groups.value eq 3458764577585056871", true],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "R&D"', true],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "ada"', true],
    ["externalId eq null", true],
    ["displayName eq null", false],
    ['(active eq true)', true],
    ['active eq true and userType eq "Free"', false],
    ['active eq false or userType eq "Full"', true],
    ['not (userType eq "Full")', false],
    ['not (userType eq "Free") and active eq true', true],
    ['userType eq "Free" or userType eq "Full" and active eq false', false],
    ['(userType eq "Free" or userType eq "Full") and active eq true', true],
    ['userType eq "Free" and active eq true or displayName sw "Ada"', true],
  ])("%s → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it("binds and tighter than or", () => {
    expect(parseFilter("a eq 1 or b eq 2 and c eq 3")).toMatchObject({ type: "or", right: { type: "and" } });
  });

  it.each([
    'userName eq "unterminated',
    "userName zz \"x\"",
    'userName eq "x" trailing',
    "active gt true",
    "(active eq true",
    "userName eq",
    "",
    'userName eq "a" and',
  ])("rejects %j", (filter) => {
    expect(() => parseFilter(filter)).toThrow(ScimFilterError);
  });

  it("parses PATCH paths with value filters and sub-attributes", () => {
    expect(parsePatchPath("roles[primary eq true].value")).toMatchObject({ attr: { name: "roles" }, sub: "value", filter: { type: "compare", op: "eq" } });
    expect(parsePatchPath('roles[value eq "Content Admin"]')).toMatchObject({ attr: { name: "roles" }, filter: { value: { kind: "string", value: "Content Admin" } } });
    expect(parsePatchPath("members[value eq 3074457364022187294]").filter).toMatchObject({ value: { kind: "number", raw: "3074457364022187294" } });
    expect(parsePatchPath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")).toMatchObject({
      attr: { schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user", name: "manager", sub: "value" },
    });
  });
});

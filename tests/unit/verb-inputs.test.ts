import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { createApiTokenInput, createChildAliasInput, startOAuthInput } from "@/lib/services/connections/connection-input";
import { createDirectoryUserInput, importDirectoryInput } from "@/lib/services/directory/directory-input";
import { createIdentifierExclusionInput, createUserExclusionInput, setExclusionRuleActiveInput } from "@/lib/services/exclusions/exclusion-input";
import { mapIdentifierInput } from "@/lib/services/identifiers/identifier-input";
import { createProfileInput, profileIdInput, updateProfileInput } from "@/lib/services/profiles/profile-input";
import { createUserInput, updateUserInput } from "@/lib/services/users/user-input";

const ID = "0b0f6a52-9d7e-4a43-8c1f-3f1d5c2e7a10";

/*
 * A server action parses the form with the verb's schema, then the verb parses what it was given
 * again. That only works when a schema accepts its own output and returns it unchanged: check boxes
 * that become booleans, emails that are lowercased, blanks that become undefined.
 */
const forms: [string, z.ZodType, Record<string, unknown>][] = [
  ["start OAuth", startOAuthInput, { aliasId: "miro_spoke.Miro_Enterprise", name: " Miro ", clientId: "1", clientSecret: "2", returnTo: "/integration-profiles/x" }],
  ["API token", createApiTokenInput, { aliasId: "miro_spoke.Miro_Enterprise_SCIM", name: "SCIM", apiToken: " abcdefghij " }],
  ["child alias", createChildAliasInput, { parentAliasId: "miro_spoke.Miro_Enterprise", name: " Europe " }],
  ["directory person", createDirectoryUserInput, { name: "Bea", email: " Bea@Corp.Example ", userName: "", department: "Finance", managerEmail: "", active: "false" }],
  ["directory person, box ticked", createDirectoryUserInput, { name: "Bea", email: "bea@corp.example", active: "on" }],
  ["directory import", importDirectoryInput, { csv: "email,name\n", mode: "preview", fileName: "people.csv" }],
  ["identifier exclusion", createIdentifierExclusionInput, { profileType: "miro_enterprise_subscription", identifier: " free ", reason: " no cost " }],
  ["user exclusion", createUserExclusionInput, { userPrincipalName: "svc@acme.example", reason: "robot" }],
  ["rule off", setExclusionRuleActiveInput, { kind: "user", id: ID, active: "false" }],
  ["rule on", setExclusionRuleActiveInput, { kind: "identifier", id: ID, active: "true" }],
  ["map to new model", mapIdentifierInput, { profileType: "t", identifier: "full", choice: "new", modelId: "", newModelName: " Full ", profileId: "" }],
  ["map to a model", mapIdentifierInput, { profileType: "t", identifier: "full", choice: "existing", modelId: ID, newModelName: "", profileId: ID }],
  ["new profile", createProfileInput, { vendorId: "miro", displayName: " Miro ", reclaimEnabled: "on" }],
  ["new profile, box clear", createProfileInput, { vendorId: "miro", displayName: "Miro" }],
  ["profile", updateProfileInput, { id: ID, displayName: "Miro", reclaimEnabled: "false", removalGuardPercent: "25", downloadConnectionAliasId: "a.b", reclaimConnectionAliasId: "a.c" }],
  ["profile id", profileIdInput, { id: ID }],
  ["new person", createUserInput, { name: " Ann ", email: "Ann@Example.com", password: "a-long-enough-password", roles: ["sam_user", "sam_user"] }],
  ["person", updateUserInput, { id: ID, roles: "sam_admin", active: "on" }],
  ["person, box clear", updateUserInput, { id: ID, roles: ["sam_user"] }],
];

describe("verb input schemas accept their own output", () => {
  it.each(forms)("%s", (_name, schema, form) => {
    const once = schema.parse(form);
    expect(schema.parse(once)).toEqual(once);
  });
});

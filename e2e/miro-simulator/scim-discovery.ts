/** SCIM discovery resources (§3.1, §3.2): ServiceProviderConfig, ResourceTypes, Schemas. */
import { ScimRequestError } from "./errors";
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA } from "./scim-user-mapper";

/** §3.2, as in Miro's spec example (including the maxResults 200 that conflicts with count ≤ 1000). */
export function serviceProviderConfig(): Record<string, unknown> {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: "https://developers.miro.com/docs/scim",
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "The OAuth 2.0 Bearer Token Authentication scheme. OAuth enables clients to access protected resources by obtaining an access token.",
        specUri: "http://tools.ietf.org/html/rfc6750",
        primary: true,
      },
    ],
  };
}

function resourceTypes(base: string): Record<string, unknown>[] {
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "User Account",
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "Group (a Miro team)",
      schema: GROUP_SCHEMA,
      meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/Group` },
    },
  ];
}

const attr = (name: string, type = "string", extra: Record<string, unknown> = {}) => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});

function schemas(base: string): Record<string, unknown>[] {
  const meta = (id: string) => ({ resourceType: "Schema", location: `${base}/Schemas/${id}` });
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
      id: USER_SCHEMA,
      name: "User",
      description: "User Account",
      attributes: [
        attr("userName", "string", { required: true, uniqueness: "server" }),
        attr("name", "complex"),
        attr("displayName"),
        attr("userType"),
        attr("active", "boolean"),
        attr("emails", "complex", { multiValued: true }),
        attr("groups", "complex", { multiValued: true, mutability: "readOnly" }),
        attr("roles", "complex", { multiValued: true }),
        attr("photos", "complex", { multiValued: true }),
        attr("preferredLanguage"),
      ],
      meta: meta(USER_SCHEMA),
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
      id: GROUP_SCHEMA,
      name: "Group",
      description: "Group (a Miro team)",
      attributes: [attr("displayName", "string", { required: true }), attr("members", "complex", { multiValued: true })],
      meta: meta(GROUP_SCHEMA),
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
      id: ENTERPRISE_SCHEMA,
      name: "EnterpriseUser",
      description: "Enterprise User",
      attributes: ["employeeNumber", "costCenter", "organization", "division", "department"].map((n) => attr(n)).concat([attr("manager", "complex")]),
      meta: meta(ENTERPRISE_SCHEMA),
    },
  ];
}

function listOf(resources: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [LIST_SCHEMA], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources };
}

export function discovery(segments: string[], base: string): Record<string, unknown> | undefined {
  const [resource, id] = segments;
  if (resource === "ServiceProviderConfig" && id === undefined) return serviceProviderConfig();
  if (resource === "ResourceTypes" || resource === "Schemas") {
    const all = resource === "ResourceTypes" ? resourceTypes(base) : schemas(base);
    if (id === undefined) return listOf(all);
    const decoded = decodeURIComponent(id);
    const found = all.find((r) => typeof r.id === "string" && r.id.toLowerCase() === decoded.toLowerCase());
    if (!found) throw new ScimRequestError(404, `${resource} ${decoded} not found`);
    return found;
  }
  return undefined;
}

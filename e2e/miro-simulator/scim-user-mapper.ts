/** Maps org members to SCIM User resources (§3.3) and back; attribute resolution for filters. */
import { isoSeconds } from "./clock";
import { DEFAULT_USER_TYPES, LICENSES, scimRoleValue, type License } from "./licenses";
import type { Member } from "./model";
import { getCaseInsensitive, isCoreSchema, objectResolver, parseAttrPath, type AttributeResolver, type AttrPath } from "./scim-filter";
import type { SimState } from "./state";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export const ENTERPRISE_KEYS = ["employeeNumber", "costCenter", "organization", "division", "department", "manager"] as const;

export function userTypeFor(state: SimState, license: License): string {
  return state.options.behaviour.userTypes[license] ?? DEFAULT_USER_TYPES[license];
}

/** Case-insensitive reverse of userTypeFor; undefined for a string no license maps to. */
export function licenseForUserType(state: SimState, userType: string): License | undefined {
  const wanted = userType.trim().toLowerCase();
  return LICENSES.find((license) => license !== "unknown" && userTypeFor(state, license).toLowerCase() === wanted);
}

export function roleDisplay(value: string): string {
  return value
    .toLowerCase()
    .split("_")
    .map((w) => (w ? (w[0] ?? "").toUpperCase() + w.slice(1) : w))
    .join(" ");
}

export function toScimUser(state: SimState, member: Member, base: string): Record<string, unknown> {
  const enterprise = Object.fromEntries(Object.entries(member.enterprise).filter(([, v]) => v !== undefined && v !== ""));
  const hasEnterprise = Object.keys(enterprise).length > 0;
  const roleValue = scimRoleValue(member.role);
  const user: Record<string, unknown> = {
    schemas: hasEnterprise ? [USER_SCHEMA, ENTERPRISE_SCHEMA] : [USER_SCHEMA],
    id: member.id,
  };
  if (member.externalId !== undefined) user.externalId = member.externalId;
  user.meta = { resourceType: "User", created: isoSeconds(member.createdAt), location: `${base}/Users/${member.id}` };
  user.userName = member.email;
  user.name = { formatted: member.displayName, familyName: member.familyName, givenName: member.givenName };
  user.displayName = member.displayName;
  user.userType = userTypeFor(state, member.license);
  user.active = member.active;
  user.emails = [{ value: member.email, display: member.email, type: "work", primary: true }];
  user.groups = state.userTeams(member).map((team) => ({ value: team.id, display: team.name }));
  user.roles = [
    { type: "organization_user_role", value: roleValue, display: roleDisplay(roleValue), primary: true },
    ...member.adminRoles.map((role) => ({ type: "organization_admin_role", value: role.name, display: role.name, primary: false })),
  ];
  user.preferredLanguage = member.preferredLanguage;
  if (hasEnterprise) user[ENTERPRISE_SCHEMA] = enterprise;
  return user;
}

/**
 * Resolves filter attributes straight from the member for the common attributes, so a filter scan
 * over 100k members does not build 100k resources; anything else falls back to the full resource.
 */
export function memberResolver(state: SimState, member: Member, base: string): AttributeResolver {
  let full: AttributeResolver | undefined;
  const fallback = (attr: AttrPath) => {
    full ??= objectResolver(toScimUser(state, member, base));
    return full(attr);
  };
  return (attr) => {
    if (attr.schema && !isCoreSchema(attr.schema)) return fallback(attr);
    if (attr.sub === undefined) {
      switch (attr.name) {
        case "id":
          return member.id;
        case "username":
          return member.email;
        case "displayname":
          return member.displayName;
        case "active":
          return member.active;
        case "usertype":
          return userTypeFor(state, member.license);
        case "externalid":
          return member.externalId;
        case "preferredlanguage":
          return member.preferredLanguage;
        case "emails":
          return [{ value: member.email, type: "work", primary: true }];
      }
    } else if (attr.name === "emails" && attr.sub === "value") {
      return [member.email];
    } else if (attr.name === "name") {
      if (attr.sub === "givenname") return member.givenName;
      if (attr.sub === "familyname") return member.familyName;
      if (attr.sub === "formatted") return member.displayName;
    }
    return fallback(attr);
  };
}

function findKey(obj: Record<string, unknown>, key: string): string | undefined {
  const lower = key.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** `attributes` / `excludedAttributes` handling (RFC 7644 §3.4.2.5); id and schemas are always returned. */
export function projectResource(resource: Record<string, unknown>, attributes: string[], excluded: string[]): Record<string, unknown> {
  if (attributes.length > 0) {
    const out: Record<string, unknown> = { schemas: resource.schemas, id: resource.id };
    for (const raw of attributes) copyAttribute(resource, out, raw);
    return out;
  }
  if (excluded.length > 0) {
    const out = { ...resource };
    for (const raw of excluded) {
      const key = findKey(out, raw);
      if (key && key !== "id" && key !== "schemas") delete out[key];
    }
    return out;
  }
  return resource;
}

function copyAttribute(source: Record<string, unknown>, target: Record<string, unknown>, raw: string): void {
  const whole = findKey(source, raw);
  if (whole) {
    target[whole] = source[whole];
    return;
  }
  let path: AttrPath;
  try {
    path = parseAttrPath(raw);
  } catch {
    return;
  }
  let from = source;
  let to = target;
  if (path.schema && !isCoreSchema(path.schema)) {
    const extKey = findKey(source, path.schema);
    const ext = extKey ? source[extKey] : undefined;
    if (!extKey || typeof ext !== "object" || ext === null) return;
    from = ext as Record<string, unknown>;
    const existing = target[extKey];
    to = typeof existing === "object" && existing !== null ? (existing as Record<string, unknown>) : {};
    target[extKey] = to;
  }
  const key = findKey(from, path.name);
  if (!key) return;
  const value = from[key];
  if (path.sub === undefined) {
    to[key] = value;
    return;
  }
  const sub = path.sub;
  if (Array.isArray(value)) {
    const existing = Array.isArray(to[key]) ? (to[key] as Record<string, unknown>[]) : value.map((): Record<string, unknown> => ({}));
    value.forEach((item, i) => {
      const subKey = typeof item === "object" && item !== null ? findKey(item as Record<string, unknown>, sub) : undefined;
      const slot = existing[i];
      if (subKey && slot) slot[subKey] = (item as Record<string, unknown>)[subKey];
    });
    to[key] = existing;
  } else if (typeof value === "object" && value !== null) {
    const subKey = findKey(value as Record<string, unknown>, sub);
    if (!subKey) return;
    const existing = typeof to[key] === "object" && to[key] !== null ? (to[key] as Record<string, unknown>) : {};
    existing[subKey] = getCaseInsensitive(value, subKey);
    to[key] = existing;
  }
}

export function splitList(value: string | null): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * SCIM User writes: PATCH (§3.6), PUT and POST (§3.5). Changes are applied to a draft first and
 * committed only if every rule passes, so a refused request leaves the member untouched.
 */
import { isGuestRole, LICENSE_RANK, type License, type Role } from "./licenses";
import type { AdminRole, EnterpriseAttributes, Member } from "./model";
import {
  evaluateFilter,
  objectResolver,
  parseAttrPath,
  parsePatchPath,
  ScimFilterError,
  type AttrPath,
  type PatchPath,
} from "./scim-filter";
import { ENTERPRISE_SCHEMA, licenseForUserType, roleDisplay, userTypeFor } from "./scim-user-mapper";
import type { SimState } from "./state";
import { isObject } from "./http";
import { ScimRequestError } from "./errors";

const invalidValue = (detail: string) => new ScimRequestError(400, detail, "invalidValue");

interface UserDraft {
  email: string;
  givenName: string;
  familyName: string;
  displayName: string;
  active: boolean;
  role: Role;
  adminRoles: AdminRole[];
  preferredLanguage: string;
  enterprise: EnterpriseAttributes;
  externalId: string | undefined;
  /** userType as sent; resolved against the current license at commit time. */
  requestedUserType: string | undefined;
}

const PREBUILT_ADMIN_ROLES = ["Content Admin", "User Admin", "Security Admin"];
const USER_ROLE_VALUES: Record<string, Role> = {
  organization_internal_admin: "organization_internal_admin",
  organization_internal_user: "organization_internal_user",
};
/** Standard attributes Miro has no field for: accepted and ignored rather than refused. */
const IGNORED_ATTRIBUTES = new Set(["emails", "photos", "title", "nickname", "locale", "timezone", "phonenumbers", "addresses", "profileurl", "usertitle", "ims", "x509certificates", "entitlements", "password", "schemas", "meta", "id", "groups"]);
const ENTERPRISE_URN = ENTERPRISE_SCHEMA.toLowerCase();
const ENTERPRISE_LIMITS: Record<string, number> = { employeenumber: 20, costcenter: 120, organization: 120, division: 120, department: 120 };
const ENTERPRISE_NAMES: Record<string, keyof EnterpriseAttributes> = {
  employeenumber: "employeeNumber",
  costcenter: "costCenter",
  organization: "organization",
  division: "division",
  department: "department",
  manager: "manager",
};

function draftOf(member: Member): UserDraft {
  return {
    email: member.email,
    givenName: member.givenName,
    familyName: member.familyName,
    displayName: member.displayName,
    active: member.active,
    role: member.role,
    adminRoles: member.adminRoles.map((r) => ({ ...r })),
    preferredLanguage: member.preferredLanguage,
    enterprise: { ...member.enterprise, ...(member.enterprise.manager ? { manager: { ...member.enterprise.manager } } : {}) },
    externalId: member.externalId,
    requestedUserType: undefined,
  };
}

function toBoolean(value: unknown, attribute: string): boolean {
  if (typeof value === "boolean") return value;
  // The spec types PATCH `value` as a string ("true/false"); Miro's own samples send booleans (§3.6).
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  throw invalidValue(`Attribute '${attribute}' must be a boolean`);
}

function toStringValue(value: unknown, attribute: string): string {
  if (typeof value === "string") return value;
  throw invalidValue(`Attribute '${attribute}' must be a string`);
}

function isEnterprisePath(attr: AttrPath): boolean {
  return attr.schema === ENTERPRISE_URN || `${attr.schema ?? ""}:${attr.name}` === ENTERPRISE_URN;
}

function setEnterprise(draft: UserDraft, attr: AttrPath, value: unknown, remove: boolean): void {
  // The whole extension object: `urn:...:enterprise:2.0:User` as a path or as a key of a value object.
  if (`${attr.schema ?? ""}:${attr.name}` === ENTERPRISE_URN) {
    if (remove) {
      draft.enterprise = {};
      return;
    }
    if (!isObject(value)) throw invalidValue("The enterprise extension must be an object");
    for (const [key, inner] of Object.entries(value)) {
      setEnterprise(draft, parseAttrPath(`${ENTERPRISE_SCHEMA}:${key}`), inner, false);
    }
    return;
  }
  const field = ENTERPRISE_NAMES[attr.name];
  if (!field) throw new ScimRequestError(400, `Unknown enterprise attribute '${attr.name}'`, "invalidPath");
  if (field === "manager") {
    const manager = { ...(draft.enterprise.manager ?? {}) };
    const apply = (key: string, v: unknown) => {
      if (key === "displayname") {
        const text = remove ? undefined : toStringValue(v, "manager.displayName");
        if (text && text.length > 60) throw invalidValue("manager.displayName is longer than 60 characters");
        manager.displayName = text;
      } else if (key === "value") {
        // "non-numeric values ignored" (§3.3).
        const text = remove ? undefined : typeof v === "string" || typeof v === "number" ? String(v) : undefined;
        if (remove || (text && /^\d+$/.test(text))) manager.value = text;
      }
    };
    if (attr.sub) apply(attr.sub, value);
    else if (remove) draft.enterprise.manager = undefined;
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) apply(k.toLowerCase(), v);
    else apply("value", value);
    if (attr.sub || !remove) draft.enterprise.manager = manager;
    return;
  }
  if (remove) {
    draft.enterprise[field] = undefined;
    return;
  }
  const text = toStringValue(value, attr.name);
  const limit = ENTERPRISE_LIMITS[attr.name] ?? 120;
  if (text.length > limit) throw invalidValue(`Attribute '${field}' is longer than ${limit} characters`);
  draft.enterprise[field] = text;
}

function adminRole(name: string): AdminRole {
  return { type: PREBUILT_ADMIN_ROLES.includes(name) ? "prebuilt" : "custom", name };
}

function primaryRole(value: unknown): Role {
  const text = toStringValue(value, "roles.value").trim().toLowerCase();
  const role = USER_ROLE_VALUES[text];
  // Guest roles are not supported via SCIM (§3.3).
  if (!role) throw invalidValue(`Role '${String(value)}' is not supported; use ORGANIZATION_INTERNAL_ADMIN or ORGANIZATION_INTERNAL_USER`);
  return role;
}

/** Applies a list of role entries ({value, type, primary}); replace=true means the list is the new set. */
function applyRoleEntries(draft: UserDraft, value: unknown, replace: boolean): void {
  const entries = Array.isArray(value) ? value : [value];
  const admins: AdminRole[] = replace ? [] : [...draft.adminRoles];
  for (const entry of entries) {
    if (!isObject(entry)) throw invalidValue("roles entries must be objects");
    const type = typeof entry.type === "string" ? entry.type.toLowerCase() : undefined;
    const roleValue = toStringValue(entry.value, "roles.value");
    const isUserRole = type === "organization_user_role" || (type === undefined && USER_ROLE_VALUES[roleValue.toLowerCase()] !== undefined);
    if (isUserRole) draft.role = primaryRole(roleValue);
    else if (!admins.some((r) => r.name.toLowerCase() === roleValue.toLowerCase())) admins.push(adminRole(roleValue));
  }
  draft.adminRoles = admins;
}

function roleElements(draft: UserDraft): Record<string, unknown>[] {
  const value = draft.role.toUpperCase();
  return [
    { type: "organization_user_role", value, display: roleDisplay(value), primary: true },
    ...draft.adminRoles.map((r) => ({ type: "organization_admin_role", value: r.name, display: r.name, primary: false })),
  ];
}

function applyRolesPath(draft: UserDraft, path: PatchPath, op: string, value: unknown): void {
  if (!path.filter) {
    if (path.attr.sub === "value") {
      // ConductorOne's `roles.value` replace changes the primary role (§3.6).
      if (op === "remove") throw invalidValue("The primary role cannot be removed");
      draft.role = primaryRole(value);
      return;
    }
    if (op === "remove") {
      draft.adminRoles = [];
      return;
    }
    applyRoleEntries(draft, value, op === "replace");
    return;
  }
  const filter = path.filter;
  const matches = roleElements(draft).filter((element) => evaluateFilter(filter, objectResolver(element)));
  if (op === "remove") {
    if (matches.some((m) => m.primary === true)) throw invalidValue("The primary role cannot be removed");
    const names = new Set(matches.map((m) => String(m.value).toLowerCase()));
    draft.adminRoles = draft.adminRoles.filter((r) => !names.has(r.name.toLowerCase()));
    return;
  }
  if (matches.some((m) => m.primary === true)) {
    draft.role = primaryRole(path.sub === "value" || path.sub === undefined ? (isObject(value) ? value.value : value) : value);
    return;
  }
  throw new ScimRequestError(400, "Only the primary role value can be replaced through a filtered path", "noTarget");
}

function setAttribute(draft: UserDraft, attr: AttrPath, value: unknown, op: "add" | "replace" | "remove"): void {
  if (isEnterprisePath(attr)) {
    setEnterprise(draft, attr, value, op === "remove");
    return;
  }
  if (attr.schema && !attr.schema.startsWith("urn:ietf:params:scim:schemas:core:2.0:")) {
    throw new ScimRequestError(400, `Unknown schema '${attr.schema}'`, "invalidPath");
  }
  const removable = new Set(["externalid", "preferredlanguage"]);
  if (op === "remove" && !removable.has(attr.name) && attr.name !== "roles" && !IGNORED_ATTRIBUTES.has(attr.name)) {
    throw new ScimRequestError(400, `Attribute '${attr.name}' cannot be removed`, "mutability");
  }
  switch (attr.name) {
    case "active":
      draft.active = toBoolean(value, "active");
      return;
    case "username":
      draft.email = toStringValue(value, "userName").trim();
      return;
    case "displayname":
      draft.displayName = toStringValue(value, "displayName");
      return;
    case "usertype":
      draft.requestedUserType = toStringValue(value, "userType");
      return;
    case "preferredlanguage":
      draft.preferredLanguage = op === "remove" ? "en_US" : toStringValue(value, "preferredLanguage");
      return;
    case "externalid":
      draft.externalId = op === "remove" ? undefined : toStringValue(value, "externalId");
      return;
    case "name": {
      const apply = (sub: string, v: unknown) => {
        if (sub === "givenname") draft.givenName = toStringValue(v, "name.givenName");
        else if (sub === "familyname") draft.familyName = toStringValue(v, "name.familyName");
        else if (sub === "formatted") draft.displayName = toStringValue(v, "name.formatted");
      };
      if (attr.sub) apply(attr.sub, value);
      else if (isObject(value)) for (const [k, v] of Object.entries(value)) apply(k.toLowerCase(), v);
      else throw invalidValue("name must be an object");
      return;
    }
    case "roles":
      applyRolesPath(draft, { attr }, op, value);
      return;
    default:
      if (IGNORED_ATTRIBUTES.has(attr.name)) return;
      throw new ScimRequestError(400, `Attribute '${attr.name}' is not supported`, "invalidPath");
  }
}

function parsePathOrThrow(path: string): PatchPath {
  try {
    return parsePatchPath(path);
  } catch (error) {
    if (error instanceof ScimFilterError) throw new ScimRequestError(400, error.message, "invalidPath");
    throw error;
  }
}

function applyValueObject(draft: UserDraft, value: unknown, op: "add" | "replace"): void {
  if (!isObject(value)) throw new ScimRequestError(400, "An operation without a path needs an object value", "invalidValue");
  for (const [key, inner] of Object.entries(value)) {
    const attr = parsePathOrThrow(key).attr;
    setAttribute(draft, attr, inner, op);
  }
}

export function parsePatchBody(body: unknown): unknown[] {
  if (!isObject(body)) throw new ScimRequestError(400, "The request body must be a JSON object", "invalidSyntax");
  const operations = Object.entries(body).find(([k]) => k.toLowerCase() === "operations")?.[1];
  if (!Array.isArray(operations) || operations.length === 0) throw new ScimRequestError(400, "Operations must be a non-empty array", "invalidSyntax");
  return operations;
}

function normalizeOp(raw: unknown): "add" | "replace" | "remove" {
  // The spec's enum is Add/Remove/Replace; Miro's curl samples use lower case (§3.6).
  const op = typeof raw === "string" ? raw.toLowerCase() : "";
  if (op === "add" || op === "replace" || op === "remove") return op;
  throw new ScimRequestError(400, `Unsupported op '${String(raw)}'`, "invalidSyntax");
}

export function patchUser(state: SimState, member: Member, body: unknown): void {
  const draft = draftOf(member);
  for (const operation of parsePatchBody(body)) {
    if (!isObject(operation)) throw new ScimRequestError(400, "Each operation must be an object", "invalidSyntax");
    const op = normalizeOp(operation.op);
    const path = typeof operation.path === "string" && operation.path.trim() !== "" ? operation.path : undefined;
    if (!path) {
      if (op === "remove") throw new ScimRequestError(400, "remove needs a path", "noTarget");
      applyValueObject(draft, operation.value, op);
      continue;
    }
    const parsed = parsePathOrThrow(path);
    if (parsed.attr.name === "roles" && !parsed.attr.schema) applyRolesPath(draft, parsed, op, operation.value);
    else if (parsed.filter) {
      // emails[...] and similar: Miro ignores email sub-attribute changes (§3.5).
      if (!IGNORED_ATTRIBUTES.has(parsed.attr.name)) throw new ScimRequestError(400, `Filtered path '${path}' is not supported`, "invalidPath");
    } else setAttribute(draft, parsed.attr, operation.value, op);
  }
  commit(state, member, draft);
}

export function replaceUser(state: SimState, member: Member, body: unknown): void {
  if (!isObject(body)) throw new ScimRequestError(400, "The request body must be a JSON object", "invalidSyntax");
  const draft = draftOf(member);
  if (typeof body.userName !== "string") throw invalidValue("userName is required");
  applyValueObject(draft, body, "replace");
  commit(state, member, draft);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkEmail(state: SimState, email: string, self: Member | undefined): void {
  if (!EMAIL.test(email)) throw invalidValue(`User name '${email}' is invalid: 'not an email'`);
  const existing = state.getMemberByEmail(email);
  if (existing && existing !== self) throw invalidValue(`User name '${email}' is invalid: 'not unique'`);
  const allow = state.options.behaviour.emailDomainAllowList;
  const domain = email.split("@")[1]?.toLowerCase() ?? "";
  if (allow && !allow.some((d) => d.toLowerCase() === domain)) throw new ScimRequestError(409, `${email} is not whitelisted`);
}

/** displayName, else name.formatted, else "given family" (max 60), else userName (§3.3). */
function effectiveDisplayName(draft: UserDraft): string {
  if (draft.displayName.trim() !== "") return draft.displayName;
  const combined = `${draft.givenName} ${draft.familyName}`.trim();
  if (combined !== "") return combined.slice(0, 60);
  return draft.email;
}

function resolveLicense(state: SimState, member: Member, requested: string | undefined): License {
  if (requested === undefined) return member.license;
  if (requested.trim().toLowerCase() === userTypeFor(state, member.license).toLowerCase()) return member.license;
  const target = licenseForUserType(state, requested);
  if (!target) throw invalidValue(`userType '${requested}' is not supported`);
  if (LICENSE_RANK[target] < LICENSE_RANK[member.license]) {
    throw invalidValue(`userType cannot be downgraded from '${userTypeFor(state, member.license)}' to '${requested}' via SCIM`);
  }
  // "the only possible value for the attribute 'userType' that can be passed for POST and PATCH calls is 'Full'" (§3.6).
  if (target !== "full") throw invalidValue(`userType '${requested}' cannot be set via SCIM; only 'Full' is supported`);
  return target;
}

function commit(state: SimState, member: Member, draft: UserDraft): void {
  const staysInactive = !member.active && !draft.active;
  const emailChanged = draft.email.toLowerCase() !== member.email.toLowerCase();
  const license = (() => {
    if (staysInactive && draft.requestedUserType !== undefined && draft.requestedUserType.trim().toLowerCase() !== userTypeFor(state, member.license).toLowerCase()) {
      throw new ScimRequestError(409, "userType of a deactivated user cannot be updated");
    }
    return resolveLicense(state, member, draft.requestedUserType);
  })();
  // "If the user is deactivated, userName, userType, and roles.value cannot be updated" (§3.5, §3.6).
  if (staysInactive && emailChanged) throw new ScimRequestError(409, "Updating email of an inactive user is not allowed");
  if (staysInactive && draft.role !== member.role) throw new ScimRequestError(409, "roles.value of a deactivated user cannot be updated");
  if (emailChanged) checkEmail(state, draft.email, member);

  const wasAdmin = member.role === "organization_internal_admin";
  if (wasAdmin && draft.role !== "organization_internal_admin" && member.active) {
    const others = state.activeCompanyAdmins().filter((m) => m.id !== member.id);
    if (others.length === 0) throw new ScimRequestError(409, "The organization must have at least one Company Admin");
  }
  if (member.active && !draft.active) checkCanLeave(state, member, draft.role, "deactivated");

  if (emailChanged) state.changeEmail(member, draft.email);
  member.givenName = draft.givenName;
  member.familyName = draft.familyName;
  member.displayName = effectiveDisplayName(draft);
  member.role = draft.role;
  member.adminRoles = draft.adminRoles;
  member.preferredLanguage = draft.preferredLanguage;
  member.enterprise = draft.enterprise;
  member.externalId = draft.externalId;
  if (license !== member.license) {
    member.license = license;
    member.licenseAssignedAt = state.clock.now();
  }
  state.setActive(member, draft.active);
  state.touch();
}

/** Rules shared by deactivation and deletion (§3.5, §3.8, pitfall 19). */
export function checkCanLeave(state: SimState, member: Member, role: Role, verb: "deactivated" | "deleted"): void {
  if (verb === "deactivated" && role === "organization_internal_admin") {
    throw new ScimRequestError(409, "Company Admins must have Company Admin rights revoked before they can be deactivated");
  }
  if (verb === "deleted" && role === "organization_internal_admin" && state.activeCompanyAdmins().every((m) => m.id === member.id)) {
    throw new ScimRequestError(409, "The last admin in the organization cannot be deleted");
  }
  const teams = state.teamsWhereLastAdmin(member);
  if (teams.length > 0) {
    throw new ScimRequestError(409, `Any team in organization must have at least one admin (last admin of: ${teams.map((t) => t.name).join(", ")})`);
  }
}

export function createUser(state: SimState, body: unknown): Member {
  if (!isObject(body)) throw new ScimRequestError(400, "The request body must be a JSON object", "invalidSyntax");
  if (typeof body.userName !== "string" || body.userName.trim() === "") throw invalidValue("userName is required");
  const email = body.userName.trim();
  checkEmail(state, email, undefined);
  if (body.name !== undefined) {
    if (!isObject(body.name) || typeof body.name.givenName !== "string" || typeof body.name.familyName !== "string") {
      throw invalidValue("name.givenName and name.familyName are required when name is present");
    }
  }
  const now = state.clock.now();
  const template: Member = {
    id: "",
    email,
    givenName: "",
    familyName: "",
    displayName: "",
    active: true,
    role: "organization_internal_user",
    license: state.options.behaviour.scimDefaultLicense,
    adminRoles: [],
    teamIds: [],
    createdAt: now,
    preferredLanguage: "en_US",
    enterprise: {},
    ownedBoards: 0,
  };
  const draft = draftOf(template);
  const { userType, ...rest } = body;
  applyValueObject(draft, rest, "replace");
  if (isGuestRole(draft.role)) throw invalidValue("Guest roles are not supported via SCIM");
  let license = template.license;
  if (userType !== undefined) {
    // POST accepts the org's license types (2026 createUser list), not only "Full" (§3.6).
    const target = licenseForUserType(state, toStringValue(userType, "userType"));
    if (!target) throw invalidValue(`userType '${String(userType)}' is not supported`);
    license = target;
  }
  const member: Member = {
    ...template,
    id: state.nextMemberId(),
    email: draft.email,
    givenName: draft.givenName,
    familyName: draft.familyName,
    displayName: effectiveDisplayName(draft),
    active: draft.active,
    role: draft.role,
    license,
    licenseAssignedAt: now,
    adminRoles: draft.adminRoles,
    preferredLanguage: draft.preferredLanguage,
    enterprise: draft.enterprise,
    externalId: draft.externalId,
  };
  if (member.email !== email) checkEmail(state, member.email, undefined);
  state.insertMember(member);
  // "All newly provisioned users are added to the default team" (§3.5).
  const defaultTeam = state.teams[0];
  if (defaultTeam) state.addToTeam(member, defaultTeam, "member", state.demo.adminUserId);
  return member;
}

export function deleteUser(state: SimState, member: Member): void {
  checkCanLeave(state, member, member.role, "deleted");
  state.removeMember(member);
}

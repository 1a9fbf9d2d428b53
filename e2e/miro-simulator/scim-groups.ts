/**
 * SCIM /Groups in the legacy model, where a Group is a Miro team (§3.7): list, get and PATCH only.
 * PATCH is all-or-nothing: "A remove succeeds only if all listed members can be removed."
 */
import { ScimRequestError } from "./errors";
import { isObject, scimJson, type SimResponse } from "./http";
import { isGuestRole } from "./licenses";
import type { Member, Team } from "./model";
import { evaluateFilter, objectResolver, parsePatchPath, ScimFilterError, type Filter } from "./scim-filter";
import { parseListParams } from "./scim-list";
import { GROUP_SCHEMA, LIST_SCHEMA, projectResource, splitList } from "./scim-user-mapper";
import { parsePatchBody } from "./scim-user-writes";
import type { SimState } from "./state";

export const MAX_GROUP_PATCH_MEMBERS = 8000;

export function toScimGroup(state: SimState, team: Team, base: string): Record<string, unknown> {
  const members: Record<string, unknown>[] = [];
  for (const membership of team.members.values()) {
    const member = state.getMember(membership.memberId);
    // "Only members with a member org role are listed" (§3.7): guests and external users are not.
    if (!member || isGuestRole(member.role)) continue;
    members.push({ value: member.id, type: "User", display: member.displayName });
  }
  return {
    schemas: [GROUP_SCHEMA],
    id: team.id,
    displayName: team.name,
    members,
    meta: { resourceType: "Group", location: `${base}/Groups/${team.id}` },
  };
}

function mentionsMembers(filter: Filter): boolean {
  switch (filter.type) {
    case "and":
    case "or":
      return mentionsMembers(filter.left) || mentionsMembers(filter.right);
    case "not":
      return mentionsMembers(filter.expr);
    default:
      return filter.attr.name === "members";
  }
}

export function listGroups(state: SimState, query: URLSearchParams, base: string): SimResponse {
  const params = parseListParams(query);
  const filter = params.filter;
  if (filter && mentionsMembers(filter)) {
    throw new ScimRequestError(400, "Filtering on complex attributes is not supported", "invalidFilter");
  }
  const matches = filter
    ? state.teams.filter((team) => evaluateFilter(filter, objectResolver({ id: team.id, displayName: team.name })))
    : state.teams;
  const page = params.count === 0 ? [] : matches.slice(params.startIndex - 1, params.startIndex - 1 + params.count);
  return scimJson(200, {
    schemas: [LIST_SCHEMA],
    totalResults: matches.length,
    startIndex: params.startIndex,
    itemsPerPage: page.length,
    Resources: page.map((team) => projectResource(toScimGroup(state, team, base), params.attributes, params.excluded)),
  });
}

function findTeam(state: SimState, id: string): Team {
  const team = state.teamById.get(id);
  if (!team) throw new ScimRequestError(404, `Group ${id} not found`);
  return team;
}

export function getGroup(state: SimState, id: string, query: URLSearchParams, base: string): SimResponse {
  const team = findTeam(state, id);
  return scimJson(200, projectResource(toScimGroup(state, team, base), splitList(query.get("attributes")), splitList(query.get("excludedAttributes"))), {
    etag: `W/"${state.version}"`,
  });
}

function memberIds(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    const raw = isObject(item) ? item.value : item;
    if (typeof raw !== "string" && typeof raw !== "number") throw new ScimRequestError(400, "members entries need a value", "invalidValue");
    return String(raw);
  });
}

function noValidResources(ids: string[]): ScimRequestError {
  return new ScimRequestError(404, `No valid resources: [${ids.map((id) => `{memberId=${id}, display=null}`).join(", ")}]`);
}

export function patchGroup(state: SimState, id: string, body: unknown): SimResponse {
  const team = findTeam(state, id);
  const toAdd = new Set<string>();
  const toRemove = new Set<string>();
  let newName: string | undefined;

  for (const operation of parsePatchBody(body)) {
    if (!isObject(operation)) throw new ScimRequestError(400, "Each operation must be an object", "invalidSyntax");
    const op = typeof operation.op === "string" ? operation.op.toLowerCase() : "";
    if (!["add", "remove", "replace"].includes(op)) throw new ScimRequestError(400, `Unsupported op '${String(operation.op)}'`, "invalidSyntax");
    const rawPath = typeof operation.path === "string" ? operation.path : undefined;
    if (rawPath === undefined) {
      if (!isObject(operation.value)) throw new ScimRequestError(400, "An operation without a path needs an object value", "invalidValue");
      for (const [key, value] of Object.entries(operation.value)) {
        if (key.toLowerCase() === "displayname" && typeof value === "string") newName = value;
        else if (key.toLowerCase() === "members") for (const m of memberIds(value)) toAdd.add(m);
      }
      continue;
    }
    let path: ReturnType<typeof parsePatchPath>;
    try {
      path = parsePatchPath(rawPath);
    } catch (error) {
      if (error instanceof ScimFilterError) throw new ScimRequestError(400, error.message, "invalidPath");
      throw error;
    }
    if (path.attr.name === "displayname") {
      if (typeof operation.value !== "string" || operation.value.trim() === "") throw new ScimRequestError(400, "displayName must be a string", "invalidValue");
      newName = operation.value;
    } else if (path.attr.name === "members") {
      if (op === "remove") {
        if (path.filter) {
          const filter = path.filter;
          for (const memberId of team.members.keys()) {
            if (evaluateFilter(filter, objectResolver({ value: memberId, type: "User" }))) toRemove.add(memberId);
          }
          // A filter naming a user who is not in the team still fails as "no valid resources".
          if (filter.type === "compare" && filter.attr.name === "value" && filter.op === "eq" && filter.value.kind !== "null" && filter.value.kind !== "boolean") {
            const wanted = filter.value.kind === "number" ? filter.value.raw : filter.value.value;
            if (!team.members.has(wanted)) throw noValidResources([wanted]);
          }
        } else if (operation.value !== undefined) for (const m of memberIds(operation.value)) toRemove.add(m);
        else throw new ScimRequestError(400, "remove members needs a filter or a value", "noTarget");
      } else if (op === "replace") {
        const wanted = new Set(memberIds(operation.value));
        for (const memberId of team.members.keys()) if (!wanted.has(memberId)) toRemove.add(memberId);
        for (const m of wanted) toAdd.add(m);
      } else for (const m of memberIds(operation.value)) toAdd.add(m);
    } else {
      throw new ScimRequestError(400, `Path '${rawPath}' is not supported for groups`, "invalidPath");
    }
  }

  if (toAdd.size + toRemove.size > MAX_GROUP_PATCH_MEMBERS) {
    throw new ScimRequestError(413, `At most ${MAX_GROUP_PATCH_MEMBERS} members can be synced per request`);
  }
  const missing = [...toAdd, ...toRemove].filter((memberId) => !state.getMember(memberId));
  if (missing.length > 0) throw noValidResources(missing);
  const removals = [...toRemove].map((memberId) => state.getMember(memberId)).filter((m): m is Member => m !== undefined);
  for (const member of removals) {
    if (team.members.get(member.id)?.role !== "admin") continue;
    const otherAdmins = [...team.members.values()].filter((m) => m.role === "admin" && !toRemove.has(m.memberId) && state.getMember(m.memberId)?.active);
    if (otherAdmins.length === 0) throw new ScimRequestError(409, `The last admin of team '${team.name}' cannot be removed`);
  }

  const actor = state.demo.adminUserId;
  for (const member of removals) state.removeFromTeam(member, team);
  for (const memberId of toAdd) {
    const member = state.getMember(memberId);
    if (!member) continue;
    // "Adding an existing ORGANIZATION_EXTERNAL_USER / ORGANIZATION_TEAM_GUEST_USER sets a FULL
    // license and ORGANIZATION_INTERNAL_USER"; adding "reactivates ... deactivated users" (§3.7).
    if (isGuestRole(member.role)) {
      member.role = "organization_internal_user";
      member.license = "full";
      member.licenseAssignedAt = state.clock.now();
    }
    if (!member.active) state.setActive(member, true);
    if (!team.members.has(member.id)) state.addToTeam(member, team, "member", actor);
  }
  if (newName !== undefined) team.name = newName;
  state.touch();
  return { status: 204, headers: {}, body: "" };
}

/** SCIM /Users endpoints (§3.4-§3.6). Guests and external users are invisible here (404). */
import { ScimRequestError } from "./errors";
import { scimJson, type SimResponse } from "./http";
import { isGuestRole } from "./licenses";
import type { Member } from "./model";
import { evaluateFilter, parseAttrPath, type Filter } from "./scim-filter";
import { parseListParams } from "./scim-list";
import { LIST_SCHEMA, memberResolver, projectResource, splitList, toScimUser } from "./scim-user-mapper";
import { createUser, deleteUser, patchUser, replaceUser } from "./scim-user-writes";
import type { SimState } from "./state";

const FILTER_CACHE_SIZE = 16;
const filterCaches = new WeakMap<SimState, Map<string, { version: number; members: Member[] }>>();

function scimMember(state: SimState, id: string): Member {
  const member = state.getMember(id);
  if (!member || isGuestRole(member.role)) throw new ScimRequestError(404, `User ${id} not found`);
  return member;
}

/** `userName eq "x"` and `id eq "x"` are what IdPs send per user; answer them from the maps. */
function directLookup(state: SimState, filter: Filter): Member[] | undefined {
  if (filter.type !== "compare" || filter.op !== "eq" || filter.value.kind !== "string" || filter.attr.schema) return undefined;
  const { name, sub } = filter.attr;
  const value = filter.value.value;
  let member: Member | undefined;
  if ((name === "username" && sub === undefined) || (name === "emails" && (sub === undefined || sub === "value"))) member = state.getMemberByEmail(value);
  else if (name === "id" && sub === undefined) member = state.getMember(value);
  else return undefined;
  return member && !isGuestRole(member.role) ? [member] : [];
}

/** Filtered (and sorted) results are cached per state version, so paging a filter scans once. */
function matchingMembers(state: SimState, base: string, filter: Filter | undefined, key: string, sortBy: string | undefined, descending: boolean): Member[] {
  const visible = state.scimVisibleMembers();
  if (!filter && !sortBy) return descending ? [...visible].reverse() : visible;
  if (filter && !sortBy) {
    const direct = directLookup(state, filter);
    if (direct) return direct;
  }
  let cache = filterCaches.get(state);
  if (!cache) {
    cache = new Map();
    filterCaches.set(state, cache);
  }
  const cacheKey = `${key}\u0000${sortBy ?? ""}\u0000${descending}`;
  const cached = cache.get(cacheKey);
  if (cached && cached.version === state.version) return cached.members;

  let result = filter ? visible.filter((m) => evaluateFilter(filter, memberResolver(state, m, base))) : [...visible];
  if (sortBy) {
    const path = parseAttrPath(sortBy);
    const keyOf = (m: Member) => {
      const value = memberResolver(state, m, base)(path);
      const first = Array.isArray(value) ? value[0] : value;
      return typeof first === "string" ? first.toLowerCase() : first === undefined || first === null ? "" : String(first);
    };
    const keyed = result.map((m) => ({ m, k: keyOf(m) }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    result = keyed.map((e) => e.m);
  }
  if (descending) result.reverse();
  if (cache.size >= FILTER_CACHE_SIZE) cache.delete(cache.keys().next().value ?? "");
  cache.set(cacheKey, { version: state.version, members: result });
  return result;
}

export function listUsers(state: SimState, query: URLSearchParams, base: string): SimResponse {
  const params = parseListParams(query);
  let matches: Member[];
  try {
    matches = matchingMembers(state, base, params.filter, params.filterText ?? "", params.sortBy, params.descending);
  } catch (error) {
    if (error instanceof Error && !(error instanceof ScimRequestError)) throw new ScimRequestError(400, `Invalid sortBy: ${error.message}`, "invalidValue");
    throw error;
  }
  const page = params.count === 0 ? [] : matches.slice(params.startIndex - 1, params.startIndex - 1 + params.count);
  return scimJson(200, {
    schemas: [LIST_SCHEMA],
    totalResults: matches.length,
    startIndex: params.startIndex,
    itemsPerPage: page.length,
    Resources: page.map((m) => projectResource(toScimUser(state, m, base), params.attributes, params.excluded)),
  });
}

export function getUser(state: SimState, id: string, query: URLSearchParams, base: string): SimResponse {
  const member = scimMember(state, id);
  return scimJson(200, projectResource(toScimUser(state, member, base), splitList(query.get("attributes")), splitList(query.get("excludedAttributes"))));
}

function etag(state: SimState): string {
  return `W/"${state.version}"`;
}

export function postUser(state: SimState, body: unknown, base: string): SimResponse {
  const member = createUser(state, body);
  const location = `${base}/Users/${member.id}`;
  return scimJson(201, toScimUser(state, member, base), { location, etag: etag(state) });
}

export function patchUserRoute(state: SimState, id: string, body: unknown, base: string): SimResponse {
  const member = scimMember(state, id);
  patchUser(state, member, body);
  return scimJson(200, toScimUser(state, member, base), { etag: etag(state) });
}

export function putUser(state: SimState, id: string, body: unknown, base: string): SimResponse {
  const member = scimMember(state, id);
  replaceUser(state, member, body);
  return scimJson(200, toScimUser(state, member, base), { etag: etag(state) });
}

export function deleteUserRoute(state: SimState, id: string): SimResponse {
  const member = scimMember(state, id);
  deleteUser(state, member);
  return { status: 204, headers: {}, body: "" };
}

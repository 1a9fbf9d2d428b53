import "server-only";
import { notFound } from "next/navigation";
import type { PersonActor } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import { requirePageActor } from "../auth/session";
import { getDb } from "../db";
import type { ServiceContext } from "../services/context";
import { loadProfilePage } from "../services/profiles/profile-page-data";
import { parseListParams, type ListParams, type ListSpec } from "../table/list-spec";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

type Page<R> = { rows: R[]; total: number };

/**
 * What a list page reads before it renders: the signed-in person (refused without `permission`), the
 * table state from the URL, and that page of rows with its total, ready to spread on the list's table.
 */
export async function readListPage<S extends string, F extends string, R>(
  spec: ListSpec<S, F>,
  read: (ctx: ServiceContext, input: { params: ListParams<S, F> }) => Promise<Page<R>>,
  searchParams: SearchParams,
  permission?: Permission,
): Promise<{ actor: PersonActor; ctx: ServiceContext; search: Awaited<SearchParams>; table: { spec: ListSpec<S, F>; params: ListParams<S, F> } & Page<R> }> {
  const actor = await requirePageActor(permission);
  const ctx = { db: await getDb(), actor };
  const search = await searchParams;
  const params = parseListParams(spec, search);
  const page = await read(ctx, { params });
  return { actor, ctx, search, table: { spec, params, ...page } };
}

/** A profile tab's route: the profile's id from the path, the table state from the query. */
export type ProfileListRoute = { params: Promise<{ profileId: string }>; searchParams: SearchParams };

type ProfilePage = NonNullable<Awaited<ReturnType<typeof loadProfilePage>>>;

/** The same for a profile's related list (a tab of the profile's page); an unknown profile is a 404. */
export async function readProfileListPage<S extends string, F extends string, R>(
  spec: ListSpec<S, F>,
  read: (ctx: ServiceContext, params: ListParams<S, F>, profile: ProfilePage["profile"]) => Promise<Page<R>>,
  route: ProfileListRoute,
): Promise<{ actor: PersonActor; data: ProfilePage; table: { spec: ListSpec<S, F>; params: ListParams<S, F>; profileId: string } & Page<R> }> {
  const actor = await requirePageActor();
  const ctx = { db: await getDb(), actor };
  const data = await loadProfilePage(ctx, { profileId: (await route.params).profileId });
  if (!data) notFound();
  const params = parseListParams(spec, await route.searchParams);
  const page = await read(ctx, params, data.profile);
  return { actor, data, table: { spec, params, profileId: data.profile.id, ...page } };
}

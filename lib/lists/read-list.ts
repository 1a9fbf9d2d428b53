import "server-only";
import { z } from "zod";
import { authorize } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import type { DbOrTx } from "../db";
import type { ServiceContext } from "../services/context";
import type { ListParams } from "../table/list-spec";
import { iterateBatches, listPage, type PageQuery } from "../table/sql";

/**
 * What a list read takes: the table state (already read from the URL by parseListParams) and, for a
 * profile's related list, the profile. `now` pins the clock (inactive days) for tests.
 */
export type ListInput<P extends ListParams = ListParams> = { params: P; profileId?: string; now?: Date };

const listInputSchema = z.object({
  params: z.object({
    page: z.number().int().min(1).max(1_000_000),
    perPage: z.number().int().min(1).max(10_000),
    sort: z.object({ id: z.string().min(1).max(60), desc: z.boolean() }),
    filters: z.record(z.string(), z.string().max(200).optional()),
    hidden: z.array(z.string()),
    cursor: z.string().max(1100).optional(),
  }),
  profileId: z.uuid().optional(),
  now: z.date().optional(),
});

/**
 * The start of every list read: the actor's permission first (reads are refused like writes),
 * then the input's shape. Sort keys and filter values were checked against the list's spec when
 * the URL was read; the query still maps them through its own fixed tables.
 */
export function startListRead<P extends ListParams>(ctx: ServiceContext, input: ListInput<P>, permission: Permission = "workspace:view"): ListInput<P> {
  authorize(ctx.actor, permission, "see this list");
  const parsed = listInputSchema.parse(input);
  return { params: input.params, profileId: parsed.profileId, now: parsed.now };
}

/** A list's one query for a checked input: its rows for a window of the sort, and the filter's total. */
export type ListQuery<I, R> = (db: DbOrTx, input: I) => { rowsOf: PageQuery<R>; totalOf: () => Promise<number> };

/**
 * A list's two reads from its one query: a page and its total (the screen), and every row in batches
 * (the CSV export). Each checks the permission and the input before anything is read; `extra` parses
 * what a list takes beyond the table state (the profile of a related list).
 */
export function listReads<P extends ListParams, R, I extends ListInput<P> = ListInput<P>>(
  query: ListQuery<I, R>,
  options: { permission?: Permission; extra?: z.ZodType<Omit<I, keyof ListInput<P>>> } = {},
) {
  const start = (ctx: ServiceContext, input: I): I => {
    const checked = startListRead(ctx, input, options.permission);
    return { ...(options.extra ? options.extra.parse(input) : {}), ...checked } as I;
  };
  return {
    list: async (ctx: ServiceContext, input: I): Promise<{ rows: R[]; total: number }> => {
      const checked = start(ctx, input);
      const q = query(ctx.db, checked);
      return listPage(checked.params, q.rowsOf, q.totalOf);
    },
    iterate: (ctx: ServiceContext, input: I): AsyncGenerator<R> => iterateBatches(query(ctx.db, start(ctx, input)).rowsOf),
  };
}

import { z } from "zod";
import { authorize } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import type { ServiceContext } from "../services/context";
import type { ListParams } from "../table/list-spec";

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

import "server-only";
import { eq } from "drizzle-orm";
import { cache } from "react";
import { z } from "zod";
import { authorize, type Actor } from "../../auth/actor";
import type { DbOrTx } from "../../db";
import { users } from "../../db/schema";
import { ServiceError } from "../../errors";
import { getAdapter } from "../../integrations/registry";
import { activeConnection, aliasFamily, summarizeConnection } from "../connections/aliases";
import type { ServiceContext } from "../context";
import { getProfile } from "./get-profile";
import { describeVendor } from "./vendor-descriptor";

const inputSchema = z.object({ profileId: z.uuid() });

const loadOnce = cache(async (db: DbOrTx, actor: Actor, profileId: string) => {
  let profile: Awaited<ReturnType<typeof getProfile>>;
  try {
    profile = await getProfile({ db, actor }, { id: profileId });
  } catch (error) {
    if (error instanceof ServiceError && error.code === "not_found") return null;
    throw error;
  }
  const adapter = getAdapter(profile.vendorId);
  const [downloadAliases, reclaimAliases, download, reclaim, validator] = await Promise.all([
    aliasFamily(db, adapter.aliases.download.id),
    aliasFamily(db, adapter.aliases.reclaim.id),
    profile.downloadConnectionAliasId ? activeConnection(db, profile.downloadConnectionAliasId) : null,
    profile.reclaimConnectionAliasId ? activeConnection(db, profile.reclaimConnectionAliasId) : null,
    profile.lastValidatedBy
      ? db.select({ email: users.email }).from(users).where(eq(users.id, profile.lastValidatedBy)).then((r) => r[0]?.email ?? null)
      : null,
  ]);
  return {
    profile,
    vendor: describeVendor(adapter),
    downloadAliases: downloadAliases.map((a) => ({ id: a.id, name: a.name })),
    reclaimAliases: reclaimAliases.map((a) => ({ id: a.id, name: a.name })),
    downloadConnection: download ? summarizeConnection(download) : null,
    reclaimConnection: reclaim ? summarizeConnection(reclaim) : null,
    validatedBy: validator,
  };
});

/**
 * Everything the profile page and its tabs show; null for an unknown profile. The layout and the
 * tab both ask for it: React's cache keys on the arguments, and the request's db and actor are the
 * same objects each time, so it is loaded once per request.
 */
export async function loadProfilePage(ctx: ServiceContext, raw: z.input<typeof inputSchema>) {
  authorize(ctx.actor, "workspace:view", "see integration profiles");
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success) return null;
  return loadOnce(ctx.db, ctx.actor, parsed.data.profileId);
}

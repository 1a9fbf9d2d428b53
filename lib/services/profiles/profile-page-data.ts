import "server-only";
import { eq } from "drizzle-orm";
import { cache } from "react";
import { getDb } from "../../db";
import { users } from "../../db/schema";
import { ServiceError } from "../../errors";
import { getAdapter } from "../../integrations/registry";
import { activeConnection, aliasFamily, summarizeConnection } from "../connections/aliases";
import { getProfile } from "./get-profile";
import { describeVendor } from "./vendor-descriptor";

/** Everything the profile page and its tabs show, loaded once per request. */
export const loadProfilePage = cache(async (profileId: string) => {
  const db = await getDb();
  let profile: Awaited<ReturnType<typeof getProfile>>;
  try {
    profile = await getProfile(db, profileId);
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

import type { Db } from "@/lib/db/client";
import { connectionAliases, integrationProfiles, scheduledJobs } from "@/lib/db/schema";

export type DownloadJobOptions = { status?: "draft" | "published"; active?: boolean; nextRunAt?: Date | null; createdAt?: Date; cron?: string };
/** `n` is the seeder's count: the profile is `${org} ${n}`. */
export type SeededDownloadJob = { n: number; profileId: string; jobId: string; name: string };
export type SeedDownloadJob = (db: Db, options?: DownloadJobOptions) => Promise<SeededDownloadJob>;

/**
 * Seeds a Miro profile with its download job, as Publish leaves them (published and active, daily
 * at 02:00, unless told otherwise). Each call makes the next `${org} ${n}` on its own OAuth alias
 * `miro_spoke.${alias}_${n}`, counting from 1 per seeder.
 */
export function downloadJobSeeder(names: { org: string; alias: string }): SeedDownloadJob {
  let counter = 0;
  return async (db, options = {}) => {
    const n = ++counter;
    const name = `${names.org} ${n}`;
    const aliasId = `miro_spoke.${names.alias}_${n}`;
    await db.insert(connectionAliases).values({ id: aliasId, name, vendorId: "miro", kind: "oauth" });
    const published = (options.status ?? "published") === "published";
    const [profile] = await db
      .insert(integrationProfiles)
      .values({
        displayName: name,
        profileType: "miro_enterprise_subscription",
        vendorId: "miro",
        status: published ? "published" : "draft",
        downloadConnectionAliasId: aliasId,
        publishedAt: published ? new Date() : null,
      })
      .returning();
    const [job] = await db
      .insert(scheduledJobs)
      .values({
        name: `SAM - Refresh ${name} Subscriptions`,
        kind: "download_subscriptions",
        profileId: profile!.id,
        cron: options.cron ?? "0 2 * * *",
        active: options.active ?? true,
        nextRunAt: options.nextRunAt ?? null,
        ...(options.createdAt ? { createdAt: options.createdAt } : {}),
      })
      .returning();
    return { n, profileId: profile!.id, jobId: job!.id, name: job!.name };
  };
}

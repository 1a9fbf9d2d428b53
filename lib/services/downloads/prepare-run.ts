import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db";
import { downloadResults, integrationProfiles, jobResults } from "../../db/schema";
import { ServiceError } from "../../errors";
import { getAdapter } from "../../integrations/registry";
import type { AnyVendorAdapter, VendorAdapter } from "../../integrations/types";
import { activeConnection } from "../connections/aliases";
import { DownloadError } from "./download-error";

export type Profile = typeof integrationProfiles.$inferSelect;

/** What a run needs before its first page: the profile, its vendor's adapter and settings, the connection. */
export type PreparedRun = {
  profile: Profile;
  adapter: VendorAdapter;
  settings: unknown;
  /** What the run reads, in sentences ("the members of Miro organization 3458…"). */
  subject: string;
  aliasId: string;
  connection: NonNullable<Awaited<ReturnType<typeof activeConnection>>>;
};

export async function loadProfile(db: Db, profileId: string): Promise<Profile> {
  const [profile] = await db.select().from(integrationProfiles).where(eq(integrationProfiles.id, profileId)).limit(1);
  if (!profile) throw new DownloadError("The integration profile of this job no longer exists; nothing was downloaded.", { retryable: false });
  return profile;
}

/** What the profile's last completed run left for this one: its member count and directory state. */
export async function previousRun(db: Db, profileId: string, jobResultId: string): Promise<{ membersRead: number | null; directory: string | null }> {
  const [row] = await db
    .select({ membersRead: downloadResults.membersRead, details: jobResults.details })
    .from(jobResults)
    .innerJoin(downloadResults, eq(downloadResults.jobResultId, jobResults.id))
    .where(and(eq(jobResults.profileId, profileId), inArray(jobResults.state, ["completed", "completed_with_warnings"]), sql`${jobResults.id} <> ${jobResultId}::uuid`))
    .orderBy(desc(jobResults.createdAt))
    .limit(1);
  const download = (row?.details as { download?: { directoryFingerprint?: unknown } } | undefined)?.download;
  return {
    membersRead: row?.membersRead ?? null,
    directory: typeof download?.directoryFingerprint === "string" ? download.directoryFingerprint : null,
  };
}

function adapterOf(profile: Profile): VendorAdapter {
  try {
    return getAdapter(profile.vendorId);
  } catch (error) {
    if (error instanceof ServiceError) {
      throw new DownloadError(`There is no download for the vendor "${profile.vendorId}" of ${profile.displayName}.`, { retryable: false });
    }
    throw error;
  }
}

/** The adapter, settings, target and connection, or the sentence saying what a person must do first. */
export async function prepareRun(db: Db, profile: Profile, injected?: AnyVendorAdapter): Promise<PreparedRun> {
  const adapter = injected ?? adapterOf(profile);
  const vendor = adapter.download.vendorName;
  const parsed = adapter.settingsSchema.safeParse(profile.settings);
  if (!parsed.success) {
    throw new DownloadError(
      `The ${vendor} settings of ${profile.displayName} are not valid (${parsed.error.issues[0]?.message ?? "unreadable"}): open the profile, run Validate Connection and publish it again.`,
      { retryable: false },
    );
  }
  const settings = parsed.data;
  const target = adapter.download.target(settings, profile.displayName);
  if ("problem" in target) throw new DownloadError(target.problem, { retryable: false });
  const aliasId = profile.downloadConnectionAliasId;
  if (!aliasId) {
    throw new DownloadError(`${profile.displayName} has no Connection & credential for downloading: choose one on the profile, validate and publish it.`, {
      retryable: false,
    });
  }
  const connection = await activeConnection(db, aliasId);
  if (!connection) {
    throw new DownloadError(`${aliasId} has no active connection: open it and select Create New Connection & Credential, then Create and Get OAuth Token.`, {
      retryable: false,
    });
  }
  return { profile, adapter, settings, subject: target.subject, aliasId, connection };
}

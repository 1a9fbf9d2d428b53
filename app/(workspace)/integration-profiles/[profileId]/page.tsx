import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { PROFILE_STATUS_LABELS } from "@/lib/db/schema/integration-profiles";
import { loadProfilePage } from "@/lib/services/profiles/profile-page-data";
import { OAuthOutcomeBanner } from "@/components/connections/oauth-outcome-banner";
import { ConnectionStatusPanel } from "@/components/profiles/connection-status-panel";
import { ProfileForm } from "@/components/profiles/profile-form";
import { ValidationResults } from "@/components/profiles/validation-results";

export default async function ProfileDetailsPage({
  params,
  searchParams,
}: {
  params: Promise<{ profileId: string }>;
  searchParams: Promise<{ oauth?: string; saved?: string }>;
}) {
  const actor = await requirePageActor();
  const ctx = { db: await getDb(), actor };
  const { profileId } = await params;
  const search = await searchParams;
  const data = await loadProfilePage(ctx, { profileId });
  if (!data) notFound();
  const { profile } = data;
  return (
    <div className="flex flex-col gap-5">
      {search.saved === "1" && (
        <p role="status" className="rounded-md bg-success/10 px-3 py-2 text-sm text-success">
          A draft integration profile is created. Next: open each Connection & credential record and select Create New Connection & Credential.
        </p>
      )}
      {search.oauth && <OAuthOutcomeBanner actor={actor} connectionId={search.oauth} />}
      <ConnectionStatusPanel
        profileId={profile.id}
        downloadAliasId={profile.downloadConnectionAliasId}
        reclaimAliasId={profile.reclaimConnectionAliasId}
        download={data.downloadConnection}
        reclaim={data.reclaimConnection}
        reclaimEnabled={profile.reclaimEnabled}
      />
      <ValidationResults result={profile.lastValidationResult} validatedAt={profile.lastValidatedAt?.toISOString() ?? null} validatedBy={data.validatedBy} />
      <ProfileForm
        mode="edit"
        vendor={data.vendor}
        canManage={can(actor.roles, "profiles:manage")}
        profile={{
          id: profile.id,
          displayName: profile.displayName,
          statusLabel: PROFILE_STATUS_LABELS[profile.status],
          reclaimEnabled: profile.reclaimEnabled,
          removalGuardPercent: profile.removalGuardPercent,
          downloadConnectionAliasId: profile.downloadConnectionAliasId ?? data.vendor.aliases.download.id,
          reclaimConnectionAliasId: profile.reclaimConnectionAliasId ?? data.vendor.aliases.reclaim.id,
        }}
        downloadAliases={data.downloadAliases}
        reclaimAliases={data.reclaimAliases}
      />
    </div>
  );
}

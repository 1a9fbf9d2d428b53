import { notFound } from "next/navigation";
import { z } from "zod";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { loadProfilePage } from "@/lib/services/profiles/profile-page-data";
import { PageHeader } from "@/components/layout/page-header";
import { ProfileActions } from "@/components/profiles/profile-actions";
import { ProfileStatusBadge } from "@/components/profiles/profile-status-badge";
import { ProfileTabs } from "@/components/profiles/profile-tabs";
import { ProfileRunProgress } from "@/components/jobs/profile-run-progress";

export default async function ProfileLayout({ children, params }: { children: React.ReactNode; params: Promise<{ profileId: string }> }) {
  const actor = await requirePageActor();
  const ctx = { db: await getDb(), actor };
  const { profileId } = await params;
  if (!z.uuid().safeParse(profileId).success) notFound();
  const data = await loadProfilePage(ctx, { profileId });
  if (!data) notFound();
  const { profile } = data;
  return (
    <>
      <PageHeader
        title={profile.displayName}
        description={
          <span className="flex items-center gap-2">
            {data.vendor.profileType.label} <ProfileStatusBadge status={profile.status} />
          </span>
        }
        actions={
          can(actor.roles, "profiles:manage") && (
            <ProfileActions
              profileId={profile.id}
              displayName={profile.displayName}
              status={profile.status}
              validationOk={!!profile.lastValidationResult?.ok}
            />
          )
        }
      />
      <ProfileRunProgress profileId={profile.id} />
      <ProfileTabs profileId={profile.id} />
      <div className="mt-5">{children}</div>
    </>
  );
}

import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { loadProfilePage } from "@/lib/services/profiles/profile-page-data";
import { RemovalCandidatesPage } from "@/components/reclamation/removal-candidates-page";

export default async function ProfileRemovalCandidatesPage({
  params,
  searchParams,
}: {
  params: Promise<{ profileId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor();
  const ctx = { db: await getDb(), actor };
  const data = await loadProfilePage(ctx, { profileId: (await params).profileId });
  if (!data) notFound();
  return <RemovalCandidatesPage actor={actor} search={await searchParams} profile={{ id: data.profile.id }} />;
}

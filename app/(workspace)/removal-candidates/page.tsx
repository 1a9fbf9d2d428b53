import { requirePageActor } from "@/lib/auth/session";
import { PageHeader } from "@/components/layout/page-header";
import { RemovalCandidatesPage } from "@/components/reclamation/removal-candidates-page";

export const metadata = { title: "Removal candidates" };

export default async function AllRemovalCandidatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  return (
    <>
      <PageHeader
        title="Removal candidates"
        description="Paid subscriptions the reclamation rules found unused, with the reason in words. Reclaim deactivates the member in the vendor (the license is freed, boards stay) after reading them again; anyone active since is left untouched."
      />
      <RemovalCandidatesPage actor={actor} search={await searchParams} />
    </>
  );
}

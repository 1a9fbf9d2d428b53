import { requirePageActor } from "@/lib/auth/session";
import { PageHeader } from "@/components/layout/page-header";
import { UnrecognizedIdentifiersList } from "@/components/lists/unrecognized-identifiers-list";

export const metadata = { title: "Unrecognized subscription identifiers" };

export default async function UnrecognizedIdentifiersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  return (
    <>
      <PageHeader
        title="Unrecognized subscription identifiers"
        description="License identifiers a vendor returned that no software model is mapped to, per profile type. Their subscriptions count toward no model until a sam_admin maps them: Map to model updates every subscription with the identifier at once."
      />
      <UnrecognizedIdentifiersList actor={actor} search={await searchParams} />
    </>
  );
}

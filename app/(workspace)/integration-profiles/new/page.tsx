import { requirePageActor } from "@/lib/auth/session";
import { listAdapters } from "@/lib/integrations/registry";
import { PageHeader } from "@/components/layout/page-header";
import { VendorPicker } from "@/components/profiles/vendor-picker";

export const metadata = { title: "New direct integration profile" };

export default async function NewProfilePage() {
  await requirePageActor("profiles:manage");
  const vendors = listAdapters().map((a) => ({ id: a.id, displayName: a.displayName }));
  return (
    <>
      <PageHeader title="New direct integration profile" description="Choose the SaaS vendor to connect." />
      <VendorPicker vendors={vendors} />
    </>
  );
}

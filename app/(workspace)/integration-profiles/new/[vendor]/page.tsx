import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/session";
import { listAdapters } from "@/lib/integrations/registry";
import { describeVendor } from "@/lib/services/profiles/vendor-descriptor";
import { PageHeader } from "@/components/layout/page-header";
import { ProfileForm } from "@/components/profiles/profile-form";

export const metadata = { title: "New direct integration profile" };

export default async function NewVendorProfilePage({ params }: { params: Promise<{ vendor: string }> }) {
  await requirePageActor("profiles:manage");
  const { vendor } = await params;
  const adapter = listAdapters().find((a) => a.id === vendor);
  if (!adapter) notFound();
  return (
    <>
      <PageHeader title={`New ${adapter.displayName} integration profile`} description="Fill in the Display Name and select Save: a Draft profile is created." />
      <ProfileForm mode="create" vendor={describeVendor(adapter)} />
    </>
  );
}

import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getReclamationRule } from "@/lib/services/reclamation/rules";
import { ruleSettings } from "@/lib/services/reclamation/rule-settings";
import { PageHeader } from "@/components/layout/page-header";
import { RuleForm } from "@/components/reclamation/rule-form";

export const metadata = { title: "Reclamation rule" };

export default async function ReclamationRulePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const record = await getReclamationRule({ db: await getDb(), actor }, { id: (await params).id });
  if (!record) notFound();
  const { rule, modelName } = record;
  const canEdit = can(actor.roles, "reclamation-rules:manage");
  return (
    <>
      <PageHeader
        title={rule.name}
        description={
          <>
            <Link className="text-primary hover:underline" href="/reclamation-rules">
              Reclamation rules
            </Link>{" "}
            › software model {modelName ?? "(deleted)"}.{" "}
            {canEdit ? "Saving evaluates the rule at once." : "Only a sam_admin edits reclamation rules; Preview shows who the rule flags now."}{" "}
            <Link className="text-primary hover:underline" href="/removal-candidates?state=open">
              Open removal candidates
            </Link>
          </>
        }
      />
      <RuleForm
        canEdit={canEdit}
        rule={{ id: rule.id, ...ruleSettings(rule) }}
      />
    </>
  );
}

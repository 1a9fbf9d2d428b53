import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { REMOVAL_CANDIDATE_STATE_LABELS, REMOVAL_JUSTIFICATION_LABELS } from "@/lib/db/schema/removal-candidate-labels";
import { money } from "@/lib/lists/removal-candidates-columns";
import { getRemovalCandidate } from "@/lib/services/reclamation/get-candidate";
import { candidatesVendorName } from "@/lib/services/reclamation/list-candidates";
import { LocalTime } from "@/components/layout/local-time";
import { PageHeader } from "@/components/layout/page-header";
import { CandidateActions } from "@/components/reclamation/candidate-actions";
import { CandidateStateBadge } from "@/components/reclamation/candidate-state-badge";
import { WorkNoteForm } from "@/components/reclamation/work-note-form";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata = { title: "Removal candidate" };

const KIND_LABELS = { created: "Created", state: "State", vendor: "Vendor call", note: "Work note" } as const;
const EMAIL_LABELS: Record<string, string> = { notice: "Notice", reminder: "Reminder", declined: "Decline" };
const dash = <span className="text-muted-foreground">—</span>;

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm">{children ?? dash}</dd>
    </div>
  );
}

export default async function RemovalCandidatePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor();
  const ctx = { db: await getDb(), actor };
  const record = await getRemovalCandidate(ctx, { id: (await params).id });
  if (!record) notFound();
  const { candidate: c, profile, model, rule, subscription, history, emails } = record;
  const vendorName = await candidatesVendorName(ctx, profile?.id);
  const e = c.evidence;
  const problem = c.state === "attention_required" ? c.vendorError : null;
  return (
    <>
      <PageHeader
        title={`Removal candidate ${c.number}`}
        description={
          <>
            <Link className="text-primary hover:underline" href="/removal-candidates">
              Removal candidates
            </Link>{" "}
            › {c.userPrincipalName}
          </>
        }
        actions={
          <span data-testid="candidate-state">
            <CandidateStateBadge state={c.state} />
          </span>
        }
      />
      <div className="flex flex-col gap-4">
        <CandidateActions
          id={c.id}
          number={c.number}
          state={c.state}
          user={c.userPrincipalName}
          vendorName={vendorName}
          canAct={can(actor.roles, "candidates:act")}
          canRestore={can(actor.roles, "candidates:restore")}
          canDecide={can(actor.roles, "approvals:decide")}
        />
        {problem && (
          <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
            {problem}
          </p>
        )}
        <Card>
          <CardHeader>
            <CardTitle>Why</CardTitle>
          </CardHeader>
          <CardContent className="space-y-2 text-sm">
            <p>
              <strong>{REMOVAL_JUSTIFICATION_LABELS[c.justification]}:</strong> {c.reason}
            </p>
            {c.closeReason && (
              <p>
                <strong>{REMOVAL_CANDIDATE_STATE_LABELS[c.state]}:</strong> {c.closeReason}
              </p>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-2 gap-4 md:grid-cols-4">
              <Item label="User">{c.userPrincipalName}</Item>
              <Item label="Software model">{model?.name}</Item>
              <Item label="Profile">
                {profile ? (
                  <Link className="text-primary hover:underline" href={`/integration-profiles/${profile.id}/removal-candidates`}>
                    {profile.name}
                  </Link>
                ) : null}
              </Item>
              <Item label="Reclamation rule">
                {rule ? (
                  <Link className="text-primary hover:underline" href={`/reclamation-rules/${rule.id}`}>
                    {rule.name}
                  </Link>
                ) : null}
              </Item>
              <Item label="Inactive days">{c.inactiveDays}</Item>
              <Item label="Potential savings (a year)">{money(c.potentialSavings, c.currency) ?? "— (add an entitlement in use for this model)"}</Item>
              <Item label="Actual savings">{money(c.actualSavings, c.currency)}</Item>
              <Item label="Subscription">
                {subscription ? `${vendorName} user ${subscription.externalUserId}${subscription.removedAt ? ` (removed: ${subscription.removalReason})` : subscription.active ? "" : " (deactivated)"}` : null}
              </Item>
              <Item label="Opened">
                <LocalTime iso={c.createdAt.toISOString()} />
              </Item>
              <Item label="Closed">{c.closedAt ? <LocalTime iso={c.closedAt.toISOString()} /> : null}</Item>
              <Item label="Reclaim requested">{c.reclaimRequestedAt ? <LocalTime iso={c.reclaimRequestedAt.toISOString()} /> : null}</Item>
              <Item label="Restored">{c.restoredAt ? <LocalTime iso={c.restoredAt.toISOString()} /> : null}</Item>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Evidence (as read when the candidate was made)</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-2 gap-4 md:grid-cols-4">
              <Item label="Last activity">{e.lastActivityAt ? <LocalTime iso={e.lastActivityAt} /> : "Never active"}</Item>
              <Item label="License assigned">{e.subscriptionAssignedAt ? <LocalTime iso={e.subscriptionAssignedAt} /> : null}</Item>
              <Item label="License">{e.subscriptionIdentifier}</Item>
              <Item label="Read by the download ending">{e.readAt ? <LocalTime iso={e.readAt} /> : null}</Item>
              <Item label="Rule">{e.ruleName}</Item>
              <Item label="Last activity threshold">{e.thresholdDays === undefined ? null : `${e.thresholdDays} days`}</Item>
              <Item label="Grace period">{e.gracePeriodDays === undefined ? null : `${e.gracePeriodDays} days`}</Item>
              <Item label="Unit cost">{e.unitCost ? `${e.unitCost} ${c.currency ?? ""} (${e.subscriptionPeriod ?? "period unknown"})` : null}</Item>
            </dl>
          </CardContent>
        </Card>
        {(c.notifyUser || emails.length > 0) && (
          <Card>
            <CardHeader>
              <CardTitle>Notify user</CardTitle>
            </CardHeader>
            <CardContent className="space-y-2 text-sm">
              {c.responseDueAt && (
                <p>
                  Reclaimed on <LocalTime iso={c.responseDueAt.toISOString()} dateOnly /> unless they answer
                  {c.userResponse ? `; they answered ${c.userResponse === "keep" ? "Keep my license" : "Release it now"}` : ""}.
                </p>
              )}
              {c.noticeError && <p className="text-destructive">{c.noticeError}</p>}
              <ul aria-label="Emails" className="space-y-1">
                {emails.map((m) => (
                  <li key={m.kind}>
                    <strong>{EMAIL_LABELS[m.kind] ?? m.kind}</strong> to {m.recipient}: “{m.subject}” —{" "}
                    {m.sentAt ? <LocalTime iso={m.sentAt.toISOString()} /> : <span className="text-destructive">not sent{m.error ? ` (${m.error})` : ""}</span>}
                  </li>
                ))}
              </ul>
            </CardContent>
          </Card>
        )}
        <Card>
          <CardHeader>
            <CardTitle>History</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <ol className="space-y-2" aria-label="History">
              {history.map((h) => (
                <li key={h.id} className="grid grid-cols-[10rem_8rem_1fr] gap-3 border-b border-border pb-2 text-sm last:border-0">
                  <span className="text-xs text-muted-foreground">
                    <LocalTime iso={h.at.toISOString()} />
                    <br />
                    {h.actorLabel}
                  </span>
                  <span className="text-xs font-medium">
                    {KIND_LABELS[h.kind]}
                    {h.toState && (
                      <>
                        <br />
                        {h.fromState ? `${REMOVAL_CANDIDATE_STATE_LABELS[h.fromState]} → ` : ""}
                        {REMOVAL_CANDIDATE_STATE_LABELS[h.toState]}
                      </>
                    )}
                  </span>
                  <span>{h.text}</span>
                </li>
              ))}
            </ol>
            {can(actor.roles, "candidates:act") && <WorkNoteForm id={c.id} />}
          </CardContent>
        </Card>
      </div>
    </>
  );
}

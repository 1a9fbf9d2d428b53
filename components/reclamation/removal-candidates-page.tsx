import "server-only";
import type { PersonActor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { profileRemovalCandidatesSpec, removalCandidatesSpec } from "@/lib/lists/removal-candidates-spec";
import { candidatesVendorName, countReadyCandidates, listRemovalCandidates } from "@/lib/services/reclamation/list-candidates";
import { listProfileOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { parseListParams } from "@/lib/table/list-spec";
import { EmptyState } from "@/components/layout/empty-state";
import { RemovalCandidatesList } from "./removal-candidates-list";

type Search = Record<string, string | string[] | undefined>;

/** The list's filters as plain strings, for Reclaim All to act on exactly what the page shows. */
function plainSearch(search: Search): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ["q", "state", "profile"]) {
    const v = search[key];
    if (typeof v === "string") out[key] = v;
  }
  return out;
}

/**
 * **Removal candidates** and a profile's related list of the same name: one list, scoped to the
 * profile when there is one (its spec then has no profile filter, and the export carries it).
 */
export async function RemovalCandidatesPage({ actor, search, profile }: { actor: PersonActor; search: Search; profile?: { id: string } }) {
  const params = profile ? parseListParams(profileRemovalCandidatesSpec, search) : parseListParams(removalCandidatesSpec, search);
  const ctx = { db: await getDb(), actor };
  const input = { params, profileId: profile?.id };
  const [{ rows, total }, readyCount, vendorName, profiles] = await Promise.all([
    listRemovalCandidates(ctx, input),
    countReadyCandidates(ctx, input),
    candidatesVendorName(ctx, profile?.id),
    profile ? Promise.resolve([]) : listProfileOptions(ctx),
  ]);
  return (
    <RemovalCandidatesList
      spec={profile ? profileRemovalCandidatesSpec : removalCandidatesSpec}
      params={params}
      rows={rows}
      total={total}
      filterOptions={profile ? undefined : { profile: profiles }}
      readyCount={readyCount}
      search={plainSearch(search)}
      profileId={profile?.id}
      canAct={can(actor.roles, "candidates:act")}
      vendorName={vendorName}
      empty={
        <EmptyState title="No removal candidates" action={{ label: "Go to Reclamation rules", href: "/reclamation-rules" }}>
          After each completed download, the reclamation rules make a candidate of every paid subscription inactive for longer than the rule&apos;s threshold.
          None matches now: check the rules&apos; thresholds, or clear the filters.
        </EmptyState>
      }
    />
  );
}

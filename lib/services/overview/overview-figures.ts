import "server-only";
import { sql } from "drizzle-orm";
import { authorize } from "../../auth/actor";
import { resultRows } from "../../db/driver";
import type { ProfileValidationResult } from "../../db/schema/integration-profiles";
import type { ServiceContext } from "../context";
import { inUseToday } from "../reconciliation/model-counts-sql";

export type Money = { amount: string; currency: string } | null;
export type OverviewFigures = {
  /** A year of the entitlements in use today (rights × unit cost × periods a year), in the main currency. */
  spend: Money;
  assigned: number;
  openCandidates: number;
  /** Open candidates per assigned subscription, in percent; null when nothing is assigned. */
  unusedPercent: number | null;
  potentialSavings: Money;
  actualSavingsYtd: Money;
  /** From the last completed reconciliation; null before the first. */
  trueUpCost: Money;
  health: ProfileHealth[];
};

/** The SCIM (reclaim) side of a profile: its last Validate Connection check, or the connection's last error. */
export type ScimCheck = { state: "passed" | "failed" | "off" | "unchecked"; message: string | null };
export type ProfileHealth = {
  profileId: string;
  name: string;
  lastState: string | null;
  lastEndedAt: string | null;
  stale: boolean;
  tokenExpiresAt: string | null;
  scim: ScimCheck;
};

function scimCheck(reclaimEnabled: boolean, validation: ProfileValidationResult | null, connectionError: string | null): ScimCheck {
  if (!reclaimEnabled) return { state: "off", message: "Reclaim subscriptions is cleared on this profile." };
  if (connectionError) return { state: "failed", message: connectionError };
  const checks = validation?.checks.filter((c) => c.process === "reclaim") ?? [];
  if (checks.length === 0) return { state: "unchecked", message: "Validate Connection on the profile to check the SCIM token." };
  const failed = checks.find((c) => !c.ok);
  return failed ? { state: "failed", message: failed.message } : { state: "passed", message: null };
}

/** jsonb arrives parsed from postgres.js and as text from some paths; accept both. */
const parseJson = <T>(v: unknown): T | null => (v == null ? null : typeof v === "string" ? (JSON.parse(v) as T) : (v as T));

const money = (amount: unknown, currency: unknown): Money => (currency ? { amount: String(amount ?? "0"), currency: String(currency) } : null);

/** The Overview's six figures and each profile's health, in two statements. */
export async function overviewFigures(ctx: ServiceContext, now = new Date()): Promise<OverviewFigures> {
  authorize(ctx.actor, "workspace:view", "see the overview");
  const today = now.toISOString().slice(0, 10);
  const yearStart = `${now.getUTCFullYear()}-01-01`;
  const [f] = resultRows(
    await ctx.db.execute(sql`
      with spend as (
        select e.currency, sum(e.purchased_rights * e.unit_cost * case e.subscription_period when 'monthly' then 12 when 'quarterly' then 4 else 1 end) as amount
        from entitlements e where ${inUseToday("e", today)} group by e.currency order by amount desc limit 1
      ),
      cand as (
        select min(currency) as currency,
          count(*) filter (where closed_at is null)::int as open,
          coalesce(sum(potential_savings) filter (where closed_at is null), 0)::text as potential,
          coalesce(sum(actual_savings) filter (where state = 'closed_complete' and closed_at >= ${yearStart}::date), 0)::text as actual
        from removal_candidates
      ),
      trueup as (
        select sum(x.true_up_cost)::text as amount, min(x.currency) as currency
        from reconciliation_results x
        where x.run_id = (select id from reconciliation_runs where state = 'completed' order by ended_at desc limit 1)
      )
      select (select amount::text from spend) as spend, (select currency from spend) as spend_currency,
        (select count(*)::int from software_subscriptions s where s.removed_at is null and s.active and not s.excluded and s.software_model_id is not null) as assigned,
        cand.open, cand.potential, cand.actual, cand.currency as cand_currency, trueup.amount as trueup, trueup.currency as trueup_currency
      from cand, trueup`),
  );
  const health = resultRows(
    await ctx.db.execute(sql`
      select p.id, p.display_name,
        (select jr.state::text from job_results jr join scheduled_jobs j on j.id = jr.job_id where j.profile_id = p.id and j.kind = 'download_subscriptions' order by jr.created_at desc limit 1) as last_state,
        (select max(jr.ended_at) from job_results jr join scheduled_jobs j on j.id = jr.job_id where j.profile_id = p.id and j.kind = 'download_subscriptions' and jr.state in ('completed', 'completed_with_warnings')) as last_ok,
        (select min(c.access_token_expires_at) from connections c where c.alias_id = p.download_connection_alias_id and c.status = 'active') as token_expires,
        p.reclaim_enabled, p.last_validation_result,
        (select c.last_error from connections c where c.alias_id = p.reclaim_connection_alias_id and c.status = 'active' limit 1) as scim_error
      from integration_profiles p where p.status = 'published' order by p.display_name`),
  );
  const assigned = Number(f?.assigned ?? 0);
  const open = Number(f?.open ?? 0);
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    spend: f?.spend ? money(f.spend, f.spend_currency) : null,
    assigned,
    openCandidates: open,
    unusedPercent: assigned > 0 ? Math.round((open / assigned) * 1000) / 10 : null,
    potentialSavings: money(f?.potential, f?.cand_currency),
    actualSavingsYtd: money(f?.actual, f?.cand_currency),
    trueUpCost: f?.trueup ? money(f.trueup, f.trueup_currency) : null,
    health: health.map((h) => ({
      profileId: String(h.id),
      name: String(h.display_name),
      lastState: h.last_state ? String(h.last_state) : null,
      lastEndedAt: iso(h.last_ok),
      stale: !h.last_ok || now.getTime() - new Date(h.last_ok as string).getTime() > 2 * 86_400_000,
      tokenExpiresAt: iso(h.token_expires),
      scim: scimCheck(Boolean(h.reclaim_enabled), parseJson<ProfileValidationResult>(h.last_validation_result), h.scim_error ? String(h.scim_error) : null),
    })),
  };
}

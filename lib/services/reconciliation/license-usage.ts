import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { authorize } from "../../auth/actor";
import { resultRows } from "../../db/driver";
import { reconciliationResults, reconciliationRuns, softwareModels } from "../../db/schema";
import type { ServiceContext } from "../context";

export type UsageRow = {
  modelId: string;
  modelName: string;
  rightsOwned: number;
  rightsUsed: number;
  rightsAvailable: number;
  unlicensed: number;
  compliant: boolean;
  excluded: number;
  unitCost: string | null;
  overLicensedAmount: string | null;
  trueUpCost: string | null;
  potentialSavings: string;
  actualSavings: string;
  currency: string | null;
};

/** The Last meaningful activity buckets (0–30 … over 120 days, never), per model. */
export const ACTIVITY_BUCKETS = [
  { key: "d30", label: "0–30 days", range: "..30" },
  { key: "d60", label: "31–60 days", range: "31..60" },
  { key: "d90", label: "61–90 days", range: "61..90" },
  { key: "d120", label: "91–120 days", range: "91..120" },
  { key: "over", label: "Over 120 days", range: "121.." },
  { key: "never", label: "Never", range: null },
] as const;
export type ActivityRow = { modelId: string; modelName: string } & Record<(typeof ACTIVITY_BUCKETS)[number]["key"], number>;

export type LicenseUsage = {
  run: { id: string; endedAt: string | null } | null;
  rows: UsageRow[];
  history: { runId: string; endedAt: string; modelName: string; rightsOwned: number; rightsUsed: number }[];
  activity: ActivityRow[];
};

/** **License usage**: the latest reconciliation per model, the trend across runs, and the activity snapshot. */
export async function loadLicenseUsage(ctx: ServiceContext): Promise<LicenseUsage> {
  authorize(ctx.actor, "workspace:view", "see license usage");
  const [run] = await ctx.db
    .select({ id: reconciliationRuns.id, endedAt: reconciliationRuns.endedAt })
    .from(reconciliationRuns)
    .where(eq(reconciliationRuns.state, "completed"))
    .orderBy(desc(reconciliationRuns.endedAt))
    .limit(1);
  const rows = run
    ? await ctx.db
        .select({
          modelId: reconciliationResults.softwareModelId,
          modelName: softwareModels.displayName,
          rightsOwned: reconciliationResults.rightsOwned,
          rightsUsed: reconciliationResults.rightsUsed,
          rightsAvailable: reconciliationResults.rightsAvailable,
          unlicensed: reconciliationResults.unlicensedSubscriptions,
          compliant: reconciliationResults.compliant,
          excluded: reconciliationResults.excludedSubscriptions,
          unitCost: reconciliationResults.unitCost,
          overLicensedAmount: reconciliationResults.overLicensedAmount,
          trueUpCost: reconciliationResults.trueUpCost,
          potentialSavings: reconciliationResults.potentialSavings,
          actualSavings: reconciliationResults.actualSavings,
          currency: reconciliationResults.currency,
        })
        .from(reconciliationResults)
        .innerJoin(softwareModels, eq(softwareModels.id, reconciliationResults.softwareModelId))
        .where(eq(reconciliationResults.runId, run.id))
        .orderBy(softwareModels.displayName)
    : [];
  const history = resultRows(
    await ctx.db.execute(sql`
      select r.id as run_id, r.ended_at, m.display_name as model_name, x.rights_owned, x.rights_used
      from (select id, ended_at from reconciliation_runs where state = 'completed' order by ended_at desc limit 12) r
      join reconciliation_results x on x.run_id = r.id
      join software_models m on m.id = x.software_model_id
      order by r.ended_at, m.display_name`),
  ).map((h) => ({ runId: String(h.run_id), endedAt: new Date(h.ended_at as string).toISOString(), modelName: String(h.model_name), rightsOwned: Number(h.rights_owned), rightsUsed: Number(h.rights_used) }));
  const activity = resultRows(
    await ctx.db.execute(sql`
      select m.id as model_id, m.display_name as model_name,
        count(*) filter (where s.last_activity_at >= now() - interval '30 days')::int as d30,
        count(*) filter (where s.last_activity_at < now() - interval '30 days' and s.last_activity_at >= now() - interval '60 days')::int as d60,
        count(*) filter (where s.last_activity_at < now() - interval '60 days' and s.last_activity_at >= now() - interval '90 days')::int as d90,
        count(*) filter (where s.last_activity_at < now() - interval '90 days' and s.last_activity_at >= now() - interval '120 days')::int as d120,
        count(*) filter (where s.last_activity_at < now() - interval '120 days')::int as over,
        count(*) filter (where s.last_activity_at is null)::int as never
      from software_subscriptions s join software_models m on m.id = s.software_model_id
      where s.removed_at is null and s.active and not s.excluded
      group by m.id, m.display_name order by m.display_name`),
  ).map((a) => ({ modelId: String(a.model_id), modelName: String(a.model_name), d30: Number(a.d30), d60: Number(a.d60), d90: Number(a.d90), d120: Number(a.d120), over: Number(a.over), never: Number(a.never) }));
  return { run: run ? { id: run.id, endedAt: run.endedAt?.toISOString() ?? null } : null, rows, history, activity };
}

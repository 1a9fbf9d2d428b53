/**
 * Reconciliation and the Overview at scale (issue 15):
 *
 *   npm run bench:reconcile [-- --members 100000 --runs 5]
 *
 * Loads an organization through the real download (simulator, rate limit off), one entitlement per
 * model and candidates for a quarter of the subscriptions, then times `runReconciliation` against its
 * floor, the bare aggregate query of the same counts (no results written, no audit), and the
 * Overview's server work (`overviewFigures` and `upcomingRenewals`, as the page runs them) p50/p95. On PostgreSQL in a fresh
 * database it creates and drops. Last line: RESULT {json}.
 */
import os from "node:os";
import { sql } from "drizzle-orm";
import { jobActor, personActor } from "../lib/auth/actor";
import { entitlements, softwareModels } from "../lib/db/schema";
import { runDownload } from "../lib/services/downloads/run-download";
import { overviewFigures } from "../lib/services/overview/overview-figures";
import { upcomingRenewals } from "../lib/services/overview/renewals";
import { modelCountsSql } from "../lib/services/reconciliation/model-counts-sql";
import { runReconciliation } from "../lib/services/reconciliation/run-reconciliation";
import { closeRun, createBenchDb, ENCRYPTION_KEY, median, numberArg, openRun, percentile, seconds, setupProfile, simAdapter, startSimProcess, table } from "./support";

const members = numberArg("members", 100_000);
const runs = numberArg("runs", 5);

async function main() {
  process.env.OPENSAM_ENCRYPTION_KEY = ENCRYPTION_KEY;
  console.log(`bench:reconcile: ${members} members, ${runs} runs; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores.`);
  const db = await createBenchDb("opensam_bench_reconcile");
  const sim = await startSimProcess(members);
  try {
    const profile = await setupProfile(db, sim, "reconcile");
    const run = await openRun(db, profile);
    const loaded = await runDownload(db.db, { profileId: profile.profileId, jobResultId: run }, { adapter: simAdapter(sim), encryptionKey: ENCRYPTION_KEY });
    await closeRun(db, run);
    console.log(`loaded ${loaded.created} subscriptions through runDownload in ${seconds(loaded.durationMs)} s.`);
    const models = await db.db.select({ id: softwareModels.id }).from(softwareModels);
    // Each ends within the Overview's renewal window, so the renewals panel counts its model too.
    const endDate = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    await db.db.insert(entitlements).values(
      models.map((m, i) => ({ softwareModelId: m.id, purchasedRights: 5000 + i * 1000, unitCost: "12.00", currency: "EUR", subscriptionPeriod: "monthly" as const, endDate, noticePeriodDays: 30 })),
    );
    await db.db.execute(sql`
      insert into removal_candidates (subscription_id, profile_id, software_model_id, user_principal_name, reason, state, closed_at, potential_savings, actual_savings, currency)
      select id, profile_id, software_model_id, user_principal_name, 'r',
        (case when abs(hashtext(id::text)) % 2 = 0 then 'ready' else 'closed_complete' end)::removal_candidate_state,
        case when abs(hashtext(id::text)) % 2 = 0 then null else now() end, 144, case when abs(hashtext(id::text)) % 2 = 0 then null else 144 end, 'EUR'
      from software_subscriptions where software_model_id is not null and abs(hashtext(id::text)) % 4 = 0`);
    await db.db.execute(sql`vacuum analyze`);
    const job = jobActor("bench", null, "Bench");
    const today = new Date().toISOString().slice(0, 10);

    const floorTimes: number[] = [];
    const runTimes: number[] = [];
    let modelsReconciled = 0;
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      await db.db.execute(modelCountsSql(today));
      floorTimes.push(performance.now() - t);
      t = performance.now();
      modelsReconciled = (await runReconciliation(db.db, job)).models;
      runTimes.push(performance.now() - t);
    }
    const ctx = { db: db.db, actor: personActor({ id: "00000000-0000-4000-8000-000000000001", email: "bench@example.com", roles: ["sam_user"] }) };
    const overviewPage = () => Promise.all([overviewFigures(ctx), upcomingRenewals(ctx)]);
    for (let i = 0; i < 10; i++) await overviewPage();
    const overview: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      await overviewPage();
      overview.push(performance.now() - t);
    }
    const floor = median(floorTimes) / 1000;
    const reconcile = median(runTimes) / 1000;
    const p95 = Math.round(percentile(overview, 95) * 10) / 10;
    console.log("");
    console.log(
      table([
        ["case", "figure", "floor / target", "ratio"],
        ["reconciliation (s)", reconcile.toFixed(3), `${floor.toFixed(3)} (bare aggregate)`, `${(reconcile / floor).toFixed(2)} (target <= 1.5)`],
        ["Overview server time p95 (ms)", p95, "100", p95 <= 100 ? "within" : "OVER"],
      ]),
    );
    console.log(
      `RESULT ${JSON.stringify({ subscriptions: loaded.created, models: modelsReconciled, reconcile_s: Number(reconcile.toFixed(3)), floor_s: Number(floor.toFixed(3)), reconcile_vs_floor: Number((reconcile / floor).toFixed(2)), overview_p95_ms: p95 })}`,
    );
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await sim.stop();
    await db.drop();
  }
}

main();

/**
 * Reclamation at scale (issue 13):
 *
 *   npm run bench:reclaim [-- --members 100000 --reclaims 1000 --window-ms 3000 --runs 3]
 *
 * 1. Loads an organization through the real download (simulator, rate limit off), with one rule per
 *    model at a 60-day threshold.
 * 2. Candidate generation (`generateCandidates`, the statement a download's last step runs) against
 *    its floor: one bare `INSERT … SELECT` of the same candidates (same join and conditions, no
 *    reason, evidence, savings or history). Median of `runs`, candidates deleted between runs. Then
 *    a re-run with nothing changed, which must write nothing.
 * 3. Reclaim of `reclaims` Ready candidates through the real path (Reclaim All's request, the worker's
 *    reclaim task) against the simulator with Miro's SCIM limits on, the window shortened (SCIM
 *    `window-ms`, REST twice that, as Miro's 30 s and 60 s): throughput against the ceiling of 100
 *    PATCH per window, and the 429s met.
 * On PostgreSQL in a fresh database it creates and drops. Last line: RESULT {json}.
 */
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import { jobActor, personActor } from "../lib/auth/actor";
import { resultRows } from "../lib/db/driver";
import { reclamationRules, removalCandidates, softwareModels, users } from "../lib/db/schema";
import { startWorker } from "../lib/jobs/worker";
import { runDownload } from "../lib/services/downloads/run-download";
import { setPacerTimeScale } from "../lib/services/reclamation/pacer";
import { generateCandidates } from "../lib/services/reclamation/generate-candidates";
import { requestReclaim } from "../lib/services/reclamation/request-reclaim";
import { closeRun, createBenchDb, ENCRYPTION_KEY, median, numberArg, openRun, seconds, setupProfile, simAdapter, startSimProcess, table } from "./support";

const members = numberArg("members", 100_000);
const reclaims = numberArg("reclaims", 1000);
const windowMs = numberArg("window-ms", 3000);
const runs = numberArg("runs", 3);

const FLOOR_SQL = sql`
  insert into removal_candidates (subscription_id, rule_id, profile_id, software_model_id, user_principal_name, reason)
  select s.id, r.id, s.profile_id, s.software_model_id, s.user_principal_name, ''
  from reclamation_rules r
  join software_subscriptions s on s.software_model_id = r.software_model_id
  where r.active and r.create_candidates and s.removed_at is null and s.active and not s.excluded
    and coalesce(s.last_activity_at, s.subscription_assigned_at) < now() - make_interval(days => r.last_activity_threshold_days)
    and (s.subscription_assigned_at is null or s.subscription_assigned_at < now() - make_interval(days => r.grace_period_days))`;

async function main() {
  process.env.OPENSAM_ENCRYPTION_KEY = ENCRYPTION_KEY;
  console.log(`bench:reclaim: ${members} members, ${reclaims} reclaims, SCIM window ${windowMs / 1000} s; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores.`);
  const db = await createBenchDb("opensam_bench_reclaim");
  const sim = await startSimProcess(members);
  // The reclaim reads Miro's base URLs from the environment, as in production.
  process.env.MIRO_API_BASE_URL = sim.url;
  process.env.MIRO_AUTHORIZE_BASE_URL = sim.url;
  process.env.MIRO_SCIM_BASE_URL = `${sim.url}/api/v1/scim`;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  try {
    const profile = await setupProfile(db, sim, "reclaim");
    const adapter = simAdapter(sim);
    const run = await openRun(db, profile);
    const loaded = await runDownload(db.db, { profileId: profile.profileId, jobResultId: run }, { adapter, encryptionKey: ENCRYPTION_KEY });
    await closeRun(db, run);
    console.log(`loaded ${loaded.created} subscriptions through runDownload in ${seconds(loaded.durationMs)} s.`);
    const models = await db.db.select({ id: softwareModels.id, name: softwareModels.displayName }).from(softwareModels);
    await db.db.insert(reclamationRules).values(models.map((m) => ({ name: `${m.name} — unused for 60 days`, softwareModelId: m.id })));
    const job = jobActor("bench", null, "Bench");
    const clear = async () => {
      await db.db.execute(sql`delete from removal_candidates`);
    };
    await db.db.execute(sql`analyze`);

    const floorTimes: number[] = [];
    let floorCount = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = resultRows(await db.db.execute(sql`with ins as (${FLOOR_SQL} returning 1) select count(*)::int as n from ins`));
      floorTimes.push(performance.now() - t);
      floorCount = Number(r[0]?.n ?? 0);
      await clear();
    }
    const genTimes: number[] = [];
    let candidates = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      candidates = (await generateCandidates(db.db, job, { profileId: profile.profileId })).created;
      genTimes.push(performance.now() - t);
      if (i < runs - 1) await clear();
    }
    if (candidates !== floorCount) throw new Error(`generation made ${candidates} candidates, the floor ${floorCount}: they must select the same`);
    const before = resultRows(await db.db.execute(sql`select (select count(*) from removal_candidates)::int as c, (select count(*) from removal_candidate_events)::int as e, (select count(*) from audit_log)::int as a`))[0]!;
    const t0 = performance.now();
    const again = await generateCandidates(db.db, job, { profileId: profile.profileId });
    const regenerate = performance.now() - t0;
    const after = resultRows(await db.db.execute(sql`select (select count(*) from removal_candidates)::int as c, (select count(*) from removal_candidate_events)::int as e, (select count(*) from audit_log)::int as a`))[0]!;
    const wroteNothing = again.created + again.canceled + again.skipped === 0 && before.c === after.c && before.e === after.e && before.a === after.a;

    // Reclaim: the real request and the worker's task, against Miro's SCIM limits (shortened window).
    await sim.control("POST", "/config", { rateLimit: true, budgets: { scimWindowMs: windowMs, restWindowMs: windowMs * 2 } });
    setPacerTimeScale(windowMs / 30_000);
    await sim.control("DELETE", "/requests");
    const [person] = await db.db.insert(users).values({ email: "bench@example.com", name: "Bench", passwordHash: "x", roles: ["sam_user"] }).returning();
    const actor = personActor({ id: person!.id, email: person!.email, roles: ["sam_user"] });
    // The simulator's SCIM token, as the profile's reclaim connection.
    await attachScim(db, sim, profile.profileId);
    worker = await startWorker(db, { schedule: false, log: () => {} });
    const ids = (await db.db.select({ id: removalCandidates.id }).from(removalCandidates).where(eq(removalCandidates.state, "ready")).orderBy(removalCandidates.number).limit(reclaims)).map((r) => r.id);
    const started = performance.now();
    const out = await requestReclaim({ db: db.db, actor }, { ids });
    let done = 0;
    while (done < out.queued) {
      await new Promise((r) => setTimeout(r, 250));
      done = Number(resultRows(await db.db.execute(sql`select count(*)::int as n from removal_candidates where reclaim_requested_at is not null and state <> 'awaiting_revocation'`))[0]!.n);
      if (performance.now() - started > 30 * 60_000) throw new Error(`only ${done} of ${out.queued} reclaims ended in 30 minutes`);
    }
    const reclaimMs = performance.now() - started;
    await worker.stop({ graceSeconds: 1 });
    worker = undefined;
    const states = resultRows(await db.db.execute(sql`select state::text as state, count(*)::int as n from removal_candidates where reclaim_requested_at is not null group by state`));
    const attention = resultRows(await db.db.execute(sql`select regexp_replace(left(vendor_error, 160), '[0-9]{10,}|http:[^ ]+', '…', 'g') as why, count(*)::int as n from removal_candidates where state = 'attention_required' group by 1`));
    for (const a of attention) console.log(`Attention Required (${a.n}): ${a.why}…`);
    const log = await sim.control<{ status: number }[]>("GET", "/requests?limit=100000");
    const limited = log.filter((r) => r.status === 429);
    const http429 = limited.length;
    const byPath = new Map<string, number>();
    for (const r of limited as unknown as { method: string; path: string }[]) {
      const key = `${r.method} ${r.path.replace(/\d{6,}/g, ":id")}`;
      byPath.set(key, (byPath.get(key) ?? 0) + 1);
    }
    if (http429) console.log(`429 answers by endpoint: ${[...byPath].map(([k, n]) => `${k} ${n}`).join(", ")}`);

    const floor = median(floorTimes) / 1000;
    const generate = median(genTimes) / 1000;
    const perMin = (out.queued * 60_000) / reclaimMs;
    const ceiling = (100 * 60_000) / windowMs;
    console.log("");
    console.log(
      table([
        ["case", "figure", "floor / ceiling", "ratio", "target"],
        ["generation (s)", generate.toFixed(2), floor.toFixed(2), (generate / floor).toFixed(2), "<= 1.5 x floor"],
        ["re-run, nothing changed (s)", (regenerate / 1000).toFixed(2), "-", wroteNothing ? "wrote nothing" : "WROTE", "writes nothing"],
        ["reclaims per minute", perMin.toFixed(0), ceiling.toFixed(0), (perMin / ceiling).toFixed(2), ">= 0.9 x ceiling, no run of 429s"],
      ]),
    );
    console.log(`candidates: ${candidates}; reclaim end states: ${states.map((s) => `${s.state} ${s.n}`).join(", ")}; 429 answers: ${http429}.`);
    console.log(
      `RESULT ${JSON.stringify({
        subscriptions: loaded.created,
        candidates,
        generate_s: Number(generate.toFixed(3)),
        generate_floor_s: Number(floor.toFixed(3)),
        generate_vs_floor: Number((generate / floor).toFixed(2)),
        regenerate_unchanged_s: Number((regenerate / 1000).toFixed(3)),
        regenerate_wrote_nothing: wroteNothing,
        reclaim_count: out.queued,
        reclaim_per_min: Math.round(perMin),
        reclaim_ceiling_per_min: ceiling,
        reclaim_vs_ceiling: Number((perMin / ceiling).toFixed(2)),
        http_429: http429,
      })}`,
    );
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await worker?.stop({ graceSeconds: 0 }).catch(() => undefined);
    await sim.stop();
    await db.drop();
  }
}

/** The reclaim connection a profile needs: the simulator's SCIM token, stored encrypted. */
async function attachScim(db: Awaited<ReturnType<typeof createBenchDb>>, sim: Awaited<ReturnType<typeof startSimProcess>>, profileId: string) {
  const { connectionAliases, connections, integrationProfiles } = await import("../lib/db/schema");
  const { encryptSecret } = await import("../lib/security/secrets");
  const state = await sim.control<{ credentials: { scimToken: string } }>("GET", "/state");
  await db.db.insert(connectionAliases).values({ id: "bench.reclaim_scim", name: "Bench SCIM", vendorId: "miro", kind: "api_token" });
  await db.db.insert(connections).values({ aliasId: "bench.reclaim_scim", name: "Bench SCIM", status: "active", apiTokenEnc: encryptSecret(state.credentials.scimToken, ENCRYPTION_KEY) });
  await db.db.update(integrationProfiles).set({ reclaimEnabled: true, reclaimConnectionAliasId: "bench.reclaim_scim" }).where(eq(integrationProfiles.id, profileId));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

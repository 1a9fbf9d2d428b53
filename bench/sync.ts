/**
 * The download benchmark (issue 5 item 9):
 *
 *   npm run bench:sync -- --members 100000            (a) floor, (b) full, (c) unchanged, (d) 5 % changed, RSS
 *   npm run bench:sync -- --rate-limit [--members 20000]   reading at the rate-limit ceiling
 *   npm run bench:sync -- --rss-only [--rss-also 300000]   peak RSS of a full sync of 10,000 and 100,000
 *                                                     members (and of larger organizations, to see it level off)
 *
 * On PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test) in a fresh database
 * it creates and drops; the Miro simulator runs in a process of its own. The sync is the real code
 * path: `runDownload` (lib/services/downloads/run-download.ts), called directly, as the job engine's
 * download handler calls it, without pg-boss's queue polling around it.
 */
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { rawQuery } from "../lib/services/downloads/raw-sql";
import { runDownload, type DownloadSummary } from "../lib/services/downloads/run-download";
import { loadRunRules } from "../lib/services/downloads/load-run-rules";
import { mapMiroMember } from "../lib/integrations/miro/map-member";
import { decideSubscription } from "../lib/services/downloads/run-rules";
import { pagePayload, pageRow } from "../lib/services/downloads/write-page";
import type { MiroMember } from "../lib/integrations/miro/api-types";
import { createMembersPageReader } from "../lib/integrations/miro/members-page";
import { Agent, request } from "undici";
import {
  arg,
  closeRun,
  createBenchDb,
  ENCRYPTION_KEY,
  flag,
  median,
  numberArg,
  openRun,
  seconds,
  setupProfile,
  simAdapter,
  startSimProcess,
  table,
  type BenchDb,
  type BenchProfile,
  type Sim,
} from "./support";

/**
 * Unchanged re-syncs, each paired with a bare fetch loop (and one on the sync's own HTTP client); the
 * medians are compared. On this 2-core machine one pair's ratio ranges from 0.9 to 1.35 from one
 * minute to the next (the simulator, PostgreSQL and the run share the cores): nine pairs keep the
 * median steady to a few hundredths.
 */
const UNCHANGED_RUNS = 9;

const ENGINE_NOTE = "runDownload called directly (the job engine's handler calls the same function; pg-boss polling not included)";

async function sync(db: BenchDb, sim: Sim, profile: BenchProfile): Promise<{ ms: number; summary: DownloadSummary; phases: Record<string, number> }> {
  const jobResultId = await openRun(db, profile);
  const started = performance.now();
  let phases: Record<string, number> = {};
  try {
    const summary = await runDownload(
      db.db,
      { profileId: profile.profileId, jobResultId },
      { adapter: simAdapter(sim), encryptionKey: ENCRYPTION_KEY, trace: (p) => (phases = p) },
    );
    const ms = performance.now() - started;
    await closeRun(db, jobResultId);
    if (process.env.BENCH_TRACE) console.log(Object.entries(phases).map(([k, v]) => `${k} ${Math.round(v)} ms`).join(", "));
    return { ms, summary, phases };
  } catch (error) {
    await closeRun(db, jobResultId, error);
    throw error;
  }
}

/**
 * The bare loop: GET every page and JSON.parse it, nothing else. Keeps the members if asked. With
 * Node's fetch (`fetch only`, the floor), or with undici's `request` on an agent of its own: the HTTP
 * client the sync uses (lib/integrations/http.ts), which reads a page for less CPU than fetch.
 */
async function bareLoop(sim: Sim, client: "fetch" | "request", keep = false): Promise<{ ms: number; members: MiroMember[]; pages: number }> {
  const token = (await sim.control<{ access_token: string }>("POST", "/tokens", {})).access_token;
  const headers = { authorization: `Bearer ${token}`, accept: "application/json" };
  const agent = client === "request" ? new Agent({ keepAliveTimeout: 10_000 }) : undefined;
  const get = agent
    ? async (url: URL) => (await request(url, { dispatcher: agent, headers })).body.text()
    : async (url: URL) => (await fetch(url, { headers })).text();
  const members: MiroMember[] = [];
  let cursor: string | undefined;
  let pages = 0;
  const started = performance.now();
  for (;;) {
    const url = new URL(`${sim.url}/v2/orgs/${sim.orgId}/members`);
    url.searchParams.set("limit", "100");
    if (cursor) url.searchParams.set("cursor", cursor);
    const page = JSON.parse(await get(url)) as { data: MiroMember[]; cursor?: string };
    pages += 1;
    if (keep) for (const m of page.data) members.push(m);
    cursor = page.cursor;
    if (!cursor || page.data.length === 0) break;
  }
  const ms = performance.now() - started;
  await agent?.close();
  return { ms, members, pages };
}

/** The sync's own fetch path (its reader: parse and validation), without the database. */
async function validatedFetch(sim: Sim): Promise<number> {
  const token = (await sim.control<{ access_token: string }>("POST", "/tokens", {})).access_token;
  const read = createMembersPageReader({ apiBaseUrl: sim.url, authorizeBaseUrl: sim.url, scimBaseUrl: `${sim.url}/api/v1/scim` });
  let cursor: string | undefined;
  const started = performance.now();
  for (;;) {
    const page = await read(token, sim.orgId, { cursor, limit: 100 });
    cursor = page.cursor;
    if (!cursor || page.data.length === 0) break;
  }
  return performance.now() - started;
}

/** The floor's write: the same rows as the sync writes, in one INSERT … SELECT of one JSON document. */
async function bulkInsert(db: BenchDb, profile: BenchProfile, members: MiroMember[]): Promise<number> {
  const rules = await loadRunRules(db.db, { id: profile.profileId, profileType: "miro_enterprise_subscription" });
  const started = performance.now();
  const rows = members.map((m) => {
    const v = mapMiroMember({ ...m, adminRoles: m.adminRoles ?? [] });
    return pageRow(v, decideSubscription(v, rules));
  });
  await rawQuery(db.db)(
    `insert into software_subscriptions (profile_id, external_user_id, user_principal_name, subscription_identifier, software_model_id,
       last_activity_at, subscription_assigned_at, active, role, excluded, identifier_exclusion_rule_id, user_exclusion_rule_id, vendor_attributes)
     select $1::uuid, e, u, i, m, to_timestamp(la / 1000.0), to_timestamp(aa / 1000.0), a, r, x, ir, ur, coalesce(v, '{}'::jsonb)
     from json_to_recordset($2::json) as t(e text, u text, i text, m uuid, la float8, aa float8, a boolean, r text, x boolean, ir uuid, ur uuid, v jsonb)`,
    [profile.profileId, pagePayload(rows)],
  );
  return performance.now() - started;
}

/** Changes `share` of the members at the simulator (activity, active flag, license), untimed. */
async function changeMembers(sim: Sim, members: number, share: number): Promise<number> {
  const ids: string[] = [];
  const step = Math.round(1 / share);
  for (let offset = 0; offset < members; offset += 1000) {
    const page = await sim.control<{ members: { id: string; active: boolean }[] }>("GET", `/members?offset=${offset}&limit=1000`);
    page.members.forEach((m, i) => {
      if ((offset + i) % step === 3) ids.push(m.id);
    });
  }
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const n = Number(id.slice(-3));
        await sim.control("POST", `/members/${id}`, n % 3 === 0 ? { lastActivityDaysAgo: 0.25 } : n % 3 === 1 ? { lastActivityDaysAgo: 1.5 } : { licenseAssignedDaysAgo: 3 });
      }
    }),
  );
  return ids.length;
}

type RssResult = { members: number; baselineMb: number; peakMb: number; growthMb: number; seconds: number; liveMb?: Record<string, number> };

/**
 * The V8 options `npm run worker` starts its process with (package.json: `node <options> --import tsx
 * scripts/worker.ts`), so that the worker's memory is measured as it runs.
 */
function workerNodeOptions(): string[] {
  const pkg = JSON.parse(readFileSync(path.resolve(__dirname, "../package.json"), "utf8")) as { scripts: Record<string, string> };
  const match = /^node\s+(.*?)\s*--import tsx /.exec(pkg.scripts.worker ?? "");
  if (!match) throw new Error(`package.json's worker script is not "node … --import tsx …": ${pkg.scripts.worker}`);
  return match[1]!.split(/\s+/).filter(Boolean);
}

/**
 * Peak RSS growth of a full sync of `members` members, measured in a child process of its own: with
 * the V8 options of `npm run worker` (`process: "worker"`), or with V8's defaults, as in the web
 * server when it runs the jobs itself (`process: "server"`). With `liveHeap`, the child instead
 * collects garbage every 10,000 members read (--expose-gc) and reports the heap still in use then:
 * what the run holds, apart from how long V8 lets garbage pile up before a full collection.
 */
function rssInChild(members: number, dbUrl: string, options: { process: "worker" | "server"; liveHeap?: boolean }): Promise<RssResult> {
  const { liveHeap = false } = options;
  return new Promise((resolve, reject) => {
    const execArgv = [
      ...process.execArgv,
      ...(options.process === "worker" ? workerNodeOptions() : []),
      // For a baseline after a full collection, and (liveHeap) the collections along the run.
      "--expose-gc",
      ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(" ") : []),
    ];
    const args = ["--child-rss", "--members", String(members), "--db-url", dbUrl, ...(liveHeap ? ["--live-heap"] : [])];
    const child = fork(__filename, args, { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.on("message", (m) => resolve(m as never));
    child.on("exit", (code) => (code === 0 ? undefined : reject(new Error(`RSS child exited with ${code}`))));
  });
}

async function childRss(): Promise<void> {
  const members = numberArg("members", 10_000);
  const { openDb } = await import("../lib/db/client");
  const handle = await openDb({ databaseUrl: arg("db-url")! });
  const sim = await startSimProcess(members, { seed: 7 });
  const db = { ...handle, name: "", url: "", drop: async () => undefined } as BenchDb;
  const profile = await setupProfile(handle, sim, `rss_${members}_${Date.now()}`);
  const jobResultId = await openRun(handle, profile);
  const adapter = simAdapter(sim);
  // Warm the driver and the modules, collect what the set-up left, then measure from here: without
  // the collection the baseline varied by 30 MB from one child to the next.
  await handle.db.execute(sql`select 1`);
  const collectNow = (globalThis as { gc?: () => void }).gc;
  collectNow?.();
  collectNow?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let peakHeap = 0;
  let peakExternal = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakExternal = Math.max(peakExternal, m.external + m.arrayBuffers);
  }, 50);
  const started = performance.now();
  const liveMb: Record<string, number> = {};
  const collect = flag("live-heap") ? (globalThis as { gc?: () => void }).gc : undefined;
  let nextSample = 10_000;
  const onProgress = collect
    ? (p: { membersRead: number }) => {
        if (p.membersRead < nextSample) return;
        collect();
        liveMb[String(nextSample)] = Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
        nextSample += 10_000;
      }
    : undefined;
  await runDownload(handle.db, { profileId: profile.profileId, jobResultId, onProgress }, { adapter, encryptionKey: ENCRYPTION_KEY });
  const took = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(timer);
  await closeRun(db, jobResultId);
  await sim.stop();
  await handle.close();
  const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
  if (process.env.BENCH_TRACE) console.log(`rss child ${members}: peak heapUsed ${mb(peakHeap)} MB, peak external ${mb(peakExternal)} MB`);
  process.send!({ members, baselineMb: mb(baseline), peakMb: mb(peak), growthMb: mb(peak - baseline), seconds: seconds(took), ...(collect ? { liveMb } : {}) });
  process.exit(0);
}

async function main(): Promise<void> {
  const members = numberArg("members", 100_000);
  const skipRss = flag("skip-rss");
  console.log(`bench:sync: ${members} members; ${ENGINE_NOTE}; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores.`);
  const db = await createBenchDb("opensam_bench_sync");
  const sim = await startSimProcess(members);
  try {
    const profile = await setupProfile(db, sim, "main");

    // (a) the floor: a warm-up of both fetch loops, the validated fetch three times (median), and one
    // bulk insert of the rows a bare loop kept. The bare loop's own time is measured in (c), beside
    // each unchanged re-sync, so that both see the machine in the same state.
    await bareLoop(sim, "fetch");
    await bareLoop(sim, "request");
    await validatedFetch(sim);
    const validatedRuns: number[] = [];
    for (let i = 0; i < 3; i++) validatedRuns.push(await validatedFetch(sim));
    const validated = median(validatedRuns);
    let kept = (await bareLoop(sim, "fetch", true)).members;
    const floorProfile = await setupProfile(db, sim, "floor");
    // Each timed write starts right after a checkpoint: one that falls inside a phase (the WAL of
    // 100,000 rows and their indexes nears max_wal_size) slows that phase alone, and the next page
    // writes after it carry full-page images.
    await db.db.execute(sql`checkpoint`);
    const bulk = await bulkInsert(db, floorProfile, kept);
    kept = [];
    // The floor's rows out again, so the sync starts from the same empty table.
    await db.db.execute(sql`truncate software_subscriptions cascade`);
    await db.db.execute(sql`vacuum analyze software_subscriptions`);

    // (b) a new organization; (c) nothing changed, UNCHANGED_RUNS times, each right after a bare fetch loop
    // (fetch only: the medians); (d) 5 % changed.
    await db.db.execute(sql`checkpoint`);
    const full = await sync(db, sim, profile);
    // A re-sync comes a day later, after autovacuum has processed the 100,000 new rows (visibility
    // map, statistics, the trigram indexes' pending list). Done here at once, so that it does not
    // run beside the re-syncs below and take a core from them.
    await db.db.execute(sql`vacuum analyze software_subscriptions`);
    await db.db.execute(sql`checkpoint`);
    const fetches: number[] = [];
    const requests: number[] = [];
    const unchangedRuns: { ms: number; summary: DownloadSummary }[] = [];
    for (let i = 0; i < UNCHANGED_RUNS; i++) {
      requests.push((await bareLoop(sim, "request")).ms);
      fetches.push((await bareLoop(sim, "fetch")).ms);
      unchangedRuns.push(await sync(db, sim, profile));
    }
    const fetchOnly = median(fetches);
    const requestOnly = median(requests);
    const floor = fetchOnly + bulk;
    const unchanged = median(unchangedRuns.map((r) => r.ms));
    const changedCount = await changeMembers(sim, members, 0.05);
    const changed5 = await sync(db, sim, profile);

    const memory = skipRss ? null : await memoryFigures(db.url);
    const mem = memoryResult(memory);

    const u = unchangedRuns[0]!.summary;
    const result = {
      members,
      floor_s: seconds(floor),
      fetch_only_s: seconds(fetchOnly),
      full_s: seconds(full.ms),
      full_vs_floor: Math.round((full.ms / floor) * 100) / 100,
      unchanged_s: seconds(unchanged),
      unchanged_vs_fetch: Math.round((unchanged / fetchOnly) * 100) / 100,
      // The same comparison pair by pair (each sync against the fetch loop just before it).
      unchanged_vs_fetch_pairs: Math.round(median(unchangedRuns.map((r, i) => r.ms / fetches[i]!)) * 100) / 100,
      // Against the bare loop on the sync's own HTTP client (undici's request, cheaper than fetch).
      request_only_s: seconds(requestOnly),
      unchanged_vs_request: Math.round((unchanged / requestOnly) * 100) / 100,
      unchanged_vs_request_pairs: Math.round(median(unchangedRuns.map((r, i) => r.ms / requests[i]!)) * 100) / 100,
      changed5_s: seconds(changed5.ms),
      ...mem,
      floor_write_s: seconds(bulk),
      fetch_validated_s: seconds(validated),
      unchanged_vs_fetch_validated: Math.round((unchanged / validated) * 100) / 100,
      unchanged_best_s: seconds(Math.min(...unchangedRuns.map((r) => r.ms))),
      changed5_vs_fetch: Math.round((changed5.ms / fetchOnly) * 100) / 100,
      unchanged_runs_s: unchangedRuns.map((r) => seconds(r.ms)),
      fetch_only_runs_s: fetches.map(seconds),
      request_only_runs_s: requests.map(seconds),
      engine: "runDownload (direct)",
      load_avg_1m: Math.round(os.loadavg()[0]! * 10) / 10,
    };
    console.log("");
    console.log(
      table([
        ["measurement", "seconds", "vs", "created", "updated", "unchanged", "removed", "pages"],
        [`(a) fetch only: bare loop (fetch + JSON.parse), median of ${UNCHANGED_RUNS}`, result.fetch_only_s, "", "", "", "", "", full.summary.pages],
        [`    the same bare loop on undici's request (the sync's HTTP client), median of ${UNCHANGED_RUNS}`, result.request_only_s, "", "", "", "", "", ""],
        ["(a) floor write: one bulk INSERT of every row", result.floor_write_s, "", members, "", "", "", ""],
        ["    fetch through the sync's reader (validated), no database", result.fetch_validated_s, "", "", "", "", "", ""],
        ["(a) floor = fetch only + bulk insert", result.floor_s, "1.00", "", "", "", "", ""],
        ["(b) full sync of a new org (runDownload)", result.full_s, `${result.full_vs_floor} x floor`, full.summary.created, full.summary.updated, full.summary.unchanged, full.summary.removed, full.summary.pages],
        [`(c) re-sync, nothing changed (median of ${UNCHANGED_RUNS}, each after a fetch only)`, result.unchanged_s, `${result.unchanged_vs_fetch} x fetch`, u.created, u.updated, u.unchanged, u.removed, u.pages],
        [`    (c) the same median vs the bare loop on undici's request`, result.unchanged_s, `${result.unchanged_vs_request} x request`, "", "", "", "", ""],
        [`    (c) best of ${UNCHANGED_RUNS} / vs the validated fetch`, result.unchanged_best_s, `${result.unchanged_vs_fetch_validated} x validated`, "", "", "", "", ""],
        [`(d) re-sync, ${changedCount} members (5 %) changed`, result.changed5_s, `${result.changed5_vs_fetch} x fetch`, changed5.summary.created, changed5.summary.updated, changed5.summary.unchanged, changed5.summary.removed, changed5.summary.pages],
      ]),
    );
    if (memory) printMemory(memory);
    console.log("");
    // The architecture issue's ceilings (no regression): full sync 1.2x its floor, unchanged re-sync 1.1x fetch only.
    const met = (ratio: number, ceiling: number) => (ratio <= ceiling ? "met" : "NOT met");
    console.log(`targets: full <= 1.2 x floor (${result.full_vs_floor}, ${met(result.full_vs_floor, 1.2)}); unchanged <= 1.1 x fetch only (${result.unchanged_vs_fetch}, ${met(result.unchanged_vs_fetch, 1.1)}; ${result.unchanged_vs_request} x the bare loop on the sync's own client); RSS growth <= 150 MB, same at 10k and 100k (npm run worker: ${mem.rss_mb_10k} / ${mem.rss_mb_100k}; in the web server: ${mem.rss_mb_10k_in_server} / ${mem.rss_mb_100k_in_server})`);
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await sim.stop();
    await db.drop();
  }
}

/**
 * With the simulator's rate limit on: a 20,000-member org (200 pages of 500 credits). The window is
 * shortened so that the run crosses windows within a minute: 33,500 credits per 20 s, i.e. 67 pages
 * per window and a ceiling of 201 pages a minute, the same rate as Miro's 100,000 credits per 60 s.
 */
async function rateLimitMode(): Promise<void> {
  const members = numberArg("members", 20_000);
  const windowMs = numberArg("window-ms", 20_000);
  const credits = numberArg("credits", 33_500);
  const cost = 500;
  const ceilingPerMin = (Math.floor(credits / cost) * 60_000) / windowMs;
  console.log(`bench:sync --rate-limit: ${members} members; window ${windowMs / 1000} s of ${credits} credits (${ceilingPerMin} pages/min ceiling); ${ENGINE_NOTE}.`);
  const db = await createBenchDb("opensam_bench_rate");
  const sim = await startSimProcess(members, { rateLimit: true });
  try {
    await sim.control("POST", "/config", { rateLimit: true, budgets: { restWindowMs: windowMs, restCreditsPerWindow: credits } });
    const profile = await setupProfile(db, sim, "rate");
    const { ms, summary } = await sync(db, sim, profile);
    const requests = summary.pages + summary.httpRetries;
    const achieved = requests / (ms / 60_000);
    const result = {
      mode: "rate-limit",
      members,
      pages: summary.pages,
      requests,
      elapsed_s: seconds(ms),
      achieved_rpm: Math.round(achieved * 10) / 10,
      ceiling_rpm: ceilingPerMin,
      ceiling_pct: Math.round((achieved / ceilingPerMin) * 1000) / 10,
      rate_limited: summary.rateLimited,
      window_ms: windowMs,
      credits_per_window: credits,
    };
    console.log(
      table([
        ["pages", "requests", "seconds", "requests/min", "ceiling/min", "% of ceiling", "429s"],
        [result.pages, result.requests, result.elapsed_s, result.achieved_rpm, result.ceiling_rpm, result.ceiling_pct, result.rate_limited],
      ]),
    );
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await sim.stop();
    await db.drop();
  }
}

type MemoryFigures = {
  /** `npm run worker`'s process. */
  worker: RssResult[];
  /** The web server running the jobs itself (V8's defaults). */
  server: RssResult[];
  live: Record<string, number>;
};

/**
 * Peak RSS of full syncs of 10,000 and 100,000 members (and `moreSizes`) in `npm run worker`'s
 * process, of 10,000 and 100,000 in the server's, and the live heap along a 100,000-member sync.
 */
async function memoryFigures(dbUrl: string, moreSizes: number[] = []): Promise<MemoryFigures> {
  const worker: RssResult[] = [];
  for (const members of [10_000, 100_000, ...moreSizes]) worker.push(await rssInChild(members, dbUrl, { process: "worker" }));
  const server: RssResult[] = [];
  for (const members of [10_000, 100_000]) server.push(await rssInChild(members, dbUrl, { process: "server" }));
  const live = (await rssInChild(100_000, dbUrl, { process: "worker", liveHeap: true })).liveMb ?? {};
  return { worker, server, live };
}

const growthOf = (results: RssResult[], members: number) => results.find((r) => r.members === members)?.growthMb ?? null;

/** The RESULT keys of the memory figures. */
function memoryResult(m: MemoryFigures | null): Record<string, number | number[] | null> {
  const more = Object.fromEntries((m?.worker ?? []).filter((r) => r.members > 100_000).map((r) => [`rss_mb_${r.members / 1000}k`, r.growthMb]));
  return {
    rss_mb_10k: m ? growthOf(m.worker, 10_000) : null,
    rss_mb_100k: m ? growthOf(m.worker, 100_000) : null,
    ...more,
    rss_mb_10k_in_server: m ? growthOf(m.server, 10_000) : null,
    rss_mb_100k_in_server: m ? growthOf(m.server, 100_000) : null,
    // The peaks themselves: the baseline after set-up varies from one child to the next.
    rss_peak_mb_worker: m ? m.worker.map((r) => r.peakMb) : null,
    rss_peak_mb_server: m ? m.server.map((r) => r.peakMb) : null,
    live_heap_mb_at_10k: m?.live["10000"] ?? null,
    live_heap_mb_at_100k: m?.live["100000"] ?? null,
  };
}

function printMemory(m: MemoryFigures): void {
  const row = (where: string, r: RssResult) => [`${where}: ${r.members.toLocaleString("en-US")} members`, r.baselineMb, r.peakMb, r.growthMb, r.seconds];
  console.log("");
  console.log(
    table([
      ["peak RSS during a full sync (own process)", "baseline MB", "peak MB", "growth MB", "seconds"],
      ...m.worker.map((r) => row(`npm run worker (node ${workerNodeOptions().join(" ")})`, r)),
      ...m.server.map((r) => row("in the web server (V8 defaults)", r)),
    ]),
  );
  const samples = Object.entries(m.live).map(([n, mb]) => `${Number(n) / 1000}k ${mb}`);
  console.log(`live heap after a full collection, by members read in a 100,000-member sync (MB): ${samples.join(", ")}`);
}

/** Only the memory figures (`--rss-only`). */
async function rssOnly(): Promise<void> {
  const db = await createBenchDb("opensam_bench_rss");
  try {
    const also = (arg("rss-also") ?? "").split(",").filter(Boolean).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const m = await memoryFigures(db.url, also);
    printMemory(m);
    console.log(`RESULT ${JSON.stringify(memoryResult(m))}`);
  } finally {
    await db.drop();
  }
}

const entry = flag("child-rss") ? childRss : flag("rate-limit") ? rateLimitMode : flag("rss-only") ? rssOnly : main;
entry().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

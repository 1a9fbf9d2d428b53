import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/lib/db/client";
import { postgresJsOf } from "@/lib/db/driver";

/*
 * What a PostgreSQL restart does to the app's pool: every backend is terminated while queries are in
 * flight, some of them small writes still waiting in postgres.js's write buffer. Unpatched, postgres.js
 * 3.4.9 either throws an uncatchable TypeError from that buffer (the process dies), keeps the
 * cleared buffer and never writes on that connection again, or leaves a query sent between the
 * socket's error and its close unanswered (those queries hang for ever). With
 * patches/postgres+3.4.9.patch every query settles, and the pool works again once each connection has
 * failed once (within the pool's reconnect backoff: postgres.js's default let queued queries wait 20 s).
 */
const url = process.env.DATABASE_URL;
const APP = "opensam-restart-test";
// Ten times the pool's reconnect backoff (at most 2 s, lib/db/client.ts): a busy machine is slow, not stuck.
const settles = <T>(p: Promise<T>, ms = 20_000) =>
  Promise.race([p.then(() => "ok" as const, () => "error" as const), new Promise<"hung">((r) => setTimeout(() => r("hung"), ms))]);

describe.runIf(url)("the app's PostgreSQL pool when every backend is terminated mid-query", () => {
  let handle: DbHandle;
  let killer: postgres.Sql;
  beforeAll(async () => {
    // Its own application name, so that the cut reaches this pool only (other test files share the database).
    handle = await openDb({ databaseUrl: `${url}${url!.includes("?") ? "&" : "?"}application_name=${APP}` });
    killer = postgres(url!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await handle?.close();
    await killer?.end({ timeout: 1 });
  });

  it("settles every query in flight (an error, never a hang or a crash) and recovers", async () => {
    const pg = postgresJsOf(handle.db)!;
    const big = "x".repeat(200_000);
    for (let round = 0; round < 15; round++) {
      await Promise.all(Array.from({ length: 20 }, () => pg.unsafe("select pg_sleep(0.005), $1::text", ["warm"], { prepare: true })));
      const inFlight: Promise<unknown>[] = [];
      for (let i = 0; i < 6; i++) inFlight.push(pg.unsafe("select length($1::text), pg_sleep(0.05)", [big], { prepare: true }));
      for (let i = 0; i < 3; i++) inFlight.push(handle.db.transaction(async (tx) => tx.execute(sql`select pg_sleep(0.1)`)));
      await new Promise((r) => setTimeout(r, (round % 5) * 10));
      const cut = killer`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and application_name = ${APP}`;
      for (let i = 0; i < 6; i++) inFlight.push(pg.unsafe("select $1::text", ["small write buffered as the socket closes"], { prepare: true }));
      await cut;
      const outcomes = await Promise.all(inFlight.map((p) => settles(p)));
      expect(outcomes.filter((o) => o === "hung"), `round ${round}: ${outcomes.join(" ")}`).toEqual([]);

      // As after a restart: each pooled connection may fail once, then every query succeeds.
      let clean = false;
      for (let attempt = 0; attempt < 5 && !clean; attempt++) {
        const answers = await Promise.all(Array.from({ length: 12 }, () => settles(handle.db.execute(sql`select 1`))));
        expect(answers.filter((a) => a === "hung"), `round ${round}`).toEqual([]);
        clean = answers.every((a) => a === "ok");
      }
      expect(clean, `round ${round}: the pool works again`).toBe(true);
    }
  }, 240_000);
});

/**
 * The job worker as its own process, for larger installations on PostgreSQL:
 *   DATABASE_URL=postgres://… OPENSAM_WORKER=off npm start     # the web server, queueing only
 *   DATABASE_URL=postgres://… npm run worker [-- --concurrency 4] # one or more workers, any machine
 * Several workers may run at once: pg-boss hands each run to one of them, one run per profile at a
 * time. SIGTERM or Ctrl-C stops it gracefully (running downloads get a grace period, then are told to
 * stop and are retried by another worker).
 */
import { parseArgs } from "node:util";
import { openDb } from "../lib/db/client";
import { migrateDb } from "../lib/db/migrate";
import { startWorker } from "../lib/jobs/worker";

const { values } = parseArgs({
  options: {
    concurrency: { type: "string" },
    "grace-seconds": { type: "string" },
  },
});

async function main() {
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (!databaseUrl) {
    console.error(
      "npm run worker needs PostgreSQL (set DATABASE_URL). With the embedded PGlite database the server runs the jobs itself, because two processes must never open one PGlite folder.",
    );
    process.exit(1);
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    console.error("--concurrency must be a whole number of at least 1.");
    process.exit(1);
  }
  const graceSeconds = values["grace-seconds"] === undefined ? undefined : Number(values["grace-seconds"]);

  const handle = await openDb({ databaseUrl });
  await migrateDb(handle);
  const worker = await startWorker(handle, { concurrency, stopGraceSeconds: graceSeconds });
  console.log(`[opensam] worker ${process.pid} started on PostgreSQL${concurrency ? ` (${concurrency} downloads at once)` : ""}.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      console.log(`[opensam] ${signal} again: exiting now.`);
      process.exit(1);
    }
    stopping = true;
    console.log(`[opensam] ${signal}: stopping the worker…`);
    try {
      await worker.stop();
      await handle.close();
      console.log("[opensam] worker stopped.");
      process.exit(0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

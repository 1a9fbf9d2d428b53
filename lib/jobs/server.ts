import "server-only";
import type { DbHandle } from "../db/client";
import { engineFor, startJobEngine } from "./engine";
import { startWorker, workerMode } from "./worker";

/**
 * What the server starts after its migrations (lib/server-start.ts): the job worker, unless
 * `OPENSAM_WORKER=off`, in which case only pg-boss's schema and queues are ensured so that Execute
 * Now and Publish can still queue runs for a worker process (`npm run worker`, PostgreSQL only).
 * With the embedded PGlite database the server is the only process that may open the database, so
 * turning the worker off there means runs stay queued: the log says so.
 */
export async function startJobsForServer(handle: DbHandle, log: (message: string) => void = (m) => console.log(`[opensam] ${m}`)): Promise<void> {
  if (engineFor(handle.db)) return;
  if (workerMode() === "off") {
    await startJobEngine(handle);
    log(
      handle.kind === "pglite"
        ? "OPENSAM_WORKER=off on the embedded database: runs will stay queued, because no other process may open the PGlite folder. Remove OPENSAM_WORKER to run jobs in the server."
        : "OPENSAM_WORKER=off: this server queues runs but does not run them; start the worker with npm run worker.",
    );
    return;
  }
  await startWorker(handle);
  log(`job worker started (${handle.kind === "pglite" ? "embedded database, in the server process" : "PostgreSQL"}).`);
}

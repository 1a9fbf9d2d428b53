import { count } from "drizzle-orm";
import { env } from "./env";
import { getDbHandle } from "./db";
import { migrateDb } from "./db/migrate";
import { users } from "./db/schema";
import { DEMO_PASSWORD, DEMO_PEOPLE, seedDemoDirectory, seedDemoPeople } from "./db/seed-demo";
import { startJobsForServer } from "./jobs/server";
import { ensureVendorAliases } from "./services/connections/ensure-vendor-aliases";

/**
 * What the server does once at start (from instrumentation.ts): apply migrations, start the job
 * worker (pg-boss; `OPENSAM_WORKER=off` leaves it to `npm run worker`), seed the demo data in demo
 * mode, and say what to do when there is no account yet.
 */
export async function onServerStart(): Promise<void> {
  const handle = await getDbHandle();
  await migrateDb(handle);
  await ensureVendorAliases(handle.db);
  await startJobsForServer(handle);
  const capturePort = env().OPENSAM_MAIL_CAPTURE_PORT;
  if (capturePort) {
    const { startMailCapture } = await import("./mail/mailbox");
    await startMailCapture(capturePort);
    console.log(`[opensam] Mail capture: a local SMTP server on 127.0.0.1:${capturePort} keeps every email; see Mailbox in the workspace.`);
  }
  if (env().OPENSAM_DEMO) {
    await seedDemoPeople(handle.db);
    const simulatorUrl = env().OPENSAM_DEMO_DIRECTORY_SOURCE ?? env().OPENSAM_SIMULATOR_URL;
    if (simulatorUrl) {
      const directory = await seedDemoDirectory(handle.db, simulatorUrl).catch((error: unknown) => {
        console.log(`[opensam] Demo user directory not seeded: ${(error as Error).message}`);
        return { created: 0 };
      });
      if (directory.created) console.log(`[opensam] Demo user directory: added ${directory.created} people matching the simulated Miro organization.`);
      const { OPENSAM_DEMO_WORKSPACE_ORG: workspaceOrg, OPENSAM_SIMULATOR_URL: miroUrl } = env();
      if (workspaceOrg && miroUrl) {
        // The workspace in use, on the simulator's second organization: made in the background (first start only).
        const { startDemoWorkspaceInBackground } = await import("./demo/start-demo-workspace");
        startDemoWorkspaceInBackground(handle.db, { appUrl: env().APP_URL, simulatorUrl: miroUrl, orgId: workspaceOrg });
      }
    }
    console.log(
      `[opensam] Demo sign-ins (password "${DEMO_PASSWORD}"): ${DEMO_PEOPLE.map((p) => `${p.email} (${p.roles.join(", ")})`).join(", ")}`,
    );
    return;
  }
  const [row] = await handle.db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) === 0) {
    console.log("[opensam] No account exists yet. Create the first SAM admin with: npm run admin:create -- --email you@company.com --name \"Your Name\"");
  }
}

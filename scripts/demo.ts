/**
 * README command 1: the zero-set-up run. Builds the app when the build is missing or older than the
 * sources, then starts it on an embedded PGlite database in .data/ with demo people, and prints the
 * URL and the demo sign-ins once the server answers. The Miro simulator hosts two organizations: the
 * first is left for connecting by hand; on the second the server makes the demo workspace at first
 * start (lib/demo/). The simulator's state is kept in .data/miro-simulator.json, so the tokens the
 * workspace holds still work after a restart.
 *   npm run demo [-- --port 3000]
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_PASSWORD, DEMO_PEOPLE } from "../lib/db/seed-demo";
import { formatCredentials } from "../e2e/miro-simulator/credentials-text";
import { startMiroSimulator } from "../e2e/miro-simulator/server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "3000" },
    "sim-port": { type: "string", default: "4010" },
    members: { type: "string", default: "2000" },
    rebuild: { type: "boolean", default: false },
    /** Where the embedded database and the simulator's state live (default .data). */
    "data-dir": { type: "string", default: ".data" },
    /** Use the build that is there, whatever its age (the end-to-end test runs beside a server using it). */
    "no-build": { type: "boolean", default: false },
  },
});
const dataDir = path.resolve(values["data-dir"]);
const port = Number(values.port);
const root = process.cwd();

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (values.rebuild || !existsSync(buildId)) return true;
  if (values["no-build"]) return false;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "package-lock.json", "next.config.ts"].map((p) => path.join(root, p));
  return sources.some((p) => existsSync(p) && (statSync(p).isDirectory() ? newestSource(p) : statSync(p).mtimeMs) > built);
}

async function waitForServer(url: string, child: ReturnType<typeof spawn>): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error("The server stopped while starting; see the messages above.");
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The server did not answer at ${url} within 2 minutes.`);
}

async function main() {
  const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;
  // The local Miro simulator stands in for Miro: the workspace talks to it through the three Miro
  // base URLs, exactly as it would talk to miro.com and api.miro.com.
  const redirectUris = [`${appUrl}/api/integrations/miro/oauth/callback`];
  const sim = await startMiroSimulator({
    port: Number(values["sim-port"]),
    members: Number(values.members),
    seed: 1,
    redirectUris,
    extraOrgs: [{ seed: 2, members: Number(values.members), redirectUris }],
    statePath: path.join(dataDir, "miro-simulator.json"),
  });
  const workspaceOrg = sim.orgs[1]!;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENSAM_DEMO: "1",
    // `next start` runs with NODE_ENV=production; demo mode there must be asked for explicitly.
    OPENSAM_DEMO_IN_PRODUCTION: "1",
    APP_URL: appUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    MIRO_AUTHORIZE_BASE_URL: sim.url,
    MIRO_API_BASE_URL: sim.url,
    MIRO_SCIM_BASE_URL: `${sim.url}/api/v1/scim`,
    OPENSAM_SIMULATOR_URL: sim.url,
    OPENSAM_DEMO_WORKSPACE_ORG: workspaceOrg.org.id,
    // Notices go to a local SMTP server the Mailbox page shows, so the whole loop can be clicked through.
    OPENSAM_MAIL_CAPTURE_PORT: process.env.OPENSAM_MAIL_CAPTURE_PORT ?? "2525",
  };
  delete env.DATABASE_URL; // the demo always uses its own embedded database
  env.PGLITE_DIR = path.join(dataDir, "pglite");
  if (needsBuild()) {
    console.log("Building OpenSAM (first run takes a minute or two)…");
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  // In a process group of its own, stopped as a whole: npx does not pass a signal on to next, so a
  // SIGTERM to this process alone (a process manager's stop) used to leave the server holding the port.
  const server = spawn("npx", ["next", "start", "-p", String(port)], { stdio: ["ignore", "inherit", "inherit"], env, detached: true });
  const stopServer = () => {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  const stop = () => {
    stopServer();
    // close() writes the simulator's state file before anything else.
    void sim.close();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.on("exit", stopServer);
  await waitForServer(`http://127.0.0.1:${port}/api/ping`, server);
  console.log("");
  console.log(`Miro simulator listening on ${sim.url}`);
  if (sim.stateFile) console.log(sim.stateFile.message);
  console.log(formatCredentials(sim.url, sim.state));
  console.log(`  (A second organization, ${workspaceOrg.org.name}, holds the demo workspace's profile; its credentials: ${sim.url}/__sim/orgs/${workspaceOrg.org.id}/state)`);
  console.log("");
  console.log(`OpenSAM is running at ${appUrl}`);
  console.log(`Demo sign-ins (password: ${DEMO_PASSWORD}):`);
  for (const p of DEMO_PEOPLE) console.log(`  ${p.email.padEnd(24)} ${p.roles.join(", ")}`);
  const shown = path.relative(root, dataDir) || ".";
  console.log(`Data is kept in ${shown}/ (pglite, miro-simulator.json); delete ${shown} to start over. Press Ctrl+C to stop.`);
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});

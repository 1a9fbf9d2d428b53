import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import postgres from "postgres";
import { DEMO, DEMO_PASSWORD } from "./support/auth";
import { APP_PORT } from "./support/sim-url";

/*
 * Hardening item 13, two `next start` instances on one PostgreSQL (the suite's build, ports beside the
 * suite's server): both start at once on an empty database (migrations once, under their advisory
 * lock; the demo people once; each workspace job once), both run a job worker, and Execute Now pressed
 * in both at the same moment never has two runs of the job open at once; each run ends Completed with
 * one audit row.
 */
test.describe.configure({ mode: "serial" });

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const DB_NAME = `opensam_e2e_two_${Date.now().toString(36)}`;
const DB_URL = `${ADMIN_URL.replace(/\/[^/]*$/, "")}/${DB_NAME}`;
const PORTS = [APP_PORT + 51, APP_PORT + 52];
const URLS = PORTS.map((p) => `http://127.0.0.1:${p}`);
const JOB = "SAM - Clean Up Expired Sign-In Data";
const secrets = { AUTH_SECRET: randomBytes(32).toString("base64url"), OPENSAM_ENCRYPTION_KEY: randomBytes(32).toString("base64") };

const instances: { child: ChildProcess; output: string }[] = [];
let db: postgres.Sql;

function startInstance(port: number, url: string) {
  const instance = { child: undefined as unknown as ChildProcess, output: "" };
  const env: NodeJS.ProcessEnv = { ...process.env, ...secrets, DATABASE_URL: DB_URL, APP_URL: url, OPENSAM_DEMO: "1", OPENSAM_DEMO_IN_PRODUCTION: "1" };
  for (const key of ["PGLITE_DIR", "E2E_DATABASE_URL", "OPENSAM_MAIL_CAPTURE_PORT", "OPENSAM_DEMO_DIRECTORY_SOURCE", "OPENSAM_SIMULATOR_URL", "OPENSAM_TEST_CLOCK"]) delete env[key];
  instance.child = spawn("npx", ["next", "start", "-p", String(port)], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  instance.child.stdout?.on("data", (d) => {
    instance.output += d;
  });
  instance.child.stderr?.on("data", (d) => {
    instance.output += d;
  });
  instances.push(instance);
  return instance;
}

/** The `n` of a `select count(*)::int as n`. */
async function count(rows: Promise<postgres.Row[]>): Promise<number> {
  return Number((await rows)[0]?.n);
}

async function signInAt(browser: Browser, base: string, email: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: base })).newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-person")).toContainText(email);
  return page;
}

test.beforeAll(async () => {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${DB_NAME}`);
  await admin.end();
  db = postgres(DB_URL, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  for (const { child } of instances) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid!, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
    }
  }
  await db?.end({ timeout: 1 });
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`).catch(() => undefined);
  await admin.end();
});

test("two instances started at once on an empty PostgreSQL: migrations, demo people and workspace jobs once each", async ({ request }) => {
  test.setTimeout(180_000);
  const started = PORTS.map((port, i) => startInstance(port, URLS[i]!));
  for (const [i, url] of URLS.entries()) {
    let status: number | null | undefined;
    for (const until = Date.now() + 150_000; Date.now() < until && started[i]!.child.exitCode === null; ) {
      status = (await request.get(`${url}/api/ping`).catch(() => null))?.status();
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(status, `${url}: ${started[i]!.output.slice(-4000)}`).toBe(200);
  }
  for (const s of started) expect(s.child.exitCode, s.output).toBeNull();
  // Both workers have set the workspace jobs up (each logs it once started).
  await expect.poll(() => started.every((s) => s.output.includes("job worker started")), { timeout: 60_000 }).toBe(true);

  const people = await count(db`select count(*)::int as n from users where email = any(${[DEMO.admin, DEMO.integrator, DEMO.user]})`);
  expect(people).toBe(3);
  const doubled = await db`select kind, count(*)::int as n from scheduled_jobs where profile_id is null group by kind having count(*) > 1`;
  expect(doubled).toEqual([]);
  const jobs = await count(db`select count(*)::int as n from scheduled_jobs where name = ${JOB}`);
  expect(jobs).toBe(1);
  const migrations = await count(db`select count(*)::int as n from drizzle.__drizzle_migrations`);
  const distinct = await count(db`select count(distinct hash)::int as n from drizzle.__drizzle_migrations`);
  expect(migrations).toBe(distinct);
  const journal = JSON.parse(readFileSync("drizzle/meta/_journal.json", "utf8")) as { entries: unknown[] };
  expect(migrations).toBe(journal.entries.length);
});

test("Execute Now pressed in both instances at the same moment: never two runs open at once, each completed with one audit row", async ({ browser }) => {
  test.setTimeout(120_000);
  const pages = await Promise.all(URLS.map((url) => signInAt(browser, url, DEMO.integrator)));
  await Promise.all(pages.map((p) => p.goto("/scheduled-jobs")));
  const buttons = pages.map((p) => p.getByRole("button", { name: `Execute Now: ${JOB}` }));
  for (const b of buttons) await expect(b).toBeEnabled();
  await Promise.all(buttons.map((b) => b.click()));
  for (const p of pages) await expect(p.getByTestId("execute-now-result")).toBeVisible();

  const [job] = await db`select id from scheduled_jobs where name = ${JOB}`;
  const runsOf = () => db`select id, state, created_at, ended_at from job_results where job_id = ${job!.id} order by created_at`;
  await expect.poll(async () => (await runsOf()).map((r) => r.state).join(","), { timeout: 60_000 }).toMatch(/^completed(,completed)?$/);
  const runs = await runsOf();
  // Never two runs of the job open at once. The clean-up takes a fraction of a second: on a loaded
  // machine one click can reach its instance after the other's run has ended, and then rightly starts
  // a run of its own, after the first one's end.
  for (let i = 1; i < runs.length; i++) expect(runs[i]!.created_at.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.ended_at.getTime());
  for (const run of runs) {
    const closed = await count(db`select count(*)::int as n from audit_log where entity_type = 'job_result' and entity_id = ${run.id} and action = 'job.completed'`);
    expect(closed).toBe(1);
  }
  const answers = (await Promise.all(pages.map((p) => p.getByTestId("execute-now-result").textContent()))).map((a) => a ?? "").sort();
  const queued = "The run is queued; its progress shows here.";
  if (runs.length === 2) {
    expect(answers).toEqual([queued, queued]);
    return;
  }
  // One click queued the run; the other was told, in words, that it was already running.
  expect(answers[0], answers.join(" | ")).toMatch(new RegExp(`^${JOB} is already running \\(started .+\\)\\. Wait for it to finish\\.$`));
  expect(answers[1]).toBe(queued);
});

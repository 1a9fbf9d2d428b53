import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { openDb, type DbHandle } from "../lib/db/client";
import { migrateDb } from "../lib/db/migrate";
import { callSimulatorControl } from "../e2e/miro-simulator/control-client";
import {
  connectionAliases,
  connections,
  integrationProfiles,
  jobResults,
  scheduledJobs,
  softwareModels,
  subscriptionIdentifierExclusionRules,
  subscriptionIdentifiers,
} from "../lib/db/schema";
import { createMiroAdapter, miroEdition } from "../lib/integrations/miro/adapter";
import { MIRO_DEFAULT_EXCLUDED_IDENTIFIERS, MIRO_DEFAULT_PAID_IDENTIFIERS } from "../lib/integrations/miro/settings";
import { encryptSecret } from "../lib/security/secrets";

/*
 * What the benchmarks share: a fresh PostgreSQL database they create and drop, the Miro simulator in
 * a process of its own (as Miro is: its page serving does not share our event loop), and a published
 * profile with a real OAuth connection (a token minted by the simulator's control API), its models,
 * identifier map and free-license exclusion rules, as Publish creates them.
 */

export const BASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const ENCRYPTION_KEY = randomBytes(32).toString("base64");
const REDIRECT_URI = "http://localhost:3000/api/integrations/miro/oauth/callback";
const ROOT = path.resolve(__dirname, "..");

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const next = process.argv[i + 1];
  return next === undefined || next.startsWith("--") ? "" : next;
}
export const flag = (name: string) => process.argv.includes(`--${name}`);
export function numberArg(name: string, fallback: number): number {
  const v = Number(arg(name));
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

export type BenchDb = DbHandle & { name: string; url: string; drop: () => Promise<void> };

export async function createBenchDb(prefix: string): Promise<BenchDb> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  const handle = await openDb({ databaseUrl: url.toString() });
  await migrateDb(handle);
  return {
    ...handle,
    name,
    url: url.toString(),
    drop: async () => {
      await handle.close().catch(() => undefined);
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export type Sim = {
  url: string;
  child: ChildProcess;
  orgId: string;
  control: <T = unknown>(method: string, p: string, body?: unknown) => Promise<T>;
  stop: () => Promise<void>;
};

export async function startSimProcess(members: number, options: { rateLimit?: boolean; seed?: number } = {}): Promise<Sim> {
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, "node_modules/tsx/dist/cli.mjs"),
      path.join(ROOT, "e2e/miro-simulator/cli.ts"),
      "--port",
      "0",
      "--members",
      String(members),
      "--seed",
      String(options.seed ?? 1),
      "--rate-limit",
      options.rateLimit ? "on" : "off",
    ],
    { stdio: ["ignore", "pipe", "inherit"], cwd: ROOT },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = buffer.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`the simulator exited (${code})`)));
  });
  child.stdout!.resume();
  const control = <T = unknown>(method: string, p: string, body?: unknown): Promise<T> => callSimulatorControl<T>(url, method, p, body);
  const state = await control<{ org: { id: string } }>("GET", "/state");
  return {
    url,
    child,
    orgId: state.org.id,
    control,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

export const simAdapter = (sim: Sim) => createMiroAdapter({ authorizeBaseUrl: sim.url, apiBaseUrl: sim.url, scimBaseUrl: `${sim.url}/api/v1/scim` });

export type BenchProfile = { profileId: string; jobId: string; aliasId: string };

/**
 * A published profile on the simulator's organization, with what Publish creates, and an active
 * connection holding a token pair the simulator issued. `key` names the alias and the profile.
 */
export async function setupProfile(handle: DbHandle, sim: Sim, key: string): Promise<BenchProfile> {
  const db = handle.db;
  const creds = (await sim.control<{ credentials: { clientId: string; clientSecret: string } }>("GET", "/state")).credentials;
  const token = await sim.control<{ access_token: string; refresh_token?: string; expires_in?: number; scope: string }>("POST", "/tokens", { clientId: creds.clientId });
  const aliasId = `bench.${key}`;
  await db.insert(connectionAliases).values({ id: aliasId, name: `Bench ${key}`, vendorId: "miro", kind: "oauth" });
  await db.insert(connections).values({
    aliasId,
    name: `Bench ${key}`,
    status: "active",
    clientId: creds.clientId,
    redirectUrl: REDIRECT_URI,
    clientSecretEnc: encryptSecret(creds.clientSecret, ENCRYPTION_KEY),
    accessTokenEnc: encryptSecret(token.access_token, ENCRYPTION_KEY),
    refreshTokenEnc: token.refresh_token ? encryptSecret(token.refresh_token, ENCRYPTION_KEY) : null,
    accessTokenExpiresAt: token.expires_in ? new Date(Date.now() + token.expires_in * 1000) : null,
    tokenObtainedAt: new Date(),
    scopes: token.scope.split(/\s+/).filter(Boolean),
    tokenContext: { organizationId: sim.orgId },
  });
  const [profile] = await db
    .insert(integrationProfiles)
    .values({
      displayName: `Bench ${key}`,
      profileType: "miro_enterprise_subscription",
      vendorId: "miro",
      status: "published",
      publishedAt: new Date(),
      downloadConnectionAliasId: aliasId,
      settings: { organizationId: sim.orgId },
    })
    .returning({ id: integrationProfiles.id });
  const profileId = profile!.id;
  // Publish's rows (lib/services/profiles/publish-profile.ts): shared by every profile of the type.
  const existing = await db.select().from(subscriptionIdentifiers);
  if (existing.length === 0) {
    for (const identifier of MIRO_DEFAULT_PAID_IDENTIFIERS) {
      const edition = miroEdition(identifier);
      const [model] = await db
        .insert(softwareModels)
        .values({ displayName: `Miro Enterprise — ${edition}`, publisher: "Miro", product: "Miro Enterprise", edition, profileId })
        .returning({ id: softwareModels.id });
      await db.insert(subscriptionIdentifiers).values({ profileType: "miro_enterprise_subscription", identifier, softwareModelId: model!.id });
    }
    for (const identifier of MIRO_DEFAULT_EXCLUDED_IDENTIFIERS) {
      await db.insert(subscriptionIdentifierExclusionRules).values({ profileType: "miro_enterprise_subscription", identifier });
    }
  }
  const [job] = await db
    .insert(scheduledJobs)
    .values({ name: `SAM - Refresh Bench ${key} Subscriptions`, kind: "download_subscriptions", profileId, cron: "0 2 * * *" })
    .returning({ id: scheduledJobs.id });
  return { profileId, jobId: job!.id, aliasId };
}

/** A running job result, as the job engine creates it before calling runDownload. */
export async function openRun(handle: DbHandle, p: BenchProfile): Promise<string> {
  const [row] = await handle.db
    .insert(jobResults)
    .values({ jobId: p.jobId, profileId: p.profileId, state: "running", trigger: "manual", startedAt: new Date() })
    .returning({ id: jobResults.id });
  return row!.id;
}

export async function closeRun(handle: DbHandle, id: string, error?: unknown): Promise<void> {
  const { eq } = await import("drizzle-orm");
  await handle.db
    .update(jobResults)
    .set(error ? { state: "failed", endedAt: new Date(), errorText: String((error as Error).message ?? error) } : { state: "completed", endedAt: new Date() })
    .where(eq(jobResults.id, id));
}

export const seconds = (ms: number) => Math.round(ms) / 1000;
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (typeof c === "number" ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join("  ")).join("\n");
}

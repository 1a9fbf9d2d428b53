import "../helpers/test-env";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { personActor, type PersonActor } from "@/lib/auth/actor";
import { connections, integrationProfiles, users } from "@/lib/db/schema";
import { aliasesSpec } from "@/lib/lists/aliases-spec";
import { profilesSpec } from "@/lib/lists/profiles-spec";
import { vault } from "@/lib/security/vault";
import { getAliasRecord } from "@/lib/services/connections/alias-record";
import { connectionOutcome } from "@/lib/services/connections/connection-outcome";
import { createApiTokenConnection } from "@/lib/services/connections/create-api-token-connection";
import { ensureVendorAliases } from "@/lib/services/connections/ensure-vendor-aliases";
import { listAliases } from "@/lib/services/connections/list-aliases";
import { startOAuthConnection } from "@/lib/services/connections/start-oauth-connection";
import { getProfile } from "@/lib/services/profiles/get-profile";
import { listProfiles } from "@/lib/services/profiles/list-profiles";
import { loadProfilePage } from "@/lib/services/profiles/profile-page-data";
import { parseListParams } from "@/lib/table/list-spec";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { MIRO_TYPE } from "./lists-fixtures";

/*
 * Item 14's secret scan, at the source: what a page hands to its components comes from these read
 * verbs, so none of their answers may carry a secret, in plaintext or as ciphertext. The Playwright
 * spec e2e/secrets-scan.spec.ts checks the rendered HTML and RSC payload of every page kind.
 */
const DOWNLOAD = "miro_spoke.Miro_Enterprise";
const RECLAIM = "miro_spoke.Miro_Enterprise_SCIM";
const SECRETS = {
  clientSecret: `client-secret-${randomBytes(8).toString("hex")}`,
  accessToken: `access-token-${randomBytes(8).toString("hex")}`,
  refreshToken: `refresh-token-${randomBytes(8).toString("hex")}`,
  apiToken: `scim-token-${randomBytes(8).toString("hex")}`,
};

let t: TestDb;
let integrator: PersonActor;
let profileId: string;
let oauthId: string;
let tokenId: string;
/** Every secret as the database holds it (ciphertext), and in plaintext, and the server's own keys. */
let forbidden: string[];

beforeAll(async () => {
  t = await createTestDb("postgres");
  await ensureVendorAliases(t.db);
  const [person] = await t.db.insert(users).values({ email: "int@example.com", name: "Int", passwordHash: "x", roles: ["sam_integrator", "sam_admin"] }).returning();
  integrator = personActor(person!);
  const ctx = { db: t.db, actor: integrator };
  await startOAuthConnection(ctx, { aliasId: DOWNLOAD, name: "Miro OAuth", clientId: "client-id-1", clientSecret: SECRETS.clientSecret });
  const [pending] = await t.db.select().from(connections).where(eq(connections.aliasId, DOWNLOAD));
  oauthId = pending!.id;
  // As the OAuth callback leaves it: active, with both tokens stored encrypted.
  await t.db
    .update(connections)
    .set({ status: "active", accessTokenEnc: vault.encrypt(SECRETS.accessToken), refreshTokenEnc: vault.encrypt(SECRETS.refreshToken), tokenObtainedAt: new Date() })
    .where(eq(connections.id, oauthId));
  tokenId = (await createApiTokenConnection(ctx, { aliasId: RECLAIM, name: "Miro SCIM", apiToken: SECRETS.apiToken })).connectionId;
  const [profile] = await t.db
    .insert(integrationProfiles)
    .values({ displayName: "Miro", profileType: MIRO_TYPE, vendorId: "miro", downloadConnectionAliasId: DOWNLOAD, reclaimConnectionAliasId: RECLAIM })
    .returning();
  profileId = profile!.id;
  const stored = await t.db.select().from(connections);
  forbidden = [
    ...Object.values(SECRETS),
    ...stored.flatMap((c) => [c.clientSecretEnc, c.accessTokenEnc, c.refreshTokenEnc, c.apiTokenEnc]).filter((v): v is string => !!v),
    process.env.OPENSAM_ENCRYPTION_KEY!,
    process.env.AUTH_SECRET!,
  ];
  expect(forbidden.length).toBe(4 + 4 + 2);
});
afterAll(() => t?.dispose());

function expectNoSecret(answer: unknown): void {
  const text = JSON.stringify(answer);
  expect(text.length).toBeGreaterThan(2);
  for (const secret of forbidden) expect(text).not.toContain(secret);
  // No ciphertext of any key, and no field named like one.
  expect(text).not.toMatch(/"v1\.[A-Za-z0-9_-]+\./);
  expect(text).not.toMatch(/Enc"\s*:|_enc"\s*:|"(clientSecret|accessToken|refreshToken|apiToken)"\s*:/);
}

describe("the read verbs behind the pages carry no secret", () => {
  it("an alias's record page (active connection and history)", async () => {
    expectNoSecret(await getAliasRecord(t.db, DOWNLOAD));
    expectNoSecret(await getAliasRecord(t.db, RECLAIM));
  });

  it("the Connections list", async () => {
    const { rows } = await listAliases({ db: t.db, actor: integrator }, { params: parseListParams(aliasesSpec, {}) });
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expectNoSecret(rows);
  });

  it("the outcome banner of a connection", async () => {
    expectNoSecret(await connectionOutcome({ db: t.db, actor: integrator }, { connectionId: oauthId }));
    expectNoSecret(await connectionOutcome({ db: t.db, actor: integrator }, { connectionId: tokenId }));
  });

  it("a profile's page, the profile and the profiles list", async () => {
    const ctx = { db: t.db, actor: integrator };
    expectNoSecret(await loadProfilePage(ctx, { profileId }));
    expectNoSecret(await getProfile(ctx, { id: profileId }));
    expectNoSecret((await listProfiles(ctx, { params: parseListParams(profilesSpec, {}) })).rows);
  });

  it("the check itself finds a secret where there is one", () => {
    expect(() => expectNoSecret({ note: `token ${SECRETS.apiToken}` })).toThrow();
    expect(() => expectNoSecret({ accessTokenEnc: "x" })).toThrow();
  });
});

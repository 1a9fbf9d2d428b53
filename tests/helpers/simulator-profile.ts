import { expect } from "vitest";
import type { MiroSimulator } from "@/e2e/miro-simulator/server";
import type { PersonActor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { completeOAuth } from "@/lib/services/connections/complete-oauth";
import { createApiTokenConnection } from "@/lib/services/connections/create-api-token-connection";
import { startOAuthConnection } from "@/lib/services/connections/start-oauth-connection";
import { createProfile } from "@/lib/services/profiles/create-profile";
import { publishProfile } from "@/lib/services/profiles/publish-profile";
import { validateProfile } from "@/lib/services/profiles/validate-profile";
import { simControl } from "./sim-control";

export const DOWNLOAD_ALIAS = "miro_spoke.Miro_Enterprise";
export const RECLAIM_ALIAS = "miro_spoke.Miro_Enterprise_SCIM";

/**
 * Create and Get OAuth Token as an integrator does it, through the services, with the simulated
 * Company Admin's consent given by the simulator's control API (POST /__sim/authorize).
 */
export async function consentMiroOAuth(db: Db, sim: MiroSimulator, actor: PersonActor): Promise<void> {
  const { authorizeUrl } = await startOAuthConnection(
    { db, actor },
    { aliasId: DOWNLOAD_ALIAS, name: "Miro Enterprise", clientId: sim.state.demo.clientId, clientSecret: sim.state.demo.clientSecret },
  );
  const url = new URL(authorizeUrl);
  const state = url.searchParams.get("state")!;
  const { code } = await simControl<{ code: string }>(sim, "POST", "/authorize", { clientId: sim.state.demo.clientId, redirectUri: url.searchParams.get("redirect_uri"), state });
  expect((await completeOAuth({ db, actor }, { vendorId: "miro", query: { state, code } })).ok).toBe(true);
}

/** A Miro Enterprise profile connected (OAuth + SCIM token), validated and published through the services. */
export async function publishSimulatorProfile(db: Db, sim: MiroSimulator, actor: PersonActor, displayName: string): Promise<{ profileId: string; jobId: string }> {
  const { id: profileId } = await createProfile({ db, actor }, { vendorId: "miro", displayName, reclaimEnabled: true });
  await consentMiroOAuth(db, sim, actor);
  await createApiTokenConnection({ db, actor }, { aliasId: RECLAIM_ALIAS, name: "Miro Enterprise SCIM", apiToken: sim.state.demo.scimToken });
  expect((await validateProfile({ db, actor }, { id: profileId })).ok).toBe(true);
  const { jobId } = await publishProfile({ db, actor }, { id: profileId });
  return { profileId, jobId };
}

import { eq } from "drizzle-orm";
import { actorUserId, authorize } from "../../auth/actor";
import { integrationProfiles, type ProfileValidationCheck, type ProfileValidationResult } from "../../db/schema";
import { getAdapter } from "../../integrations/registry";
import { VendorError } from "../../integrations/types";
import { vault } from "../../security/vault";
import { writeAudit } from "../audit/write-audit";
import { activeConnection } from "../connections/aliases";
import { dbTokenStore } from "../connections/token-store";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { getProfile } from "./get-profile";
import { profileIdInput } from "./profile-input";

function missing(key: string, label: string, process: "download" | "reclaim", message: string): ProfileValidationCheck {
  return { key, label, process, ok: false, message };
}

/**
 * **Validate Connection**: the download checks (which gate Publish) and, beside them, the read-only
 * reclaim check. Nothing is changed at the vendor. The result is recorded with who ran it and when.
 */
export async function validateProfile(ctx: ServiceContext, raw: { id: string }): Promise<ProfileValidationResult> {
  authorize(ctx.actor, "profiles:manage", "validate integration profiles");
  const { id } = parseInput(profileIdInput, raw);
  const db = ctx.db;
  const profile = await getProfile(ctx, { id });
  const adapter = getAdapter(profile.vendorId);
  const settings = adapter.settingsSchema.parse(profile.settings);
  const checks: ProfileValidationCheck[] = [];

  const download = profile.downloadConnectionAliasId ? await activeConnection(db, profile.downloadConnectionAliasId) : null;
  if (!download) {
    checks.push(
      missing("token", "OAuth token", "download", `${profile.downloadConnectionAliasId ?? "The download alias"} has no connection yet. Open it and select Create New Connection & Credential.`),
    );
  } else {
    try {
      checks.push(...(await adapter.validateDownload(dbTokenStore(db, download.id), settings)));
    } catch (error) {
      if (!(error instanceof VendorError)) throw error;
      checks.push(missing("token", "OAuth token", "download", error.message));
    }
  }

  const reclaim = profile.reclaimConnectionAliasId ? await activeConnection(db, profile.reclaimConnectionAliasId) : null;
  if (!reclaim?.apiTokenEnc) {
    checks.push(
      missing("scim_users", "Reclaim (read-only check)", "reclaim", `${profile.reclaimConnectionAliasId ?? "The reclaim alias"} has no API token yet. Open it and select Create New Connection & Credential.`),
    );
  } else {
    checks.push(await adapter.validateReclaim(vault.decrypt(reclaim.apiTokenEnc)));
  }

  const downloadChecks = checks.filter((c) => c.process === "download");
  const result: ProfileValidationResult = { ok: downloadChecks.length > 0 && downloadChecks.every((c) => c.ok), checks };
  const context = download ? (await activeConnection(db, download.aliasId))?.tokenContext : undefined;
  const nextSettings = {
    ...profile.settings,
    ...(context?.organizationId ? { organizationId: context.organizationId } : {}),
    ...(context?.organizationName ? { organizationName: context.organizationName } : {}),
  };
  await db.transaction(async (tx) => {
    await tx
      .update(integrationProfiles)
      .set({ lastValidatedAt: new Date(), lastValidatedBy: actorUserId(ctx.actor), lastValidationResult: result, settings: nextSettings, updatedAt: new Date() })
      .where(eq(integrationProfiles.id, id));
    await writeAudit(tx, ctx.actor, {
      action: "profile.validate",
      entityType: "integration_profile",
      entityId: id,
      summary: `Validated ${profile.displayName}: ${result.ok ? "download checks passed" : "download checks failed"}`,
      after: result,
    });
  });
  return result;
}

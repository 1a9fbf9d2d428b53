import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { integrationProfiles, type IntegrationProfile } from "../../db/schema";
import { ServiceError } from "../../errors";

export async function getProfile(db: DbOrTx, id: string): Promise<IntegrationProfile> {
  const [p] = await db.select().from(integrationProfiles).where(eq(integrationProfiles.id, id)).limit(1);
  if (!p) throw new ServiceError("not_found", "This integration profile does not exist (it may have been deleted).");
  return p;
}

/** Display Name is unique among profiles, compared without case (it also names the daily job). */
export function isDisplayNameTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
  const inner = (e?.cause ?? e) as { code?: string; constraint_name?: string; constraint?: string };
  const constraint = inner?.constraint_name ?? inner?.constraint ?? "";
  return inner?.code === "23505" && constraint.includes("display_name");
}

export const displayNameTaken = () =>
  new ServiceError("conflict", "Another integration profile has this Display Name.", {
    displayName: ["Another integration profile has this Display Name. Choose another one."],
  });

import { eq } from "drizzle-orm";
import { authorize } from "../../auth/actor";
import { integrationProfiles, type IntegrationProfile } from "../../db/schema";
import { ServiceError } from "../../errors";
import type { ServiceContext } from "../context";
import { profileIdInput } from "./profile-input";

const notFound = () => new ServiceError("not_found", "This integration profile does not exist (it may have been deleted).");

/** One integration profile, for anyone who may see the workspace; an id that is no uuid is not found either. */
export async function getProfile(ctx: ServiceContext, raw: { id: string }): Promise<IntegrationProfile> {
  authorize(ctx.actor, "workspace:view", "see integration profiles");
  const parsed = profileIdInput.safeParse(raw);
  if (!parsed.success) throw notFound();
  const [p] = await ctx.db.select().from(integrationProfiles).where(eq(integrationProfiles.id, parsed.data.id)).limit(1);
  if (!p) throw notFound();
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

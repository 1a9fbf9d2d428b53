"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/actions/action";
import { createProfile } from "@/lib/services/profiles/create-profile";
import { deleteProfile } from "@/lib/services/profiles/delete-profile";
import { createProfileInput, profileIdInput, updateProfileInput } from "@/lib/services/profiles/profile-input";
import { publishProfile } from "@/lib/services/profiles/publish-profile";
import { updateProfile } from "@/lib/services/profiles/update-profile";
import { validateProfile } from "@/lib/services/profiles/validate-profile";
import { requestRun } from "@/lib/services/jobs/request-run";
import { ServiceError } from "@/lib/errors";

export const createProfileAction = defineAction({
  permission: "profiles:manage",
  what: "create integration profiles",
  schema: createProfileInput,
  handler: async (input, ctx) => {
    const { id } = await createProfile(ctx, input);
    redirect(`/integration-profiles/${id}?saved=1`);
  },
});

export const updateProfileAction = defineAction({
  permission: "profiles:manage",
  what: "edit integration profiles",
  schema: updateProfileInput,
  handler: async (input, ctx) => {
    const { backToDraft } = await updateProfile(ctx, input);
    revalidatePath(`/integration-profiles/${input.id}`, "layout");
    return { data: { backToDraft }, message: backToDraft ? "Saved. The connection changed, so the profile is back to Draft: validate and publish it again." : "Saved." };
  },
});

export const validateProfileAction = defineAction({
  permission: "profiles:manage",
  what: "validate integration profiles",
  schema: profileIdInput,
  handler: async (input, ctx) => {
    const result = await validateProfile(ctx, { id: input.id });
    revalidatePath(`/integration-profiles/${input.id}`, "layout");
    return { data: result, message: result.ok ? "Connection validated: every download check passed." : "Validation failed: see the checks below." };
  },
});

export const publishProfileAction = defineAction({
  permission: "profiles:manage",
  what: "publish integration profiles",
  schema: profileIdInput,
  handler: async (input, ctx) => {
    const { jobId } = await publishProfile(ctx, { id: input.id });
    // Publish starts the first download at once (product.md §3); a run already open is fine.
    let started = true;
    await requestRun(ctx, { scheduledJobId: jobId, trigger: "publish" }).catch((error: unknown) => {
      if (!(error instanceof ServiceError && error.code === "conflict")) throw error;
      started = false;
    });
    revalidatePath(`/integration-profiles/${input.id}`, "layout");
    return {
      data: null,
      message: started
        ? "Published. The first download has started; the daily job is scheduled."
        : "Published. A download is already running; the daily job is scheduled.",
    };
  },
});

export const deleteProfileAction = defineAction({
  permission: "profiles:manage",
  what: "delete integration profiles",
  schema: profileIdInput,
  handler: async (input, ctx) => {
    await deleteProfile(ctx, { id: input.id });
    revalidatePath("/integration-profiles");
    redirect("/integration-profiles?deleted=1");
  },
});

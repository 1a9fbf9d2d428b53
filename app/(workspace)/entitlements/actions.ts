"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/action";
import { entitlementInputSchema } from "@/lib/services/entitlements/entitlement-input";
import { saveEntitlement } from "@/lib/services/entitlements/entitlements";

/** Create or update an entitlement (sam_admin); back to the list with the answer. */
export const saveEntitlementAction = defineAction({
  permission: "entitlements:manage",
  what: "manage entitlements",
  schema: entitlementInputSchema,
  handler: async (input, ctx) => {
    await saveEntitlement(ctx, input);
    revalidatePath("/", "layout");
    redirect("/entitlements?saved=1");
  },
});

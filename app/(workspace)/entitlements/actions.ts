"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/action";
import { entitlementInputSchema } from "@/lib/services/entitlements/entitlement-input";
import { saveEntitlement } from "@/lib/services/entitlements/entitlements";
import { entitlementImportText, importEntitlementsCsv, importEntitlementsInput } from "@/lib/services/entitlements/import-entitlements-csv";

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

/**
 * **Import CSV** of entitlements (sam_admin): `preview` checks the file and writes nothing; `import`
 * creates every line in one transaction, or nothing when a line is bad. The browser sends the text.
 */
export const importEntitlementsAction = defineAction({
  permission: "entitlements:manage",
  what: "manage entitlements",
  schema: importEntitlementsInput,
  handler: async (input, ctx) => {
    const summary = await importEntitlementsCsv(ctx, input);
    if (summary.committed) revalidatePath("/", "layout");
    return { data: summary, message: entitlementImportText(summary) };
  },
});

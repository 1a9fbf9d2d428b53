"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/action";
import { createIdentifierExclusion } from "@/lib/services/exclusions/create-identifier-exclusion";
import { createUserExclusion } from "@/lib/services/exclusions/create-user-exclusion";
import { createIdentifierExclusionInput, createUserExclusionInput, setExclusionRuleActiveInput } from "@/lib/services/exclusions/exclusion-input";
import { setExclusionRuleActive } from "@/lib/services/exclusions/set-exclusion-rule-active";

const remarked = (n: number) => `${n.toLocaleString("en")} subscription${n === 1 ? "" : "s"} re-marked.`;

export const createIdentifierExclusionAction = defineAction({
  permission: "exclusions:manage",
  what: "manage exclusion rules",
  schema: createIdentifierExclusionInput,
  handler: async (input, ctx) => {
    const r = await createIdentifierExclusion(ctx, input);
    revalidatePath("/", "layout");
    return { data: r, message: `Subscriptions with ${input.identifier} are now excluded; ${remarked(r.changed)}` };
  },
});

export const createUserExclusionAction = defineAction({
  permission: "exclusions:manage",
  what: "manage exclusion rules",
  schema: createUserExclusionInput,
  handler: async (input, ctx) => {
    const r = await createUserExclusion(ctx, input);
    revalidatePath("/", "layout");
    return { data: r, message: `${input.userPrincipalName} is now excluded; ${remarked(r.changed)}` };
  },
});

export const setExclusionRuleActiveAction = defineAction({
  permission: "exclusions:manage",
  what: "manage exclusion rules",
  schema: setExclusionRuleActiveInput,
  handler: async (input, ctx) => {
    const r = await setExclusionRuleActive(ctx, input);
    revalidatePath("/", "layout");
    return { data: r, message: `The rule for ${r.label} is ${input.active ? "active" : "inactive"}; ${remarked(r.changed)}` };
  },
});

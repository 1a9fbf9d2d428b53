"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/action";
import { mapIdentifierInput } from "@/lib/services/identifiers/identifier-input";
import { mapIdentifier } from "@/lib/services/identifiers/map-identifier";

export const mapIdentifierAction = defineAction({
  permission: "identifiers:map",
  what: "map subscription identifiers to software models",
  schema: mapIdentifierInput,
  handler: async (input, ctx) => {
    const result = await mapIdentifier(ctx, input);
    // The profile tabs, the global lists and the models' counts all change.
    revalidatePath("/", "layout");
    const n = result.updated;
    return {
      data: result,
      message: `${input.identifier} is mapped to ${result.modelName}${result.createdModel ? " (new model)" : ""}; ${n.toLocaleString("en")} subscription${n === 1 ? "" : "s"} updated.`,
    };
  },
});

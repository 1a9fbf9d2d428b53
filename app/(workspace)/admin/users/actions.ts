"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/action";
import { createUser } from "@/lib/services/users/create-user";
import { updateUser } from "@/lib/services/users/update-user";
import { createUserInput, updateUserInput } from "@/lib/services/users/user-input";

export const createUserAction = defineAction({
  permission: "users:manage",
  what: "create people",
  schema: createUserInput,
  handler: async (input, ctx) => {
    const created = await createUser(ctx, input);
    revalidatePath("/admin/users");
    return { data: created, message: `${input.email} can now sign in.` };
  },
});

export const updateUserAction = defineAction({
  permission: "users:manage",
  what: "change people's roles",
  schema: updateUserInput,
  handler: async (input, ctx) => {
    await updateUser(ctx, input);
    revalidatePath("/admin/users");
    return { data: null, message: "Saved." };
  },
});

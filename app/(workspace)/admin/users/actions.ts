"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { createUser } from "@/lib/services/users/create-user";
import { updateUser } from "@/lib/services/users/update-user";
import { createUserInput, updateUserInput } from "@/lib/services/users/user-input";

export const createUserAction = defineAction({
  permission: "users:manage",
  what: "create people",
  schema: createUserInput,
  handler: async (input, actor) => {
    const created = await createUser(await getDb(), actor, input);
    revalidatePath("/admin/users");
    return { data: created, message: `${input.email} can now sign in.` };
  },
});

export const updateUserAction = defineAction({
  permission: "users:manage",
  what: "change people's roles",
  schema: updateUserInput,
  handler: async (input, actor) => {
    await updateUser(await getDb(), actor, input);
    revalidatePath("/admin/users");
    return { data: null, message: "Saved." };
  },
});

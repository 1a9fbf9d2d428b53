"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/action";
import { createDirectoryUser } from "@/lib/services/directory/create-directory-user";
import { createDirectoryUserInput, importDirectoryInput } from "@/lib/services/directory/directory-input";
import { importDirectoryCsv, importSummaryText } from "@/lib/services/directory/import-directory-csv";

export const createDirectoryUserAction = defineAction({
  permission: "directory:manage",
  what: "manage the user directory",
  schema: createDirectoryUserInput,
  handler: async (input, ctx) => {
    const created = await createDirectoryUser(ctx, input);
    revalidatePath("/admin/user-directory");
    return { data: created, message: `${input.name} (${input.email}) is in the user directory.` };
  },
});

/**
 * **Import CSV**: `preview` checks the file and says what an import would do, writing nothing;
 * `import` writes it (one transaction). The browser reads the file and sends its text.
 */
export const importDirectoryAction = defineAction({
  permission: "directory:manage",
  what: "manage the user directory",
  schema: importDirectoryInput,
  handler: async (input, ctx) => {
    const summary = await importDirectoryCsv(ctx, input);
    if (summary.committed) revalidatePath("/admin/user-directory");
    const text = importSummaryText(summary);
    return { data: summary, message: summary.committed ? `Imported: ${text}.` : `Preview: ${text}. Nothing is written until you select Import.` };
  },
});

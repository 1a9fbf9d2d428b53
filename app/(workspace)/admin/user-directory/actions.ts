"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { createDirectoryUser } from "@/lib/services/directory/create-directory-user";
import { createDirectoryUserInput, importDirectoryInput } from "@/lib/services/directory/directory-input";
import { importDirectoryCsv, importSummaryText } from "@/lib/services/directory/import-directory-csv";

export const createDirectoryUserAction = defineAction({
  permission: "directory:manage",
  what: "manage the user directory",
  schema: createDirectoryUserInput,
  handler: async (input, actor) => {
    const created = await createDirectoryUser(await getDb(), actor, input);
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
  handler: async (input, actor) => {
    const summary = await importDirectoryCsv(await getDb(), actor, input.csv, { commit: input.mode === "import", fileName: input.fileName });
    if (summary.committed) revalidatePath("/admin/user-directory");
    const text = importSummaryText(summary);
    return { data: summary, message: summary.committed ? `Imported: ${text}.` : `Preview: ${text}. Nothing is written until you select Import.` };
  },
});

import { z } from "zod";
import { textField } from "../text-input";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, textField(max).optional());

export const emailField = z.string().trim().toLowerCase().max(320, "Use at most 320 characters.").pipe(z.email("Enter a valid email address."));

/** `active` from a form check box or a CSV cell: blank means active. */
export const activeField = z.preprocess(
  (v) => (v === undefined || v === null ? "" : String(v).trim().toLowerCase()),
  z
    .enum(["", "on", "true", "false", "yes", "no", "1", "0", "active", "inactive"], { message: "Write true or false." })
    .transform((v) => !["false", "no", "0", "inactive"].includes(v)),
);

export const directoryUserFields = {
  name: textField(200, "Enter the person's name."),
  email: emailField,
  userName: optionalText(200),
  department: optionalText(200),
  costCenter: optionalText(100),
  managerEmail: z.preprocess(blankToUndefined, emailField.optional()),
};

/** **New person** in the user directory (the dialog). */
export const createDirectoryUserInput = z.object({
  ...directoryUserFields,
  // An unchecked check box sends nothing: the dialog sends "false" in a hidden field.
  active: activeField,
});
export type CreateDirectoryUserInput = z.infer<typeof createDirectoryUserInput>;

/** One row of an imported CSV file, keyed by its column names. */
export const directoryCsvRow = z.object({
  name: directoryUserFields.name,
  email: directoryUserFields.email,
  user_name: directoryUserFields.userName,
  department: directoryUserFields.department,
  cost_center: directoryUserFields.costCenter,
  manager_email: directoryUserFields.managerEmail,
  active: activeField,
});
export type DirectoryCsvRow = z.infer<typeof directoryCsvRow>;

export const importDirectoryInput = z.object({
  csv: z.string().min(1, "Choose a CSV file.").max(5_000_000, "The file is larger than 5 MB: split it into several files."),
  mode: z.enum(["preview", "import"]),
  fileName: textField(300).optional(),
});
export type ImportDirectoryInput = z.infer<typeof importDirectoryInput>;

import "server-only";
import { z } from "zod";
import { ServiceError } from "../errors";
import { DYNAMIC_VALUE_SHAPE, parseRange, type FilterDef, type ListSpec } from "../table/list-spec";

/**
 * The CSV export's URL parameters, checked strictly with zod before the file starts. The screen
 * forgives a malformed value (it falls back to the default); a file must not: a download sorted or
 * filtered otherwise than asked looks right and is wrong, so a bad value is a 400 naming it.
 * `page`, `perPage` and `cursor` come along from the screen's URL and are ignored (the file has
 * every page); other keys the list does not know are ignored too, as the page's own state.
 */

/** An empty or blank value is no value, as on the screen (a cleared filter can leave `q=`). */
const optional = (schema: z.ZodType) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

function filterValue(key: string, def: FilterDef): z.ZodType {
  const name = `The filter "${def.label}" (${key})`;
  const value = z.string().trim().max(200, `${name} is longer than 200 characters.`);
  switch (def.kind) {
    case "text":
      return value;
    case "boolean":
      return z.enum(["true", "false"], `${name} takes true or false.`);
    case "range":
      return value.refine((v) => parseRange(v) !== null, `${name} takes a range such as 10..90, 10.. or ..90.`);
    case "select":
      if (def.dynamic) return value.regex(DYNAMIC_VALUE_SHAPE, `${name} has a value that is not one of its choices.`);
      return value.refine(
        (v) => def.options.some((o) => o.value === v),
        { error: (issue) => `${name} has no choice "${String(issue.input)}"; its choices are ${def.options.map((o) => o.value).join(", ")}.` },
      );
  }
}

/** The zod schema of one list's export parameters; `profile` is required for a list scoped to a profile. */
export function exportParamsSchema(spec: ListSpec, scopedToProfile: boolean) {
  const sortKeys = spec.sortable.flatMap((s) => [`${s}.asc`, `${s}.desc`]);
  const columnIds = new Set(spec.columns.map((c) => c.id));
  const filters = Object.fromEntries(Object.entries(spec.filters).map(([key, def]) => [key, optional(filterValue(key, def as FilterDef))]));
  return z.object({
    ...filters,
    sort: optional(z.enum(sortKeys, `The sort must be one of ${sortKeys.join(", ")}.`)),
    hide: z
      .string()
      .optional()
      .superRefine((v, ctx) => {
        const unknown = (v ?? "").split(",").filter((id) => id !== "" && !columnIds.has(id));
        if (unknown.length) ctx.addIssue({ code: "custom", message: `This list has no column ${unknown.map((id) => `"${id}"`).join(", ")} to hide.` });
      }),
    ...(scopedToProfile ? { profile: z.uuid("This list belongs to an integration profile: give its id as ?profile=<id>.") } : {}),
  });
}

/** Throws a 400 (invalid_input) that names every bad parameter, in words. */
export function checkExportParams(spec: ListSpec, scopedToProfile: boolean, search: URLSearchParams): void {
  const schema = exportParamsSchema(spec, scopedToProfile);
  const raw: Record<string, string> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    if (values.length > 1 && key in schema.shape) throw new ServiceError("invalid_input", `The export cannot start: "${key}" is given ${values.length} times.`);
    raw[key] = values[0]!;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return;
  const reasons = parsed.error.issues.map((issue) => (issue.path.length && issue.message === "Invalid input" ? `"${issue.path.join(".")}" is not valid.` : issue.message));
  const fieldErrors = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join(".") || "params", [issue.message]]));
  throw new ServiceError("invalid_input", `The export cannot start: ${reasons.join(" ")}`, fieldErrors);
}

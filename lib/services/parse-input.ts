import { z } from "zod";
import { ServiceError } from "../errors";

/** Zod's issues keyed by field, the shape forms show beside their inputs. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    const messages = out[key] ?? [];
    messages.push(issue.message);
    out[key] = messages;
  }
  return out;
}

/**
 * A verb's own input check: a caller outside a form (a script, a test, another verb) gets the same
 * typed `invalid_input` error a form would, not a bare ZodError.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ServiceError("invalid_input", "Some fields need attention.", fieldErrorsOf(parsed.error));
  return parsed.data;
}

/**
 * A form's check box ("on", "true", "false" or nothing), or a boolean from code. Accepting its own
 * output lets the action and then the verb both parse the same input.
 */
export const checkboxField = z
  .union([z.boolean(), z.enum(["true", "false", "on"])])
  .optional()
  .transform((v) => v === true || v === "true" || v === "on");
